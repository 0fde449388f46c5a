"""Page change notices between app processes on one PostgreSQL database (LISTEN/NOTIFY).

Each process's event bus (waybill_ui/events.py) tells its own open pages what changed. With
several processes, a page served by process A must also hear that process B shipped an order: the
bridge (one of the bus's `bridges`) sends every local event to PostgreSQL (`pg_notify` on one
channel, sent from a thread of its own so a publisher never waits for the network) and hands the
events of the other processes to the local bus's `receive` (never sent on again, so nothing
echoes). Events travel as their `to_wire` text; one whose id lists are too long for one notice
(PostgreSQL allows 8,000 bytes) is sent in parts. Notices are
best-effort, like the bus: a page that misses one still shows the truth on its next load.
On SQLite (one process) there is nothing to bridge.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import queue
import threading
import uuid

from waybill_ui import events
from waybill_ui.events import Event
from typing import Any

log = logging.getLogger(__name__)
CHANNEL = "waybill_bus"
MAX_BYTES = 7_500


def _messages(origin: str, event: Event) -> list[str]:
    text = json.dumps({"o": origin, "e": event.to_wire()}, ensure_ascii=False)
    if len(text.encode()) <= MAX_BYTES:
        return [text]
    lists = [
        (f.name, getattr(event, f.name)) for f in dataclasses.fields(event) if isinstance(getattr(event, f.name), tuple)
    ]
    name, longest = max(lists, key=lambda item: len(item[1]), default=("", ()))
    if len(longest) > 1:
        half = len(longest) // 2
        return _messages(origin, dataclasses.replace(event, **{name: longest[:half]})) + _messages(
            origin, dataclasses.replace(event, **{name: longest[half:]})
        )
    log.warning("bus notice %s too large for other processes; they see it on their next load", event.name)
    return []


class PgBridge:
    def __init__(self, url: str, bus) -> None:
        from waybill_ui.services.system.backup_pg import libpq_url

        self.dsn = libpq_url(url)
        self.bus = bus
        self.origin = uuid.uuid4().hex
        self._out: queue.Queue[Any] = queue.Queue()
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._listen, name="bus-listen", daemon=True),
            threading.Thread(target=self._send, name="bus-notify", daemon=True),
        ]

    def start(self) -> PgBridge:
        self.bus.bridges.append(self.forward)
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> None:
        if self.forward in self.bus.bridges:
            self.bus.bridges.remove(self.forward)
        self._stop.set()
        self._out.put(None)
        for thread in self._threads:
            thread.join(timeout=3)

    def forward(self, event: Event) -> None:
        self._out.put(event)

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
                for message in _messages(self.origin, item):
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
            if message.get("o") == self.origin:
                return
            event = events.from_wire(message["e"])
        except (ValueError, KeyError, TypeError):  # another version's notice, or garbage: nothing to tell
            log.debug("bus notice not understood: %.200s", raw)
            return
        self.bus.receive(event)
