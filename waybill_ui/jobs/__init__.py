"""The in-process scheduler (APScheduler 3.x, in-memory job store). Business state such as
"when is this shipment due" lives in our tables; jobs only decide when to look.

Each module in this package defines ``register(scheduler, runtime)`` and wraps its job functions
in :func:`guarded`, so a failed run is logged and the next one tries again, and a run cut short
by shutdown ends quietly (its state is safe: every change is one transaction).
"""

from __future__ import annotations

import asyncio
import functools
import importlib
import logging
import pkgutil
from collections.abc import Awaitable, Callable
from datetime import timezone
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from waybill_ui.background import running  # job runs and other background work: what shutdown waits for
from waybill_ui.jobs.leader import CHECK_S, Leader
from waybill_ui.runtime import Runtime

log = logging.getLogger(__name__)
SHUTDOWN_GRACE_S = 5.0
# Only the leader's job runs do anything (several app processes on one PostgreSQL, see leader.py).
leader: Leader | None = None


def guarded(what: str, func: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    @functools.wraps(func)
    async def run(*args: Any, **kwargs: Any) -> Any:
        if leader is not None and not leader.leading:
            return None  # another process runs the jobs
        task = asyncio.current_task()
        if task is not None:
            running.add(task)
        try:
            return await func(*args, **kwargs)
        except asyncio.CancelledError:  # shutdown after the grace period; the next start resumes
            log.info("%s stopped: the app is shutting down", what)
        except Exception:
            log.exception("%s failed; the next run tries again", what)
        finally:
            if task is not None:
                running.discard(task)
        return None

    return run


def start_scheduler(runtime: Runtime) -> AsyncIOScheduler:
    global leader
    leader = Leader(runtime.db, file_claimed=runtime.db_file_lock is not None or not runtime.db.is_sqlite)
    leader.check()
    current = leader

    async def check_leadership() -> None:
        await asyncio.to_thread(current.check)

    scheduler = AsyncIOScheduler(
        timezone=timezone.utc, job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 300}
    )
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register:
            register(scheduler, runtime)
    scheduler.add_job(check_leadership, "interval", seconds=CHECK_S, id="jobs.leader")
    scheduler.start()
    return scheduler


async def stop_scheduler(scheduler: AsyncIOScheduler, *, grace_s: float = SHUTDOWN_GRACE_S) -> None:
    """No new runs; the runs in progress (and purchase syncs started after a payment) get
    `grace_s` to finish before the HTTP client and the database close under them; whatever is
    left is cancelled (its state is safe, the next start picks it up)."""
    scheduler.pause()
    current = asyncio.current_task()
    pending = [t for t in running if t is not current and not t.done()]
    late: set[asyncio.Task[Any]] = set()
    if pending:
        _, late = await asyncio.wait(pending, timeout=grace_s)
        if late:
            log.info("%d job run(s) still busy after %.0f s; stopping them", len(late), grace_s)
            for task in late:
                task.cancel()
    scheduler.shutdown(wait=False)
    global leader
    if leader is not None:
        await asyncio.to_thread(leader.release)
        leader = None
    await asyncio.sleep(0)  # AsyncIOScheduler shuts down on the loop's next turn
    if late:
        await asyncio.wait(late, timeout=1.0)
