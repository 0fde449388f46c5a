"""Refreshing shipments from the tracking provider: the due ones (the job), chosen ones
("refresh now", the API), or any number typed into the "track any number" box.

Provider calls run concurrently (bounded) within the provider's rate limits; every answer or
failure is written in chunks off the event loop. A failing parcel backs off on its own and
never stops the others; a provider that refuses the account settings pauses the job for a while
and raises one alert. Pages learn about news through the events the store emits (waybill_ui/events.py).
"""

from __future__ import annotations

import asyncio
import logging
import random
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from waybill_ui.carriers.protocol import CarrierProvider, ProviderConfigError, ProviderError, TrackQuery, TrackResult
from waybill_ui.db import Database
from waybill_ui.clock import utcnow
from waybill_ui.services.tracking import schedule
from waybill_ui.services.tracking import store
from waybill_ui.services.tracking.rate_limit import limiter_for
from waybill_ui.services.tracking.config import TrackingConfig

log = logging.getLogger(__name__)
CHUNK = 200  # shipments per write transaction
FLUSH_AFTER_S = 0.2  # how long the first outcome of a chunk waits for company
# "Refresh every due parcel now" asked through the API answers within this: at the provider's rate
# limit 2,000 due parcels take minutes, longer than a script's HTTP timeout. The parcels not asked
# about stay due and the job takes them on its next pass; the answer says how many (`left`).
ASKED_BUDGET = timedelta(seconds=20)

# Provider -> until when the job leaves it alone (it refused our account settings). Keyed by the
# provider object: saving new keys rebuilds the providers, and the new ones are tried at once.
_paused_until: "weakref.WeakKeyDictionary[CarrierProvider, datetime]" = weakref.WeakKeyDictionary()


@dataclass
class RefreshSummary:
    checked: int = 0
    changed: int = 0
    failed: int = 0
    skipped: int = 0  # asked too soon for the provider's per-number limit
    left: int = 0  # due but not asked about: the time budget ran out (they stay due)
    changed_ids: list[int] = field(default_factory=list)
    paused: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "checked": self.checked,
            "changed": self.changed,
            "failed": self.failed,
            "skipped": self.skipped,
            "left": self.left,
        }


def paused_until(provider: CarrierProvider) -> datetime | None:
    return _paused_until.get(provider)


async def refresh_due(
    db: Database,
    provider: CarrierProvider,
    *,
    cfg: TrackingConfig,
    now_fn: Callable[[], datetime] = utcnow,
    rng: random.Random | None = None,
    limit: int = 2000,
    budget: timedelta | None = None,
) -> RefreshSummary:
    """One pass of the job: every due shipment (up to `limit`). With a `budget` (the API's "refresh
    all now"), no new parcel is asked about once it has run out; those left stay due."""
    now = now_fn()
    until = _paused_until.get(provider)
    if until and until > now:
        return RefreshSummary(paused=True)
    targets = await asyncio.to_thread(
        store.due_targets, db, now=now, limit=limit, first_check=cfg.first_check, watch=cfg.push_watch
    )
    until = now + budget if budget is not None else None
    return await refresh_targets(db, provider, targets, cfg=cfg, now_fn=now_fn, rng=rng, until=until)


async def refresh_now(
    db: Database,
    provider: CarrierProvider,
    *,
    ids: list[int],
    cfg: TrackingConfig,
    now_fn: Callable[[], datetime] = utcnow,
    rng: random.Random | None = None,
) -> RefreshSummary:
    """ "Refresh now" for chosen shipments; numbers queried too recently for the provider's
    per-number limit are skipped (Kuaidi100 locks a number asked about too often)."""
    targets = await asyncio.to_thread(store.targets_for, db, list(dict.fromkeys(ids)))
    now = now_fn()
    allowed = [t for t in targets if (schedule.earliest_allowed(t.last_checked_at, cfg) or now) <= now]
    summary = await refresh_targets(db, provider, allowed, cfg=cfg, now_fn=now_fn, rng=rng)
    summary.skipped += len(targets) - len(allowed)
    return summary


