"""Voided purchased numbers are cancelled at the provider; retried every 5 minutes until it
confirms (a provider outage only delays it)."""

from __future__ import annotations

from datetime import timedelta

from waybill_ui.clock import utcnow
from waybill_ui.jobs import guarded
from waybill_ui.runtime import Runtime, providers_of
from waybill_ui.services.pool import recycling as pool_recycling


async def run_once(runtime: Runtime, *, now=None) -> pool_recycling.RecycleRun:
    return await pool_recycling.recycle_pending(runtime.db, providers_of(runtime).market, now=now)


def register(scheduler, runtime: Runtime) -> None:
    async def job() -> None:
        await run_once(runtime)

    scheduler.add_job(
        guarded("pool recycle run", job),
        "interval",
        minutes=5,
        id="pool.recycle",
        next_run_time=utcnow() + timedelta(seconds=30),
    )
