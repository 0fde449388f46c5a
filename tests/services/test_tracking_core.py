"""The tracking rule (services/tracking/core.decide) as a table: one row per situation — every
status transition, stale and replayed snapshots, failures of each kind, alerts raised and
cleared, retirement, pushed parcels — with the state, alerts and next look it must give. No
database: the core is a pure function of the previous state, the answer, the settings and now."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import pytest

from waybill_ui.carriers.protocol import ProviderConfigError, ProviderError, TrackEvent, TrackResult
from waybill_ui.carriers.status import TrackingStatus as S
from waybill_ui.services.tracking import config as tracking_config
from waybill_ui.services.tracking.core import Observation, decide
from waybill_ui.services.tracking.merge import StoredEvent
from waybill_ui.services.tracking.sql import ShipmentRow

T0 = datetime(2026, 5, 1, tzinfo=timezone.utc)
TEXTS = {
    S.picked_up: "【杭州】已揽收",
    S.in_transit: "快件已到达【杭州转运中心】",
    S.out_for_delivery: "快递员正在派件",
    S.delivered: "已签收，本人签收",
    S.exception: "快件异常：地址不详",
    S.returning: "退回中：收件人拒收",
    S.returned: "已退回寄件人",
    S.refused: "收件人拒收",
    S.failed_attempt: "派送不成功，联系不上收件人",
    S.available_for_pickup: "已放入驿站",
}


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def ev(hours: float, status: S, text: str = "") -> TrackEvent:
    return TrackEvent(time=at(hours), text=text or TEXTS[status], status=status)


def answer(*events: TrackEvent, status: S | None = None, phase: str = "") -> TrackResult:
    status = status if status is not None else (events[-1].status if events else None)
    return TrackResult(carrier="YTO", number="YT1", status=status, events=list(events), phase=phase)


def kept(*events: TrackEvent) -> list[StoredEvent]:
    return [
        StoredEvent(id=i + 1, time=e.time, text=e.text, status=str(e.status), dedupe_key=f"{int(e.time.timestamp())}:0")
        for i, e in enumerate(events)
    ]


@dataclass
class Row:
    """One situation: the parcel before, what was seen, and what the rule must decide."""

    name: str
    status: S
    before: tuple = ()  # events kept
    seen: TrackResult | ProviderError | None = None  # None: "no information yet"
    now_h: float = 10
    flags: tuple = ()
    failures: int = 0
    # expected
    to: S | None = None  # None: unchanged
    news: bool = False
    alerts: tuple = ()  # the flags after
    next_h: float | None = 0.0  # hours after now; None: never again
    failures_to: int = 0
    watched: bool = False
    push_watch: bool = False
    transit_days: int | None = None
    extra: dict = field(default_factory=dict)


PICK, MOVE, OUT, DONE = ev(2, S.picked_up), ev(8, S.in_transit), ev(20, S.out_for_delivery), ev(23, S.delivered)
MIN5 = 5 / 60
ROWS = [
    # --- transitions --------------------------------------------------------------------------
    Row("no information yet keeps pending", S.pending, seen=answer(), now_h=1, next_h=2),
    Row(
        "pending -> picked up",
        S.pending,
        seen=answer(PICK),
        now_h=3,
        to=S.picked_up,
        news=True,
        next_h=4,
        extra={"picked_up_at": at(2)},
    ),
    Row(
        "picked up -> in transit",
        S.picked_up,
        (PICK,),
        answer(PICK, MOVE),
        now_h=9,
        to=S.in_transit,
        news=True,
        next_h=4,
    ),
    Row(
        "in transit, long haul ahead",
        S.in_transit,
        (PICK,),
        answer(PICK, MOVE, phase="long_haul"),
        now_h=9,
        news=True,
        next_h=8,
    ),
    Row(
        "in transit, arrived in the city",
        S.in_transit,
        (PICK,),
        answer(PICK, MOVE, phase="arrived"),
        now_h=9,
        news=True,
        next_h=1.5,
    ),
    Row(
        "in transit -> out for delivery",
        S.in_transit,
        (PICK, MOVE),
        answer(PICK, MOVE, OUT),
        now_h=21,
        to=S.out_for_delivery,
        news=True,
        next_h=1,
    ),
    Row(
        "out for delivery -> delivered",
        S.out_for_delivery,
        (PICK, MOVE, OUT),
        answer(PICK, MOVE, OUT, DONE),
        now_h=24,
        to=S.delivered,
        news=True,
        next_h=None,
        extra={"delivered_at": at(23)},
    ),
    Row(
        "delivered clears a delivery alert",
        S.out_for_delivery,
        (PICK, MOVE, OUT),
        answer(PICK, MOVE, OUT, DONE),
        now_h=50,
        flags=("delivery_overdue",),
        to=S.delivered,
        news=True,
        alerts=(),
        next_h=None,
    ),
    Row(
        "failed attempt is looked at soon",
        S.out_for_delivery,
        (PICK, MOVE, OUT),
        answer(PICK, MOVE, OUT, ev(21, S.failed_attempt)),
        now_h=22,
        to=S.failed_attempt,
        news=True,
        next_h=1,
    ),
    Row(
        "waiting at a pickup point",
        S.out_for_delivery,
        (PICK, MOVE, OUT),
        answer(PICK, MOVE, OUT, ev(21, S.available_for_pickup)),
        now_h=22,
        to=S.available_for_pickup,
        news=True,
        next_h=4,
    ),
    Row(
        "exception raises 异常件",
        S.in_transit,
        (PICK, MOVE),
        answer(PICK, MOVE, ev(12, S.exception)),
        now_h=13,
        to=S.exception,
        news=True,
        alerts=("exception",),
        next_h=4,
    ),
    Row(
        "moving again clears 异常件",
        S.exception,
        (PICK, MOVE, ev(12, S.exception)),
        answer(PICK, MOVE, ev(12, S.exception), ev(14, S.in_transit, "快件已从【杭州】发出")),
        now_h=15,
        flags=("exception",),
        to=S.in_transit,
        news=True,
        alerts=(),
        next_h=4,
    ),
    Row(
        "returning raises 退回",
        S.in_transit,
        (PICK, MOVE),
        answer(PICK, MOVE, ev(12, S.returning)),
        now_h=13,
        to=S.returning,
        news=True,
        alerts=("returned",),
        next_h=8,
    ),
    Row(
        "returned is terminal and keeps 退回",
        S.returning,
        (PICK, MOVE, ev(12, S.returning)),
        answer(PICK, MOVE, ev(12, S.returning), ev(40, S.returned)),
        now_h=41,
        flags=("returned",),
        to=S.returned,
        news=True,
        alerts=("returned",),
        next_h=None,
    ),
    Row(
        "refused raises 拒收",
        S.out_for_delivery,
        (PICK, MOVE, OUT),
        answer(PICK, MOVE, OUT, ev(21, S.refused)),
        now_h=22,
        to=S.refused,
        news=True,
        alerts=("refused",),
        next_h=None,
    ),
    # --- stale and replayed snapshots ---------------------------------------------------------
    Row(
        "a replayed snapshot changes nothing",
        S.out_for_delivery,
        (PICK, MOVE, OUT),
        answer(PICK, MOVE, OUT),
        now_h=21,
        next_h=1,
    ),
    Row(
        "an older snapshot never moves the status back",
        S.out_for_delivery,
        (PICK, MOVE, OUT),
        answer(PICK, MOVE),
        now_h=21,
        next_h=1,
    ),
    Row(
        "as new but fewer events is stale too",
        S.out_for_delivery,
        (PICK, MOVE, ev(20, S.out_for_delivery), ev(20, S.out_for_delivery, "派件员：李四")),
        answer(PICK, ev(20, S.in_transit, "快件已到达【深圳】")),
        now_h=21,
        news=True,
        next_h=1,
    ),
    Row(
        "a corrected text is news without a new status",
        S.in_transit,
        (PICK, MOVE),
        answer(PICK, ev(8, S.in_transit, "快件已到达【杭州转运中心】（更正）")),
        now_h=9,
        news=True,
        next_h=4,
    ),
    Row(
        "a status without events still counts",
        S.pending,
        seen=answer(status=S.in_transit),
        now_h=3,
        to=S.in_transit,
        news=True,
        next_h=4,
    ),
    # --- failures -----------------------------------------------------------------------------
    Row(
        "a transient failure backs off 5 minutes",
        S.in_transit,
        (PICK, MOVE),
        ProviderError("timeout"),
        now_h=9,
        next_h=MIN5,
        failures_to=1,
    ),
    Row(
        "the third failure backs off 20 minutes",
        S.in_transit,
        (PICK, MOVE),
        ProviderError("timeout"),
        now_h=9,
        failures=2,
        next_h=4 * MIN5,
        failures_to=3,
    ),
    Row(
        "a permanent failure waits the longest and asks for the phone",
        S.in_transit,
        (PICK, MOVE),
        ProviderError("phone", code="phone_required", transient=False),
        now_h=9,
        next_h=6,
        failures_to=1,
        alerts=("tracking_phone",),
    ),
    Row(
        "an account problem pauses without counting a failure",
        S.in_transit,
        (PICK, MOVE),
        ProviderConfigError("bad key"),
        now_h=9,
        failures=1,
        next_h=0.25,
        failures_to=1,
    ),
    Row(
        "a failure raises no no-news alert",
        S.pending,
        seen=ProviderError("timeout"),
        now_h=30,
        next_h=MIN5,
        failures_to=1,
        alerts=(),
    ),
    Row(
        "a failure keeps a no-news alert",
        S.pending,
        seen=ProviderError("timeout"),
        now_h=30,
        flags=("pickup_overdue",),
        next_h=MIN5,
        failures_to=1,
        alerts=("pickup_overdue",),
    ),
    Row(
        "an answer after failures resets them",
        S.in_transit,
        (PICK, MOVE),
        answer(PICK, MOVE),
        now_h=9,
        failures=3,
        next_h=4,
    ),
    # --- time-based alerts and retirement -----------------------------------------------------
    Row("past the 12 h pickup window pending is looked at half as often", S.pending, seen=answer(), now_h=13, next_h=4),
    Row("no pickup in 24 h raises 揽收超时", S.pending, seen=answer(), now_h=25, alerts=("pickup_overdue",), next_h=4),
    Row(
        "no scan in 48 h raises 中转超时",
        S.in_transit,
        (PICK, MOVE),
        answer(PICK, MOVE),
        now_h=57,
        alerts=("transit_stalled",),
        next_h=4,
    ),
    Row(
        "news clears 中转超时",
        S.in_transit,
        (PICK, MOVE),
        answer(PICK, MOVE, ev(57, S.in_transit, "到达【深圳】")),
        now_h=58,
        flags=("transit_stalled",),
        news=True,
        alerts=(),
        next_h=4,
    ),
    Row(
        "beyond the carrier's days raises 超时效",
        S.in_transit,
        (PICK, MOVE),
        answer(PICK, MOVE),
        now_h=40,
        transit_days=1,
        alerts=("transit_overdue",),
        next_h=4,
    ),
    Row(
        "30 days without news retires the parcel",
        S.in_transit,
        (PICK, MOVE),
        answer(PICK, MOVE),
        now_h=8 + 30 * 24,
        to=S.expired,
        news=True,
        alerts=(),
        next_h=None,
        flags=("transit_stalled",),
    ),
    # --- pushed parcels -----------------------------------------------------------------------
    Row(
        "a pushed parcel is looked at only when silent",
        S.in_transit,
        (PICK,),
        answer(PICK, MOVE),
        now_h=9,
        news=True,
        watched=True,
        push_watch=True,
        next_h=24,
    ),
    Row(
        "an unpushed parcel under push is polled at least every 2 h",
        S.in_transit,
        (PICK,),
        answer(PICK, MOVE, phase="long_haul"),
        now_h=9,
        news=True,
        push_watch=True,
        next_h=2,
    ),
]


def previous(row: Row) -> ShipmentRow:
    last = row.before[-1].time if row.before else None
    picked = min((e.time for e in row.before if e.status != S.pending), default=None)
    return ShipmentRow(
        id=7,
        status=str(row.status),
        raw_state="",
        shipped_at=T0,
        picked_up_at=picked,
        delivered_at=None,
        last_event_at=last,
        check_failures=row.failures,
        alert_flags=list(row.flags),
        sender_address_id=None,
        carrier_code="YTO",
        number="YT1",
        cancelled_at=None,
        last_error="",
        order_no="T1",
        province="广东省",
    )


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_the_rule(row: Row):
    cfg = tracking_config.build({"tracking.jitter": 0}, provider="fake")
    if row.push_watch:
        cfg = tracking_config.TrackingConfig(**{**cfg.__dict__, "push_watch": True})
    seen = Observation(error=row.seen) if isinstance(row.seen, ProviderError) else Observation(result=row.seen)
    now = at(row.now_h)
    d = decide(
        previous(row),
        kept(*row.before),
        seen,
        cfg=cfg,
        now=now,
        rng=random.Random(1),
        watched=row.watched,
        transit_days=lambda: row.transit_days,
    )
    assert d.status == str(row.to or row.status)
    assert d.news == row.news
    assert sorted(d.flags) == sorted(row.alerts)
    assert (d.alerts is not None) == (sorted(row.alerts) != sorted(row.flags))  # the store syncs only a change
    assert d.next_check_at == (None if row.next_h is None else now + timedelta(hours=row.next_h))
    assert d.check_failures == row.failures_to
    assert d.failed == isinstance(row.seen, ProviderError)
    assert (d.audit is not None) == (row.to is not None and row.to != row.status)
    if isinstance(row.seen, ProviderConfigError):
        assert d.config_error is row.seen and d.last_error.startswith("provider_config")
    for key, value in row.extra.items():
        assert getattr(d, key) == value


def test_it_touches_nothing_it_is_given():
    """Pure: the same inputs give the same decision, and the inputs are left as they were."""
    row = ROWS[6]
    before, events = previous(row), kept(*row.before)
    cfg = tracking_config.build({}, provider="fake")
    first = decide(before, events, Observation(result=row.seen), cfg=cfg, now=at(24), rng=random.Random(3))
    again = decide(before, events, Observation(result=row.seen), cfg=cfg, now=at(24), rng=random.Random(3))
    assert first == again and before == previous(row) and events == kept(*row.before)


def test_events_to_store_are_only_the_new_ones():
    d = decide(
        previous(ROWS[5]),
        kept(PICK, MOVE),
        Observation(result=answer(PICK, MOVE, OUT)),
        cfg=tracking_config.build({}, provider="fake"),
        now=at(21),
        rng=random.Random(1),
    )
    assert [r[2] for r in d.new_rows] == [TEXTS[S.out_for_delivery]] and d.event_updates == []
