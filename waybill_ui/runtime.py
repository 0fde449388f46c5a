"""The running app's shared objects, built at startup and torn down at shutdown.

Nothing here is created at import time: NiceGUI's test `user` fixture re-imports page modules
between tests, and each test gets its own data dir, database and clients.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from waybill_ui.events import Bus

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from waybill_ui.carriers.http import ProviderHTTP
    from waybill_ui.carriers.registry import Providers
    from waybill_ui.config import Settings
    from waybill_ui.db import Database
    from waybill_ui.sandbox.server import Sandbox

log = logging.getLogger(__name__)


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


# http and providers are set while the app starts; code that runs only in a started app reads them
# through these, typed without None (docs/architecture.md, "Typing"). Any object with the
# attribute will do: tests hand jobs a SimpleNamespace runtime.
def http_of(rt: Runtime) -> ProviderHTTP:
    if rt.http is None:
        raise RuntimeError("the app is not started: no provider HTTP client yet")
    return rt.http


def providers_of(rt: Runtime) -> Providers:
    if rt.providers is None:
        raise RuntimeError("the app is not started: no providers yet")
    return rt.providers


def get_or_none() -> Runtime | None:
    return _current


def install(runtime: Runtime | None) -> None:
    global _current
    _current = runtime
