from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from waybill_ui.carriers.http import ProviderHTTP
from waybill_ui.carriers.sandbox import SandboxProvider
from waybill_ui.sandbox.server import PREFIX, Sandbox, SandboxConfig, build_router

KEY, CUSTOMER = "k" * 32, "SANDBOXTEST"


def make_sandbox(tmp_path, *, seed=0, speed=1.0, faults="") -> Sandbox:
    return Sandbox(
        SandboxConfig(seed=seed, speed=speed, customer=CUSTOMER, key=KEY, faults=faults),
        tmp_path / f"sandbox-{seed}.db",
    )


@pytest.fixture
def sandbox(tmp_path):
    box = make_sandbox(tmp_path)
    yield box
    box.close()


@pytest.fixture
async def provider(sandbox):
    """A SandboxProvider talking HTTP (in-process ASGI) to a network with no faults."""
    app = FastAPI()
    app.include_router(build_router(lambda: sandbox))
    http = ProviderHTTP(retries=0, timeout_s=2, transport=httpx.ASGITransport(app))
    yield SandboxProvider(http, base_url=f"http://net.test{PREFIX}", customer=CUSTOMER, key=KEY)
    await http.aclose()


class LiveServer:
    """A FastAPI app served by uvicorn on a real port in a thread (timeouts need real sockets)."""

    def __init__(self, app: FastAPI):
        import socket
        import threading

        import uvicorn

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        import time

        deadline = time.time() + 10
        while not self.server.started and time.time() < deadline:
            time.sleep(0.02)
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
