"""Get paid purchases' numbers every few seconds for whatever is due (retries with backoff); the
first try right after payment is the checkout's own (services/market/checkout.py). Right after startup every open purchase is tried once, so syncs that
were pending when the app stopped resume by themselves."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

from waybill_ui.clock import utcnow
from waybill_ui.jobs import guarded
from waybill_ui.runtime import Runtime, providers_of
from waybill_ui.services.market import number_sync

log = logging.getLogger(__name__)
INTERVAL_S = 10


def register(scheduler, runtime: Runtime) -> None:
    scheduler.add_job(
        guarded("purchase sync (after start)", resume),
        "date",
        id="purchases.resume",
        args=[runtime],
        run_date=utcnow() + timedelta(seconds=1),
    )
    scheduler.add_job(
        guarded("purchase sync", run_due),
        "interval",
        seconds=INTERVAL_S,
        id="purchases.sync",
        args=[runtime],
        next_run_time=utcnow() + timedelta(seconds=INTERVAL_S),
    )


async def resume(runtime: Runtime) -> int:
    """After a (re)start: try every open purchase now, whatever its backoff said."""
    return await run_due(runtime, all_open=True)


async def run_due(runtime: Runtime, *, now: datetime | None = None, all_open: bool = False) -> int:
    """Sync every purchase that is due; returns how many were tried."""
    ids = await asyncio.to_thread(number_sync.due_purchase_ids, runtime.db, now=now, all_open=all_open)
    for purchase_id in ids:
        try:
            await number_sync.sync_purchase(
                runtime.db, provider=providers_of(runtime).market, purchase_id=purchase_id, now=now, force=all_open
            )
        except Exception:  # one broken purchase must not hold up the others; it is retried later
            log.exception("sync of purchase %s failed unexpectedly", purchase_id)
    return len(ids)
