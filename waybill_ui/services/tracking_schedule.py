"""When to look at a parcel next (pure functions; the clock and the dice are passed in).

Adaptive: a parcel about to arrive is looked at more often than one on a truck, a finished one
never again, one with no news for `retire_after` is retired as `expired`. Failures back off
exponentially per shipment. Jitter spreads thousands of parcels shipped in one batch so they
do not all come due in the same second. Nothing is ever due sooner than the provider's
per-number minimum gap (Kuaidi100 locks numbers queried more than once per 30 minutes).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from waybill_ui.carriers.status import TERMINAL, TrackingStatus as S
from waybill_ui.services.tracking_config import TrackingConfig

NEAR = frozenset({S.out_for_delivery, S.available_for_pickup, S.failed_attempt})


def interval_for(status: str, cfg: TrackingConfig) -> timedelta | None:
    if status in TERMINAL:
        return None
    if status == S.pending:
        return cfg.pending
    if status in NEAR:
        return cfg.near
    return cfg.in_transit


def _jittered(delay: timedelta, cfg: TrackingConfig, rng: random.Random) -> timedelta:
    return delay * (1 + rng.uniform(-cfg.jitter, cfg.jitter))


def should_retire(status: str, *, now: datetime, last_change_at: datetime, cfg: TrackingConfig) -> bool:
    """No news for too long: stop asking (the parcel becomes `expired`)."""
    return status not in TERMINAL and now - last_change_at >= cfg.retire_after


def next_check(status: str, *, now: datetime, cfg: TrackingConfig, rng: random.Random) -> datetime | None:
    """After a successful look: None when the parcel needs no more looks."""
    delay = interval_for(status, cfg)
    if delay is None:
        return None
    return now + max(_jittered(delay, cfg, rng), cfg.min_gap)


def next_check_after_failure(failures: int, *, now: datetime, cfg: TrackingConfig, rng: random.Random,
                             permanent: bool = False) -> datetime:
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
