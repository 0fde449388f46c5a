"""Adaptive next-check times, backoff and retirement, on a fake clock."""

import random
from datetime import datetime, timedelta, timezone

import pytest

from waybill_ui.carriers.status import Phase, TrackingStatus as S
from waybill_ui.services.tracking import config as tracking_config
from waybill_ui.services.tracking import schedule as sch

NOW = datetime(2026, 5, 1, 8, 0, tzinfo=timezone.utc)
H = timedelta(hours=1)


def cfg(provider="kuaidi100", speed=1.0, **values):
    return tracking_config.build(values, provider=provider, sandbox_speed=speed)


@pytest.mark.parametrize(
    "status, hours",
    [
        (S.pending, 2),
        (S.picked_up, 4),
        (S.in_transit, 4),
        (S.returning, 8),
        (S.exception, 4),
        (S.out_for_delivery, 1),
        (S.available_for_pickup, 4),
        (S.failed_attempt, 1),
    ],
)
def test_interval_by_status_with_jitter_bounds(status, hours):
    c = cfg("kdniao")
    rng = random.Random(1)
    times = [sch.next_check(status, now=NOW, cfg=c, rng=rng) - NOW for _ in range(200)]
    assert min(times) >= hours * H * 0.9 and max(times) <= hours * H * 1.1
    assert max(times) - min(times) > hours * H * 0.1  # jitter really spreads them


@pytest.mark.parametrize("phase, hours", [(Phase.long_haul, 8), (Phase.arrived, 1.5), ("", 4)])
def test_in_transit_by_what_the_newest_scan_predicts(phase, hours):
    """No looks while a parcel is on a long-haul leg; more once it reached its destination city."""
    c = cfg("kdniao", **{"tracking.jitter": 0})
    assert sch.next_check(S.in_transit, now=NOW, cfg=c, rng=random.Random(0), phase=phase) - NOW == hours * H


def test_a_parcel_not_picked_up_in_the_usual_window_is_looked_at_half_as_often():
    c = cfg("kdniao", **{"tracking.jitter": 0})
    early = sch.next_check(S.pending, now=NOW, cfg=c, rng=random.Random(0), waiting=5 * H)
    late = sch.next_check(S.pending, now=NOW, cfg=c, rng=random.Random(0), waiting=13 * H)
    assert early - NOW == 2 * H and late - NOW == 4 * H


def test_a_watched_parcel_is_looked_at_only_after_a_silent_day_and_never_once_finished():
    c = cfg("kuaidi100", **{"tracking.jitter": 0})
    assert sch.next_check_watched(S.in_transit, now=NOW, cfg=c, rng=random.Random(0)) - NOW == 24 * H
    assert sch.next_check_watched(S.delivered, now=NOW, cfg=c, rng=random.Random(0)) is None


@pytest.mark.parametrize("status", [S.delivered, S.returned, S.refused, S.cancelled, S.expired])
def test_no_more_checks_after_the_end(status):
    assert sch.next_check(status, now=NOW, cfg=cfg(), rng=random.Random(0)) is None


def test_kuaidi100_never_asks_the_same_number_within_30_minutes():
    c = cfg("kuaidi100", **{"tracking.interval.near_h": 0.1})  # owner set 6 minutes
    at = sch.next_check(S.out_for_delivery, now=NOW, cfg=c, rng=random.Random(0))
    assert at - NOW >= timedelta(minutes=30)
    assert sch.earliest_allowed(NOW, c) == NOW + timedelta(minutes=30)
    assert sch.earliest_allowed(NOW, cfg("kdniao")) is None


def test_backoff_doubles_up_to_the_cap_and_permanent_errors_wait_longest():
    c = cfg("kdniao", **{"tracking.jitter": 0})
    delays = [sch.next_check_after_failure(n, now=NOW, cfg=c, rng=random.Random(0)) - NOW for n in range(1, 10)]
    assert delays[:4] == [timedelta(minutes=5), timedelta(minutes=10), timedelta(minutes=20), timedelta(minutes=40)]
    assert delays[-1] == timedelta(hours=6) and delays == sorted(delays)
    assert sch.next_check_after_failure(1, now=NOW, cfg=c, rng=random.Random(0), permanent=True) - NOW == 6 * H


def test_retired_after_30_days_without_change():
    c = cfg()
    assert not sch.should_retire(S.in_transit, now=NOW, last_change_at=NOW - timedelta(days=29, hours=23), cfg=c)
    assert sch.should_retire(S.in_transit, now=NOW, last_change_at=NOW - timedelta(days=30), cfg=c)
    assert not sch.should_retire(S.delivered, now=NOW, last_change_at=NOW - timedelta(days=90), cfg=c)


def test_a_sped_up_demo_compresses_every_duration():
    c = cfg("sandbox", speed=3600)  # one simulated hour per second
    assert c.scale == 3600
    assert c.pending == timedelta(seconds=2) and c.near == timedelta(seconds=1)
    assert c.retire_after == timedelta(seconds=30 * 24)
    assert c.thresholds.stalled == timedelta(seconds=48) and c.thresholds.days(2) == timedelta(seconds=48)
    off = cfg("sandbox", speed=3600, **{"tracking.scale_with_sandbox": False})
    assert off.scale == 1 and off.pending == 2 * H
    assert cfg("kuaidi100", speed=3600).scale == 1  # real providers run on the real clock


def test_validate_settings_values():
    assert tracking_config.validate({"tracking.concurrency": "8", "alerts.pickup_h": "36"}) == {
        "tracking.concurrency": 8,
        "alerts.pickup_h": 36.0,
    }
    for bad in ({"tracking.concurrency": "-1"}, {"nope": 1}, {"alerts.pickup_h": "x"}):
        with pytest.raises(ValueError):
            tracking_config.validate(bad)


def test_a_fallback_parcel_is_never_left_longer_than_the_pulse():
    """Push on but this parcel not pushed: even a long-haul leg (8 h) is looked at within 2 h,
    jitter included; a finished parcel still needs no look."""
    c = cfg("kdniao")
    rng = random.Random(2)
    times = [
        sch.next_check(S.in_transit, now=NOW, cfg=c, rng=rng, phase=Phase.long_haul, fallback=True) - NOW
        for _ in range(200)
    ]
    assert max(times) <= 2 * H and min(times) >= 2 * H / 1.1 * 0.9
    assert sch.next_check(S.delivered, now=NOW, cfg=c, rng=rng, fallback=True) is None
    assert sch.next_check(S.in_transit, now=NOW, cfg=c, rng=random.Random(2), phase=Phase.long_haul) - NOW > 7 * H
