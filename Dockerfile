# tenderlint: one image for the web app and the worker (docker-compose.yml picks the command).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    TENDERLINT_INSTANCE_DIR=/app/instance

# antiword reads legacy .doc files; poppler-utils gives pdftotext (the reference extractor).
RUN apt-get update \
    && apt-get install -y --no-install-recommends antiword poppler-utils \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY tenderlint ./tenderlint
COPY service ./service
COPY worker ./worker
COPY rules ./rules
# Installed in place (-e): the rule pack in rules/, the templates and the migrations are read from
# this source tree, not from site-packages.
RUN pip install -e ".[postgres]" \
    && useradd --create-home --uid 10001 tenderlint \
    && mkdir -p /app/instance && chown tenderlint /app/instance

USER tenderlint
EXPOSE 8000
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "--workers", "2", "--worker-class", "gthread", "--threads", "4", "service.wsgi:app"]
