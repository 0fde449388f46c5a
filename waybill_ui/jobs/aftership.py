"""After the parcel leaves (issue 22): follow interceptions and open return records for parcels
tracking shows coming back; send queued alerts to the channels (one message a minute per
channel, the rest as a digest) and the daily summary."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from waybill_ui.clock import utcnow
from waybill_ui.jobs import guarded
from waybill_ui.runtime import Runtime, providers_of
from waybill_ui.services.alerts import channels as alert_channels
from waybill_ui.services.aftership import interception
from waybill_ui.services.aftership import returns


async def returns_once(runtime: Runtime, *, now=None) -> int:
    now = now or utcnow()
    await interception.refresh_pending(runtime.db, providers_of(runtime).market, now=now)
    return await asyncio.to_thread(returns.sweep, runtime.db, now=now)  # (records opened tell the pages)


async def channels_once(runtime: Runtime, *, now=None) -> int:
    return await alert_channels.run_once(runtime.db, settings=runtime.settings, now=now)


def register(scheduler, runtime: Runtime) -> None:
    fast = runtime.settings.sandbox_speed > 1
    scheduler.add_job(
        guarded("returns and interceptions", lambda: returns_once(runtime)),
        "interval",
        seconds=10 if fast else 300,
        id="aftership.returns",
        next_run_time=utcnow() + timedelta(seconds=30),
    )
    scheduler.add_job(
        guarded("alert channels", lambda: channels_once(runtime)),
        "interval",
        seconds=20,
        id="aftership.channels",
        next_run_time=utcnow() + timedelta(seconds=25),
    )
