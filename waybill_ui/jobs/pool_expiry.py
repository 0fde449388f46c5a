"""Numbers past their expiry become `expired`, and the 'expiring in N days' alerts are refreshed:
shortly after startup (a laptop that was off over night catches up), then daily at 03:00 Shanghai."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from waybill_ui.db.types import SHANGHAI, utcnow
from waybill_ui.runtime import Runtime
from waybill_ui.services import pool_watch

log = logging.getLogger(__name__)


async def run_once(runtime: Runtime, *, now=None) -> pool_watch.ExpiryRun:
    result = await asyncio.to_thread(pool_watch.expire_due, runtime.db, now=now)
    if result.expired or result.expiring:
        runtime.bus.publish("pool", {"expired": result.expired})
    return result


def register(scheduler, runtime: Runtime) -> None:
    async def job() -> None:
        try:
            await run_once(runtime)
        except Exception:  # a failed run must not stop tomorrow's
            log.exception("pool expiry run failed")

    scheduler.add_job(job, "cron", hour=3, minute=0, timezone=SHANGHAI, id="pool.expiry")
    scheduler.add_job(job, "date", run_date=utcnow() + timedelta(seconds=5), id="pool.expiry.startup")
