"""Page change notices between app processes on one PostgreSQL database (LISTEN/NOTIFY).

Each process's event bus (runtime.Bus) tells its own open pages what changed. With several
processes, a page served by process A must also hear that process B shipped an order: the bridge
sends every local publish to PostgreSQL (`pg_notify` on one channel, sent from a thread of its
own so a publisher never waits for the network) and re-publishes the notices of the other
processes on the local bus only (never sent on again, so nothing echoes). Payloads are JSON; a
list too long for one notice (PostgreSQL allows 8,000 bytes) is sent in parts. Notices are
best-effort, like the bus: a page that misses one still shows the truth on its next load.
On SQLite (one process) there is nothing to bridge.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import uuid
from typing import Any

log = logging.getLogger(__name__)
CHANNEL = "waybill_bus"
MAX_BYTES = 7_500


def _messages(origin: str, topic: str, payload: Any) -> list[str]:
    try:
        text = json.dumps({"o": origin, "t": topic, "p": payload}, ensure_ascii=False, default=list)
    except (TypeError, ValueError):
        log.debug("bus notice %s not sent to other processes: payload is not JSON", topic)
        return []
    if len(text.encode()) <= MAX_BYTES:
        return [text]
    if isinstance(payload, (list, tuple)) and len(payload) > 1:
        half = len(payload) // 2
        return _messages(origin, topic, list(payload[:half])) + _messages(origin, topic, list(payload[half:]))
    log.warning("bus notice %s too large for other processes; they see it on their next load", topic)
    return []


class PgBridge:
    def __init__(self, url: str, bus) -> None:
        from waybill_ui.services.backup_pg import libpq_url

        self.dsn = libpq_url(url)
        self.bus = bus
        self.origin = uuid.uuid4().hex
        self._out: queue.Queue = queue.Queue()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._listen, name="bus-listen", daemon=True),
                         threading.Thread(target=self._send, name="bus-notify", daemon=True)]

    def start(self) -> PgBridge:
        self.bus.forward = self.forward
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> None:
        self.bus.forward = None
        self._stop.set()
        self._out.put(None)
        for thread in self._threads:
            thread.join(timeout=3)

    def forward(self, topic: str, payload: Any) -> None:
        self._out.put((topic, payload))

    def _connect(self):
        import psycopg

        return psycopg.connect(self.dsn, autocommit=True)

    def _send(self) -> None:
        conn = None
        while not self._stop.is_set():
            item = self._out.get()
            if item is None:
                break
            try:
                conn = conn or self._connect()
                for message in _messages(self.origin, *item):
                    conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, message))
            except Exception:
                log.warning("could not pass a bus notice to the other processes", exc_info=True)
                conn = None
        if conn is not None:
            conn.close()

    def _listen(self) -> None:
        while not self._stop.is_set():
            try:
                with self._connect() as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    while not self._stop.is_set():
                        for notice in conn.notifies(timeout=1.0):
                            self._deliver(notice.payload)
            except Exception:
                if not self._stop.is_set():
                    log.warning("bus listener lost its connection; reconnecting", exc_info=True)
                    self._stop.wait(2.0)

    def _deliver(self, raw: str) -> None:
        try:
            message = json.loads(raw)
        except ValueError:
            return
        if message.get("o") != self.origin:
            self.bus.deliver(message.get("t", ""), message.get("p"))
