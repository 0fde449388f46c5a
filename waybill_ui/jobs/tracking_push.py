"""Push tracking's job: every tick, check whether callbacks arrive (and say so / poll instead
when they stay away), then subscribe what is due at the tracking provider — new shipments,
aborted ones after the provider's wait. The embedded network's own pushes go out from here too
(it is a simulated provider living in this process)."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from waybill_ui.clock import utcnow
from waybill_ui.jobs import guarded
from waybill_ui.runtime import Runtime, providers_of
from waybill_ui.services.tracking import push_health
from waybill_ui.services.tracking import push_subscribe
from waybill_ui.services.tracking import config as tracking_config

log = logging.getLogger(__name__)


def ticks(sandbox_speed: float) -> tuple[float, float]:
    """(subscribe tick, network push tick) in seconds."""
    if sandbox_speed > 1:
        return 2.0, 1.0
    return 20.0, 30.0


async def push_once(runtime: Runtime, *, now_fn=utcnow) -> push_subscribe.SubscribeSummary:
    provider = providers_of(runtime).tracking
    on = push_health.enabled(runtime.settings, provider)
    cfg = await asyncio.to_thread(tracking_config.load_for_runtime, runtime)
    silent = on and not cfg.push_watch  # (load_for_runtime checked whether callbacks arrive)
    pulled = await asyncio.to_thread(push_health.apply_fallback, runtime.db, silent, cfg=cfg, now=now_fn())
    if pulled:
        log.warning(
            "no tracking callback for %s: %d subscribed parcels are polled instead", cfg.push_no_callback, pulled
        )
    if not on:
        await asyncio.to_thread(push_health.release_watched, runtime.db, cfg=cfg, now=now_fn())
        return push_subscribe.SubscribeSummary()
    summary = await push_subscribe.subscribe_due(
        runtime.db,
        provider,
        cfg=cfg,
        callback_url=push_health.callback_url(runtime.settings, provider),
        salt=runtime.settings.push_salt,
        now_fn=now_fn,
    )
    if summary.subscribed or summary.failed:
        log.debug("tracking subscriptions: %s", summary.as_dict())
    return summary


async def network_push_once(runtime: Runtime) -> int:
    if runtime.sandbox is None or runtime.http is None:
        return 0
    from waybill_ui.sandbox.push import push_due

    return await push_due(runtime.sandbox, runtime.http.client)


def register(scheduler, runtime: Runtime) -> None:
    subscribe_tick, network_tick = ticks(runtime.settings.sandbox_speed)

    async def subscribe() -> None:
        await push_once(runtime)

    async def network() -> None:
        await network_push_once(runtime)

    scheduler.add_job(
        guarded("tracking subscriptions", subscribe),
        "interval",
        seconds=subscribe_tick,
        id="tracking.push",
        next_run_time=utcnow() + timedelta(seconds=2),
    )
    scheduler.add_job(
        guarded("embedded network pushes", network),
        "interval",
        seconds=network_tick,
        id="sandbox.push",
        next_run_time=utcnow() + timedelta(seconds=4),
    )
