"""The app as a real process (python -m waybill_ui serve) for crash, fault, fuzz and security tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from . import launch

OWNER_PASSWORD = "owner-pass-123"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


SENDER = {
    "name": "测试仓",
    "phone": "13900000000",
    "province": "浙江省",
    "city": "杭州市",
    "district": "余杭区",
    "address": "文一西路998号",
}


@dataclass
class LiveApp:
    data_dir: Path
    env: dict
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | launch.Forked | None = None
    token: str = ""
    # True: `python -m waybill_ui …` exactly as the README runs it; False: a fork of the
    # preloaded fork server (launch.py), the same code for half the start-up CPU
    exec_: bool = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.data_dir / "app.log"

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        if not self.exec_:
            return launch.run(list(args), self.env)
        return subprocess.run(
            [sys.executable, "-m", "waybill_ui", *args], env=self.env, capture_output=True, text=True, timeout=120
        )

    def start(self, timeout: float = 60) -> None:
        if self.exec_:
            with open(self.log_path, "a") as log:
                self.proc = subprocess.Popen(
                    [sys.executable, "-m", "waybill_ui", "serve"], env=self.env, stdout=log, stderr=subprocess.STDOUT
                )
        else:
            self.proc = launch.Forked(["serve"], self.env, self.log_path)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"app exited early:\n{self.log_path.read_text()[-3000:]}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.05)  # the crash tests restart the app dozens of times: notice it serving soon
        raise RuntimeError(f"app did not start:\n{self.log_path.read_text()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL: no shutdown handlers, no flushing — the crash case."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def login_token(self, username: str = "owner", password: str = OWNER_PASSWORD) -> str:
        response = httpx.post(f"{self.url}/api/v1/auth/token", json={"username": username, "password": password})
        response.raise_for_status()
        token = response.json()["token"]
        if username == "owner":  # past the first run: shipping and printing need the shop's sender
            sender = httpx.put(
                f"{self.url}/api/v1/shop/sender", headers={"Authorization": f"Bearer {token}"}, json=SENDER, timeout=30
            )
            sender.raise_for_status()
        return token

    def scalar(self, sql: str):
        """One value straight from the database file (read-only), as an outside check."""
        import sqlite3

        conn = sqlite3.connect(f"file:{self.data_dir / 'waybill.db'}?mode=ro", uri=True, timeout=30)
        try:
            return conn.execute(sql).fetchone()[0]
        finally:
            conn.close()

    def client(self, token: str | None = None, **kwargs) -> httpx.Client:
        token = token or self.token
        return httpx.Client(base_url=self.url, headers={"Authorization": f"Bearer {token}"}, timeout=60, **kwargs)


def make_live_app(data_dir: Path, *, exec_: bool = False, **env_overrides: str) -> LiveApp:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WAYBILL_", "NICEGUI_", "PYTEST"))}
    app = LiveApp(data_dir=data_dir, env=env, exec_=exec_)
    env.update(
        {"WAYBILL_DATA_DIR": str(data_dir), "WAYBILL_HOST": "127.0.0.1", "WAYBILL_PORT": str(app.port), **env_overrides}
    )
    data_dir.mkdir(parents=True, exist_ok=True)
    created = app.cli("create-user", "owner", "--password", OWNER_PASSWORD, "--role", "owner")
    assert created.returncode == 0, created.stderr
    return app


@pytest.fixture(scope="module")
def live_app(tmp_path_factory) -> LiveApp:
    app = make_live_app(tmp_path_factory.mktemp("live") / "data")
    app.start()
    app.token = app.login_token()
    yield app
    app.stop()
