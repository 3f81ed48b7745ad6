"""tenderlint: lint public-procurement documents for pitfalls that shut out small suppliers.

The package is the pure core: it turns bytes into a `Document` and, later, a `Report`.
It never imports Flask, Celery, Redis or SQLAlchemy, so the CLI, the web app and the
worker can all call it the same way.
"""

__version__ = "0.1.0"
