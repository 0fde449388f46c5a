# waybill_ui in one container: docker run -p 8080:8080 -v waybill-data:/data IMAGE
# With PostgreSQL: docker compose up (docker-compose.yml; docs/scaling.md). docs/docker.md says
# what makes the image reproducible and how it was checked.
#
# Reproducible: the base image pinned by version and by digest (a tag can be pushed again, a
# digest cannot), the dependencies from requirements.lock installed before the source is copied
# (a source change reuses the cached dependency layer), and the app built with the locked build
# backend and installed as a regular (not editable) package into a venv owned by root, which
# the app's user cannot change. Regenerate the lock after changing dependencies in pyproject.toml
# (docs/docker.md; tests/test_packaging.py checks that they agree).
# BASE_IMAGE: the same image from a registry mirror where Docker Hub cannot be reached (mainland
# China, an offline shop): --build-arg BASE_IMAGE=mirror.example/library/python:3.11.11-slim-bookworm@sha256:…
ARG BASE_IMAGE=python:3.11.11-slim-bookworm@sha256:081075da77b2b55c23c088251026fb69a7b2bf92471e491ff5fd75c192fd38e5
FROM ${BASE_IMAGE}

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    WAYBILL_DATA_DIR=/data WAYBILL_HOST=0.0.0.0 WAYBILL_PORT=8080

# pg_dump / pg_restore for `waybill-ui backup|restore` on PostgreSQL (Debian 12: version 15).
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

# The app's user owns only its data folder; /app (code and venv) stays root's.
RUN useradd --create-home --uid 1000 waybill && mkdir /data /app && chown waybill:waybill /data
WORKDIR /app

COPY requirements.lock /app/requirements.lock
RUN python3 -m venv /app/.venv \
    && /app/.venv/bin/pip install --no-cache-dir -q -r /app/requirements.lock

COPY pyproject.toml README.md /app/src/
COPY waybill_ui /app/src/waybill_ui
# --no-build-isolation: the wheel is built with the setuptools/wheel of the lock, not whatever is newest.
RUN /app/.venv/bin/pip install --no-cache-dir -q --no-deps --no-build-isolation /app/src \
    && rm -rf /app/src && /app/.venv/bin/pip check

USER waybill
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["/app/.venv/bin/python", "-c", "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4).status == 200 else 1)"]
CMD ["/app/.venv/bin/waybill-ui", "serve"]
