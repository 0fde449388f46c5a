"""Issue 13 item 8: the embedded network checks its key and a size limit before it reads a body.

Driven at the ASGI level with a `receive` that counts what the server pulls, so the test sees
exactly how much of a body was read (a 200 MB request used to be read whole before the 401)."""

import asyncio
import json

from fastapi import FastAPI

from waybill_ui.sandbox.server import MAX_BODY_BYTES, PREFIX, Sandbox, SandboxConfig, build_router

CHUNK = 1024 * 1024


def make_app(tmp_path):
    sandbox = Sandbox(SandboxConfig(seed=1, speed=1.0, customer="C1", key="right-key", faults=""), tmp_path / "sb.db")
    app = FastAPI()
    app.include_router(build_router(lambda: sandbox))
    return app, sandbox


def call(app, path, *, headers, total_bytes, declare=True):
    """POST `total_bytes` in 1 MB chunks; returns (status, bytes the app pulled)."""
    pulled = 0
    sent = []

    async def receive():
        nonlocal pulled
        if pulled >= total_bytes:
            return {"type": "http.disconnect"}
        size = min(CHUNK, total_bytes - pulled)
        pulled += size
        return {
            "type": "http.request",
            "body": b"{" + b" " * (size - 1) if pulled == size else b" " * size,
            "more_body": pulled < total_bytes,
        }

    async def send(message):
        sent.append(message)

    raw = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    if declare:
        raw.append((b"content-length", str(total_bytes).encode()))
    scope = {
        "type": "http",
        "method": "POST",
        "path": PREFIX + path,
        "raw_path": (PREFIX + path).encode(),
        "query_string": b"",
        "headers": raw + [(b"content-type", b"application/json")],
        "client": ("10.0.0.66", 5555),
        "server": ("test", 80),
        "scheme": "http",
        "http_version": "1.1",
        "root_path": "",
    }
    asyncio.run(app(scope, receive, send))
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    return status, pulled


def test_no_key_is_refused_before_any_body_is_read(tmp_path):
    app, sandbox = make_app(tmp_path)
    try:
        status, pulled = call(app, "/api/waybills/refund", headers={}, total_bytes=200 * CHUNK)
        assert status == 401 and pulled == 0
        status, pulled = call(app, "/api/waybills/refund", headers={"X-Sandbox-Key": "wrong"}, total_bytes=200 * CHUNK)
        assert status == 401 and pulled == 0
    finally:
        sandbox.close()


def test_oversized_bodies_are_refused_announced_or_not(tmp_path):
    app, sandbox = make_app(tmp_path)
    try:
        status, pulled = call(
            app, "/api/waybills/refund", headers={"X-Sandbox-Key": "right-key"}, total_bytes=200 * CHUNK
        )
        assert status == 413 and pulled == 0
        # no Content-Length (chunked): reading stops just past the limit
        status, pulled = call(
            app, "/api/waybills/refund", headers={"X-Sandbox-Key": "right-key"}, total_bytes=200 * CHUNK, declare=False
        )
        assert status == 413 and pulled <= MAX_BODY_BYTES + CHUNK
        # the tracking form has a far smaller limit and no header key
        status, pulled = call(app, "/poll/query.do", headers={}, total_bytes=2 * CHUNK)
        assert status == 413 and pulled == 0
    finally:
        sandbox.close()


def test_a_normal_keyed_request_still_works(tmp_path):
    from starlette.testclient import TestClient

    app, sandbox = make_app(tmp_path)
    try:
        with TestClient(app) as client:
            ok = client.get(PREFIX + "/api/catalogue", headers={"X-Sandbox-Key": "right-key"})
            assert ok.status_code == 200 and ok.json()["carriers"]
            body = json.dumps({"carrier": "ZTO", "numbers": ["1"] * 10})
            refund = client.post(
                PREFIX + "/api/waybills/refund",
                content=body,
                headers={"X-Sandbox-Key": "right-key", "content-type": "application/json"},
            )
            assert refund.status_code != 413 and refund.status_code != 401
    finally:
        sandbox.close()
