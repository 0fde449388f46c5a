"""Low-stock alerts per carrier, every 30 minutes (and after every import, by the import itself)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from waybill_ui.clock import utcnow
from waybill_ui.jobs import guarded
from waybill_ui.runtime import Runtime
from waybill_ui.services.pool import watch as pool_watch


async def run_once(runtime: Runtime, *, now=None) -> list[pool_watch.StockVerdict]:
    return await asyncio.to_thread(pool_watch.check_stock, runtime.db, now=now)


def register(scheduler, runtime: Runtime) -> None:
    async def job() -> None:
        await run_once(runtime)

    scheduler.add_job(
        guarded("pool low-stock check", job),
        "interval",
        minutes=30,
        id="pool.low_stock",
        next_run_time=utcnow() + timedelta(seconds=20),
    )
