"""Keep this shop's carrier ratings warm, so pages and quotes never wait for the aggregate over
months of shipments (1–2 s with 100,000 of them)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from waybill_ui.clock import utcnow
from waybill_ui.jobs import guarded
from waybill_ui.runtime import Runtime
from waybill_ui.services.market import quotes as market


def register(scheduler, runtime: Runtime) -> None:
    async def refresh() -> None:
        await asyncio.to_thread(market.carrier_ratings, runtime.db, fresh=True)

    scheduler.add_job(
        guarded("carrier ratings", refresh),
        "interval",
        seconds=market.RATINGS_TTL_S // 2,
        id="market.ratings",
        next_run_time=utcnow() + timedelta(seconds=5),
    )
