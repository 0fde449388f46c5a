"""When to look at a parcel next (pure functions; the clock and the dice are passed in).

Adaptive, by what the status and the newest scan predict: a parcel on a long-haul leg between
two hubs is left alone (its next scan is only another hub), one that has arrived in its
destination city or is out for delivery is looked at often, one waiting at a locker or on its
way back less; a parcel not picked up within the usual window is looked at half as often; a
finished one never again, one with no news for `retire_after` is retired as `expired`.
A parcel subscribed for pushed updates is only looked at after `push_silent` without news. Failures back off
exponentially per shipment. Jitter spreads thousands of parcels shipped in one batch so they
do not all come due in the same second. Nothing is ever due sooner than the provider's
per-number minimum gap (Kuaidi100 locks numbers queried more than once per 30 minutes).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from waybill_ui.carriers.status import TERMINAL, Phase, TrackingStatus as S
from waybill_ui.services.tracking.config import TrackingConfig

NEAR = frozenset({S.out_for_delivery, S.failed_attempt})


def interval_for(
    status: str, cfg: TrackingConfig, *, phase: str = "", waiting: timedelta = timedelta(0)
) -> timedelta | None:
    """`phase`: what the newest scan predicts (carriers.status.Phase); `waiting`: how long the
    parcel has been in this state (only used for a parcel not yet picked up)."""
    if status in TERMINAL:
        return None
    if status == S.pending:
        return cfg.pending if waiting < cfg.pickup_window else cfg.pending * 2
    if status in NEAR:
        return cfg.near
    if status == S.available_for_pickup:
        return cfg.pickup_point
    if status == S.returning:
        return cfg.returning
    if phase == Phase.long_haul:
        return cfg.long_haul
    if phase == Phase.arrived:
        return cfg.arrived
    return cfg.in_transit


def _jittered(delay: timedelta, cfg: TrackingConfig, rng: random.Random) -> timedelta:
    return delay * (1 + rng.uniform(-cfg.jitter, cfg.jitter))


def should_retire(status: str, *, now: datetime, last_change_at: datetime, cfg: TrackingConfig) -> bool:
    """No news for too long: stop asking (the parcel becomes `expired`)."""
    return status not in TERMINAL and now - last_change_at >= cfg.retire_after


def next_check(
    status: str,
    *,
    now: datetime,
    cfg: TrackingConfig,
    rng: random.Random,
    phase: str = "",
    waiting: timedelta = timedelta(0),
    fallback: bool = False,
) -> datetime | None:
    """After a successful look: None when the parcel needs no more looks. `fallback`: push is on
    but this parcel's provider does not push it; it is then looked at at least every
    `push_fallback_max` so that it is not seen later than the old fixed pulse would see it."""
    delay = interval_for(status, cfg, phase=phase, waiting=waiting)
    if delay is None:
        return None
    if fallback and cfg.push_fallback_max > timedelta(0):
        delay = min(delay, cfg.push_fallback_max / (1 + cfg.jitter))  # the jitter never takes it past the cap
    return now + max(_jittered(delay, cfg, rng), cfg.min_gap)


def next_check_watched(status: str, *, now: datetime, cfg: TrackingConfig, rng: random.Random) -> datetime | None:
    """A parcel whose provider pushes its news: look only if it stays silent for `push_silent`."""
    if status in TERMINAL:
        return None
    return now + max(_jittered(cfg.push_silent, cfg, rng), cfg.min_gap)


def next_check_after_failure(
    failures: int, *, now: datetime, cfg: TrackingConfig, rng: random.Random, permanent: bool = False
) -> datetime:
    """Exponential backoff per shipment (5 min, 10, 20 … up to 6 h); an error that will not go
    away by itself (e.g. the phone is missing) waits the maximum."""
    if permanent:
        delay = cfg.backoff_max
    else:
        delay = min(cfg.backoff_base * (2 ** max(failures - 1, 0)), cfg.backoff_max)
    return now + max(_jittered(delay, cfg, rng), cfg.min_gap)


def earliest_allowed(last_checked_at: datetime | None, cfg: TrackingConfig) -> datetime | None:
    """When a "refresh now" may query this number again (None: right away)."""
    if last_checked_at is None or not cfg.min_gap:
        return None
    return last_checked_at + cfg.min_gap
