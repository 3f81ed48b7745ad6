# tenderlint: one image for the web app and the worker (docker-compose.yml picks the command).
# Two stages: Node builds the GOV.UK Frontend styles and script exactly as scripts/bootstrap does
# (`npm ci`, pinned by package-lock.json, then `npm run build`), and only the built files reach the
# Python image, so production pages are styled like the embedded `tenderlint serve` and no Node or
# node_modules ships. tests/test_container.py checks this file, .dockerignore and the compose file.

FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY service/static/src ./service/static/src
RUN mkdir -p service/static/vendor && npm run build

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
COPY --from=assets /build/service/static/vendor ./service/static/vendor
# Installed in place (-e): the rule pack in rules/, the templates, static files and the migrations
# are read from this source tree, not from site-packages. The code stays root-owned (the app
# cannot rewrite itself); only the instance folder (secret key, SQLite, uploads) is the user's.
RUN pip install -e ".[postgres]" \
    && useradd --create-home --uid 10001 tenderlint \
    && mkdir -p /app/instance && chown tenderlint /app/instance && chmod 0700 /app/instance

USER tenderlint
EXPOSE 8000
# waitress reads each request whole before a thread sees it, so slow clients cannot hold the web tier
CMD ["python", "-m", "service.web_server", "--host", "0.0.0.0", "--port", "8000"]
