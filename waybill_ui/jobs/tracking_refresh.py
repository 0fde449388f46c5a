"""The tracking scheduler: every tick, refresh the shipments whose `next_check_at` has come
(the interval per parcel is adaptive, see services/tracking/schedule.py); every few minutes,
sweep the time-based alert rules. A sped-up embedded network ticks every second."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from waybill_ui.clock import utcnow
from waybill_ui.jobs import guarded
from waybill_ui.runtime import Runtime, providers_of
from waybill_ui.services.alerts import sweep as alert_sweep
from waybill_ui.services.tracking import refresh as tracking
from waybill_ui.services.tracking import config as tracking_config

log = logging.getLogger(__name__)


def ticks(sandbox_speed: float) -> tuple[float, float]:
    """(refresh tick, sweep tick) in seconds: the job only asks the database what is due, so a
    short tick is cheap; the provider is called only for due parcels."""
    if sandbox_speed > 1:
        return 1.0, max(2.0, 300.0 / sandbox_speed)
    return 20.0, 300.0


async def refresh_once(runtime: Runtime, *, now_fn=utcnow) -> tracking.RefreshSummary:
    cfg = await asyncio.to_thread(tracking_config.load_for_runtime, runtime)
    summary = await tracking.refresh_due(runtime.db, providers_of(runtime).tracking, cfg=cfg, now_fn=now_fn)
    if summary.checked:
        log.debug("tracking refresh: %s", summary.as_dict())
    return summary


async def sweep_once(runtime: Runtime, *, now_fn=utcnow) -> set[int]:
    cfg = await asyncio.to_thread(tracking_config.load_for_runtime, runtime)
    return await asyncio.to_thread(alert_sweep.sweep, runtime.db, cfg=cfg, now=now_fn())


def register(scheduler, runtime: Runtime) -> None:
    refresh_tick, sweep_tick = ticks(runtime.settings.sandbox_speed)

    async def refresh() -> None:
        await refresh_once(runtime)

    async def sweep() -> None:
        await sweep_once(runtime)

    scheduler.add_job(
        guarded("tracking refresh pass", refresh),
        "interval",
        seconds=refresh_tick,
        id="tracking.refresh",
        next_run_time=utcnow() + timedelta(seconds=3),
    )
    scheduler.add_job(
        guarded("alert sweep", sweep),
        "interval",
        seconds=sweep_tick,
        id="alerts.sweep",
        next_run_time=utcnow() + timedelta(seconds=10),
    )
