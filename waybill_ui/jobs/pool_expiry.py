"""Numbers past their expiry become `expired`, and the 'expiring in N days' / 'expired' alerts are
refreshed: shortly after startup (a laptop that was off over night catches up), every hour, and a
few seconds after any change to the pool (an import or a purchase can bring numbers that expire
in days), so no alert waits for a restart."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from waybill_ui.clock import utcnow
from waybill_ui.jobs import guarded
from waybill_ui.runtime import Runtime
from waybill_ui.services.pool import watch as pool_watch

AFTER_CHANGE_S = 3  # several changes in a row (a big import) make one check


async def run_once(runtime: Runtime, *, now=None) -> pool_watch.ExpiryRun:
    return await asyncio.to_thread(pool_watch.expire_due, runtime.db, now=now)


def register(scheduler, runtime: Runtime) -> None:
    async def job() -> None:
        await run_once(runtime)

    checked = guarded("pool expiry run", job)
    scheduler.add_job(checked, "interval", hours=1, id="pool.expiry")
    scheduler.add_job(checked, "date", run_date=utcnow() + timedelta(seconds=5), id="pool.expiry.startup")

    def on_pool_change(event) -> None:
        if getattr(event, "reason", "") == "expired":
            return  # our own news: checking again would find the same
        scheduler.add_job(
            checked,
            "date",
            run_date=utcnow() + timedelta(seconds=AFTER_CHANGE_S),
            id="pool.expiry.after_change",
            replace_existing=True,
        )

    runtime.bus.subscribe("pool", on_pool_change)
