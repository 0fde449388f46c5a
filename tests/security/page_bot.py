"""A browser tab at the protocol level, for tests/security/audit.py: an HTTP cookie jar plus
NiceGUI's socket.io for the page it shows (it loads the page, reads its element tree from the
HTML, and sends the same event frames a browser sends)."""

from __future__ import annotations

import html
import json
import re
import time
import uuid
from collections.abc import Callable

import httpx
import socketio

WS_PATH = "/_nicegui_ws/socket.io"
COOKIE = "waybill_session"


class PageBot:
    """One browser tab: an HTTP cookie jar plus NiceGUI's socket for the page it shows."""

    def __init__(self, base: str, *, cookies: dict | None = None):
        self.base = base
        self.http = httpx.Client(base_url=base, follow_redirects=True, timeout=30, cookies=cookies)
        self.sio: socketio.Client | None = None
        self.client_id = ""
        self.elements: dict[str, dict] = {}
        self.opened: list[str] = []

    def open(self, path: str) -> str:
        response = self.http.get(path)
        response.raise_for_status()
        page = response.text
        self.client_id = re.search(r"'client_id': '([0-9a-f-]+)'", page).group(1)
        raw = page.split("parseElements(String.raw`", 1)[1].split("`)", 1)[0]
        self.elements = json.loads(html.unescape(raw))
        self.connect()
        return str(response.url.path)

    def cookie_header(self) -> str:
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.http.cookies.jar)

    def connect(self) -> None:
        self.close_socket()
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("open", lambda data: self.opened.append(data.get("path", "")))
        self.sio.on(
            "update",
            lambda data: self.elements.update(
                {k: v for k, v in data.items() if not k.startswith("_") and isinstance(v, dict)}
            ),
        )
        query = (
            f"?client_id={self.client_id}&tab_id={uuid.uuid4()}&document_id={uuid.uuid4()}"
            f"&implicit_handshake=true&next_message_id=0"
        )
        self.sio.connect(
            self.base + query,
            socketio_path=WS_PATH,
            transports=["websocket"],
            wait_timeout=10,
            headers={"Cookie": self.cookie_header()},
        )  # Origin: the app's own, as a browser sends

    def close_socket(self) -> None:
        if self.sio is not None:
            self.sio.disconnect()
            self.sio = None

    def find(self, label: str) -> tuple[str, dict]:
        for element_id, element in self.elements.items():
            if element.get("props", {}).get("label") == label or element.get("text") == label:
                return element_id, element
        raise LookupError(f"no element {label!r} on the page")

    def event(self, label: str, kind: str, value=None) -> dict:
        element_id, element = self.find(label)
        # value changes: "update:value" on NiceGUI's own inputs, "update:modelValue" on Quasar ones
        kinds = ("update:value", "update:modelValue") if kind == "update:modelValue" else (kind,)
        listener = next(e["listener_id"] for e in element.get("events", []) if e["type"] in kinds)
        return {
            "id": int(element_id),
            "client_id": self.client_id,
            "listener_id": listener,
            "args": [] if value is None else [json.dumps(value)],
        }

    def send(self, *events: dict, sio: socketio.Client | None = None, settle: float = 0.8) -> None:
        """Emit the frames, then wait `settle` seconds: long enough for the server to have acted on
        them, which a check that something did NOT happen needs. A check of an effect waits for the
        effect instead (`settle=0`, then `until`)."""
        for event in events:
            (sio or self.sio).emit("event", event)
        if settle:
            time.sleep(settle)

    def until(self, condition: Callable[[], object], timeout: float = 15) -> bool:
        """Whether `condition()` came true within `timeout` seconds (asked every 50 ms)."""
        deadline = time.time() + timeout
        while not condition():
            if time.time() > deadline:
                return False
            time.sleep(0.05)
        return True

    def wait_open(self, timeout: float = 15) -> str:
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.opened:
                return self.opened.pop(0)
            time.sleep(0.05)
        raise TimeoutError("the page never navigated")

    def login(self, username: str, password: str) -> None:
        self.open("/login")
        self.send(
            self.event("用户名", "update:modelValue", username),
            self.event("密码", "update:modelValue", password),
            self.event("登录", "click"),
            settle=0,
        )
        target = self.wait_open()
        self.http.get(target)  # /login/complete: sets the session cookie

    def top_up(self, yuan: float, reference: str, *, sio: socketio.Client | None = None, settle: float = 0.8) -> None:
        self.send(
            self.event("金额（元）", "update:modelValue", yuan),
            self.event("凭证号 / 备注", "update:modelValue", reference),
            self.event("登记充值", "click"),
            sio=sio,
            settle=settle,
        )

    def close(self) -> None:
        self.close_socket()
        self.http.close()
