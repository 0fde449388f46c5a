"""Numbers past their expiry become `expired`, and the 'expiring in N days' alerts are refreshed:
shortly after startup (a laptop that was off over night catches up), then daily at 03:00 Shanghai."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from waybill_ui.db.types import SHANGHAI, utcnow
from waybill_ui.jobs import guarded
from waybill_ui.runtime import Runtime
from waybill_ui.services import pool_watch


async def run_once(runtime: Runtime, *, now=None) -> pool_watch.ExpiryRun:
    result = await asyncio.to_thread(pool_watch.expire_due, runtime.db, now=now)
    if result.expired or result.expiring:
        runtime.bus.publish("pool", {"expired": result.expired})
    return result


def register(scheduler, runtime: Runtime) -> None:
    async def job() -> None:
        await run_once(runtime)

    scheduler.add_job(guarded("pool expiry run", job), "cron", hour=3, minute=0, timezone=SHANGHAI, id="pool.expiry")
    scheduler.add_job(guarded("pool expiry run", job), "date", run_date=utcnow() + timedelta(seconds=5), id="pool.expiry.startup")
