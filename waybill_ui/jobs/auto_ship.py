"""Auto-ship on a schedule (the service decides whether it is switched on and how many remain today)."""

from __future__ import annotations

import asyncio

from waybill_ui.jobs import guarded
from waybill_ui.runtime import Runtime
from waybill_ui.services.shipping import auto as auto_ship

EVERY_MINUTES = 10


def register(scheduler, runtime: Runtime) -> None:
    async def tick() -> None:
        await asyncio.to_thread(auto_ship.run_auto_ship, runtime.db)  # the batch tells the pages

    scheduler.add_job(guarded("auto ship", tick), "interval", minutes=EVERY_MINUTES, id="auto_ship.tick")
