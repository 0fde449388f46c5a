"""The in-process scheduler (APScheduler 3.x, in-memory job store). Business state such as
"when is this shipment due" lives in our tables; jobs only decide when to look.

Each module in this package defines ``register(scheduler, runtime)``.
"""

from __future__ import annotations

import importlib
import pkgutil
from datetime import timezone

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from waybill_ui.runtime import Runtime


def start_scheduler(runtime: Runtime) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone=timezone.utc, job_defaults={
        "coalesce": True, "max_instances": 1, "misfire_grace_time": 300})
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register:
            register(scheduler, runtime)
    scheduler.start()
    return scheduler
