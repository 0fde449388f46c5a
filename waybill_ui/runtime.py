"""The running app's shared objects, built at startup and torn down at shutdown.

Nothing here is created at import time: NiceGUI's test `user` fixture re-imports page modules
between tests, and each test gets its own data dir, database and clients.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from waybill_ui.carriers.http import ProviderHTTP
    from waybill_ui.carriers.registry import Providers
    from waybill_ui.config import Settings
    from waybill_ui.db import Database
    from waybill_ui.sandbox.server import Sandbox

log = logging.getLogger(__name__)


class Bus:
    """In-process news ("shipments changed", "alerts changed"…) from services and jobs to
    whoever listens (the UI bridges it to open pages). Listeners must be quick and not raise."""

    def __init__(self) -> None:
        self._listeners: dict[str, list[Callable[[Any], None]]] = defaultdict(list)
        # Several processes on PostgreSQL: also sent to the others (waybill_ui/bus_bridge.py).
        self.forward: Callable[[str, Any], None] | None = None

    def subscribe(self, topic: str, listener: Callable[[Any], None]) -> Callable[[], None]:
        self._listeners[topic].append(listener)
        return lambda: self._listeners[topic].remove(listener) if listener in self._listeners[topic] else None

    def publish(self, topic: str, payload: Any = None) -> None:
        self.deliver(topic, payload)
        if self.forward is not None:
            self.forward(topic, payload)

    def deliver(self, topic: str, payload: Any = None) -> None:
        """To this process's listeners only (news from another process arrives here)."""
        for listener in list(self._listeners.get(topic, ())):
            try:
                listener(payload)
            except Exception:  # a broken listener must not break the job that published
                log.exception("bus listener for %s failed", topic)


@dataclass
class Runtime:
    settings: Settings
    db: Database
    http: ProviderHTTP | None = None
    providers: Providers | None = None
    sandbox: Sandbox | None = None
    scheduler: AsyncIOScheduler | None = None
    setup_token: str | None = None
    bus_bridge: Any = None  # PostgreSQL: LISTEN/NOTIFY between app processes (bus_bridge.py)
    db_file_lock: Any = None  # SQLite: this process's claim on the database file (jobs/leader.py)
    bus: Bus = field(default_factory=Bus)


_current: Runtime | None = None


def get() -> Runtime:
    if _current is None:
        raise RuntimeError("the app is not started")
    return _current


def get_or_none() -> Runtime | None:
    return _current


def install(runtime: Runtime | None) -> None:
    global _current
    _current = runtime
