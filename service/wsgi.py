"""The WSGI entry point for gunicorn: `gunicorn service.wsgi:app` (schema migrated beforehand by
`python -m service.prepare` or `tenderlint serve`)."""

from service import create_app

app = create_app()
