# waybill_ui in one container: docker run -p 8080:8080 -v waybill-data:/data IMAGE
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    WAYBILL_DATA_DIR=/data WAYBILL_HOST=0.0.0.0 WAYBILL_PORT=8080

# /app is made and owned by the app's user before WORKDIR: WORKDIR would create it owned by root,
# and COPY --chown does not change an existing folder's owner, so the venv could not be created.
RUN useradd --create-home --uid 1000 waybill && mkdir /data /app && chown waybill:waybill /data /app
WORKDIR /app
COPY --chown=waybill:waybill . /app
USER waybill

# Same install step as the README.
RUN python3 -m venv .venv && .venv/bin/pip install --no-cache-dir -q -e .

VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["/app/.venv/bin/python", "-c", "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4).status == 200 else 1)"]
CMD ["/app/.venv/bin/waybill-ui", "serve"]