async def track_any(provider: CarrierProvider, *, carrier: str, number: str, phone: str = "") -> TrackResult:
    """The "track any number" box: ask the provider directly, store nothing."""
    return await provider.track(TrackQuery(carrier=carrier, number=number, phone=phone))


async def refresh_targets(
    db: Database,
    provider: CarrierProvider,
    targets: list[store.Target],
    *,
    cfg: TrackingConfig,
    now_fn: Callable[[], datetime] = utcnow,
    rng: random.Random | None = None,
    until: datetime | None = None,
) -> RefreshSummary:
    summary = RefreshSummary()
    if not targets:
        return summary
    rng = rng or random.Random()
    limiter = limiter_for(provider, cfg.qps)
    todo: asyncio.Queue[store.Target] = asyncio.Queue()
    for target in targets:
        todo.put_nowait(target)
    done: asyncio.Queue[store.Outcome | None] = asyncio.Queue()
    refused = asyncio.Event()  # the provider refused our settings: stop asking this run

    async def worker() -> None:
        while not refused.is_set():
            if until is not None and now_fn() >= until:
                return  # out of time: the rest stay due (counted as `left` below)
            try:
                target = todo.get_nowait()
            except asyncio.QueueEmpty:
                return
            await limiter.acquire()
            try:
                outcome = store.Outcome(target, result=await provider.track(target.query()))
            except ProviderError as exc:
                outcome = store.Outcome(target, error=exc)
                if isinstance(exc, ProviderConfigError):
                    refused.set()
            except Exception as exc:  # a provider bug must not stop the others
                log.warning("tracking %s %s failed unexpectedly: %r", target.carrier, target.number, exc)
                outcome = store.Outcome(target, error=ProviderError(f"unexpected: {exc!r}"[:200], code="unexpected"))
            await done.put(outcome)

    async def writer() -> None:
        # One transaction per chunk: whatever arrives within FLUSH_AFTER_S of the first outcome (up
        # to CHUNK) is written together; a single "refresh now" waits at most that long.
        loop = asyncio.get_running_loop()
        finished = False
        while not finished:
            first = await done.get()
            if first is None:
                return
            batch = [first]
            deadline = loop.time() + FLUSH_AFTER_S
            while len(batch) < CHUNK:
                try:
                    item = done.get_nowait()
                except asyncio.QueueEmpty:
                    if loop.time() >= deadline:
                        break
                    await asyncio.sleep(min(0.02, deadline - loop.time()))
                    continue
                if item is None:
                    finished = True
                    break
                batch.append(item)
            await _flush(db, batch, cfg=cfg, now=now_fn(), rng=rng, provider=provider.name, summary=summary)

    writing = asyncio.create_task(writer())
    try:
        await asyncio.gather(*(worker() for _ in range(min(cfg.concurrency, len(targets)))))
    finally:
        await done.put(None)
        await writing
    if until is not None and not refused.is_set():
        summary.left = todo.qsize()
    if refused.is_set():
        _paused_until[provider] = now_fn() + cfg.config_pause
    else:
        _paused_until.pop(provider, None)
    return summary


async def _flush(
    db: Database,
    batch: list[store.Outcome],
    *,
    cfg: TrackingConfig,
    now: datetime,
    rng: random.Random,
    provider: str,
    summary: RefreshSummary,
) -> None:
    try:
        applied = await asyncio.to_thread(store.apply_outcomes, db, batch, cfg=cfg, now=now, rng=rng, provider=provider)
    except Exception:  # a write that fails leaves these shipments due; the next pass retries them
        log.exception("writing %d tracking results failed", len(batch))
        summary.failed += len(batch)
        return
    summary.checked += applied.checked
    summary.changed += applied.changed
    summary.failed += applied.failed
    summary.changed_ids += sorted(applied.touched)
