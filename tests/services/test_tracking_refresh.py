"""Refreshing shipments: due selection, idempotent merge, adaptive schedule, backoff, fault
isolation, provider refusal — on a fake clock with a scripted provider or the embedded network."""

import random
from datetime import datetime, timedelta, timezone

import httpx
from fastapi import FastAPI
from sqlmodel import select

from waybill_ui import events
from waybill_ui.carriers.http import ProviderHTTP
from waybill_ui.carriers.protocol import ProviderConfigError, ProviderError
from waybill_ui.carriers.sandbox import SandboxProvider
from waybill_ui.carriers.status import TrackingStatus as S
from waybill_ui.db.models import Alert, AuditLog, Shipment, TrackingEvent
from waybill_ui.sandbox.server import PREFIX, Sandbox, SandboxConfig, build_router
from waybill_ui.services.tracking import refresh as tracking
from waybill_ui.services.tracking import config as tracking_config
from waybill_ui.services.tracking import store as tracking_store
from tests.tracking_factories import FakeProvider, event, make_many, make_shipment, result, transient

T0 = datetime(2026, 5, 1, 0, 0, tzinfo=timezone.utc)


class Clock:
    def __init__(self, now=T0):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, **kw):
        self.now += timedelta(**kw)


def cfg(provider="fake", **values):
    return tracking_config.build({"tracking.concurrency": 4, **values}, provider=provider)


def shipment(db, sid):
    with db.read() as session:
        return session.get(Shipment, sid)


def events_of(db, sid):
    with db.read() as session:
        return list(
            session.exec(
                select(TrackingEvent)
                .where(TrackingEvent.shipment_id == sid)
                .order_by(TrackingEvent.event_time, TrackingEvent.id)
            )
        )


def open_alerts(db, sid=None):
    with db.read() as session:
        query = select(Alert).where(Alert.status != "resolved")
        if sid:
            query = query.where(Alert.shipment_id == sid)
        return {a.kind for a in session.exec(query)}


def story(number, start, upto):
    """A parcel's answer showing its events up to `upto` hours after `start`."""
    evs = [
        event(2, "【杭州】已揽收", S.picked_up, start=start, sub="103"),
        event(8, "快件已到达【杭州转运中心】", S.in_transit, start=start, sub="1002"),
        event(8, "快件已从【杭州转运中心】发出", S.in_transit, start=start, sub="1002"),
        event(20, "【深圳南山】快递员正在派件", S.out_for_delivery, start=start, sub="5"),
        event(23, "已签收，本人签收", S.delivered, start=start, sub="301"),
    ]
    return result(number, [e for e in evs if e.time <= start + timedelta(hours=upto)])


async def test_never_checked_shipments_are_due_and_others_by_next_check_at(db):
    clock = Clock()
    fresh = make_shipment(db, shipped_at=T0)
    later = make_shipment(db, shipped_at=T0, next_check_at=T0 + timedelta(hours=1), last_checked_at=T0)
    done = make_shipment(db, shipped_at=T0, status="delivered")
    cancelled = make_shipment(db, shipped_at=T0, cancelled_at=T0)
    assert [t.id for t in tracking_store.due_targets(db, now=clock())] == [fresh]
    clock.advance(hours=1)
    assert {t.id for t in tracking_store.due_targets(db, now=clock())} == {fresh, later}
    assert done not in {t.id for t in tracking_store.due_targets(db, now=clock() + timedelta(days=9))}
    assert cancelled not in {t.id for t in tracking_store.due_targets(db, now=clock() + timedelta(days=9))}


async def test_refresh_merges_events_and_updates_the_shipment(db):
    clock = Clock()
    sid = make_shipment(db, shipped_at=T0, number="YT9000000000001")
    provider = FakeProvider({"YT9000000000001": lambda q: story(q.number, T0, (clock() - T0) / timedelta(hours=1))})
    clock.advance(hours=9)
    with events.recorded() as published:
        summary = await tracking.refresh_due(db, provider, cfg=cfg(), now_fn=clock, rng=random.Random(0))
    assert summary.as_dict() == {"checked": 1, "changed": 1, "failed": 0, "skipped": 0, "left": 0}
    row = shipment(db, sid)
    assert row.status == "in_transit" and row.picked_up_at == T0 + timedelta(hours=2)
    assert row.last_event_at == T0 + timedelta(hours=8) and row.last_checked_at == clock()
    assert timedelta(hours=3.6) <= row.next_check_at - clock() <= timedelta(hours=4.4)  # in transit: 4 h ± jitter
    assert events.ShipmentsUpdated(ids=(sid,)) in published
    assert [e.raw_substate for e in events_of(db, sid)] == ["103", "1002", "1002"]
    assert provider.calls[0].phone == "5678" and provider.calls[0].to_text == "广东省深圳市南山区"

    # the same answer again adds nothing and changes nothing
    again = await tracking.refresh_now(db, provider, ids=[sid], cfg=cfg(), now_fn=clock, rng=random.Random(0))
    assert again.changed == 0 and len(events_of(db, sid)) == 3

    clock.advance(hours=12)  # out for delivery: look again within the hour
    await tracking.refresh_now(db, provider, ids=[sid], cfg=cfg(), now_fn=clock, rng=random.Random(0))
    row = shipment(db, sid)
    assert row.status == "out_for_delivery" and row.next_check_at - clock() <= timedelta(hours=1.1)

    clock.advance(hours=4)
    await tracking.refresh_now(db, provider, ids=[sid], cfg=cfg(), now_fn=clock, rng=random.Random(0))
    row = shipment(db, sid)
    assert row.status == "delivered" and row.delivered_at == T0 + timedelta(hours=23) and row.next_check_at is None
    assert len(events_of(db, sid)) == 5
    with db.read() as session:
        changes = [
            (a.from_status, a.to_status)
            for a in session.exec(select(AuditLog).where(AuditLog.entity == "shipment", AuditLog.entity_id == str(sid)))
        ]
    assert changes == [("pending", "in_transit"), ("in_transit", "out_for_delivery"), ("out_for_delivery", "delivered")]


async def test_a_corrected_event_is_updated_not_duplicated(db):
    clock = Clock(T0 + timedelta(hours=30))
    sid = make_shipment(db, shipped_at=T0, number="YT9000000000002")
    answer = story("YT9000000000002", T0, 30)
    provider = FakeProvider({"YT9000000000002": answer})
    await tracking.refresh_now(db, provider, ids=[sid], cfg=cfg(), now_fn=clock)
    answer.events[3].text = "【深圳南山科技园】快递员张师傅正在派件"
    answer.events[3].location = "深圳市"
    summary = await tracking.refresh_now(db, provider, ids=[sid], cfg=cfg(), now_fn=clock)
    kept = events_of(db, sid)
    assert summary.changed == 1 and len(kept) == 5
    assert kept[3].text.startswith("【深圳南山科技园】") and kept[3].location == "深圳市"


async def test_no_result_yet_keeps_pending_and_checks_again_in_two_hours(db):
    clock = Clock()
    sid = make_shipment(db, shipped_at=T0)
    summary = await tracking.refresh_due(db, FakeProvider(default=None), cfg=cfg(), now_fn=clock, rng=random.Random(3))
    row = shipment(db, sid)
    assert summary.checked == 1 and summary.failed == 0 and row.status == "pending"
    assert timedelta(hours=1.8) <= row.next_check_at - clock() <= timedelta(hours=2.2)


async def test_failures_back_off_per_shipment_and_never_stop_the_others(db):
    clock = Clock()
    ids = [make_shipment(db, shipped_at=T0, number=f"YT90000000001{i:02d}") for i in range(6)]
    bad = {
        "YT9000000000100": transient("timeout"),
        "YT9000000000101": transient("http_error"),
        "YT9000000000102": ProviderError("not JSON", code="malformed"),
        "YT9000000000103": RuntimeError("adapter bug"),
    }
    good = {f"YT90000000001{i:02d}": story(f"YT90000000001{i:02d}", T0, 9) for i in (4, 5)}
    provider = FakeProvider({**bad, **good})
    clock.advance(hours=9)
    summary = await tracking.refresh_due(db, provider, cfg=cfg(**{"tracking.jitter": 0}), now_fn=clock)
    assert summary.as_dict() == {"checked": 6, "changed": 2, "failed": 4, "skipped": 0, "left": 0}
    for sid in ids[:4]:
        row = shipment(db, sid)
        assert row.check_failures == 1 and row.last_error and row.next_check_at == clock() + timedelta(minutes=5)
    assert shipment(db, ids[3]).last_error.startswith("unexpected")
    assert all(shipment(db, sid).status == "in_transit" for sid in ids[4:])
    # still failing: the wait doubles, only for the failing ones
    clock.advance(minutes=5)
    again = await tracking.refresh_due(db, provider, cfg=cfg(**{"tracking.jitter": 0}), now_fn=clock)
    assert again.checked == 4
    assert shipment(db, ids[0]).check_failures == 2
    assert shipment(db, ids[0]).next_check_at == clock() + timedelta(minutes=10)
    # recovery resets the count
    provider.answers["YT9000000000100"] = story("YT9000000000100", T0, 9)
    clock.advance(minutes=10)
    await tracking.refresh_due(db, provider, cfg=cfg(), now_fn=clock)
    row = shipment(db, ids[0])
    assert row.check_failures == 0 and row.last_error == "" and row.status == "in_transit"


async def test_embedded_network_faults_are_isolated(db, tmp_path):
    box = Sandbox(
        SandboxConfig(seed=2, speed=3600 * 24, customer="C", key="K", faults="5xx=0.3,malformed=0.2"),
        tmp_path / "sb.db",
    )
    app = FastAPI()
    app.include_router(build_router(lambda: box))
    http = ProviderHTTP(retries=0, timeout_s=2, transport=httpx.ASGITransport(app))
    provider = SandboxProvider(http, base_url=f"http://net.test{PREFIX}", customer="C", key="K")
    ids = make_many(db, 60)
    summary = await tracking.refresh_now(db, provider, ids=ids, cfg=cfg("sandbox"))
    assert summary.checked == 60 and 5 < summary.failed < 45
    with db.read() as session:
        rows = list(session.exec(select(Shipment).where(Shipment.id.in_(ids))))
    failed = [r for r in rows if r.check_failures]
    assert len(failed) == summary.failed
    assert all(r.last_error.split(":")[0] in {"http_error", "malformed"} for r in failed)
    assert all(r.next_check_at is not None for r in rows)
    await http.aclose()
    box.close()


async def test_a_refused_account_pauses_the_job_and_raises_one_alert(db):
    clock = Clock()
    ids = [make_shipment(db, shipped_at=T0) for _ in range(5)]
    provider = FakeProvider(default=ProviderConfigError("503 验证签名失败", code="bad_sign"))
    provider.name = "refusing"
    summary = await tracking.refresh_due(db, provider, cfg=cfg(**{"tracking.concurrency": 1}), now_fn=clock)
    assert summary.failed == 1 and len(provider.calls) == 1  # stopped asking after the refusal
    assert open_alerts(db) == {"provider_config"}
    assert shipment(db, ids[0]).check_failures == 0 and "bad_sign" in shipment(db, ids[0]).last_error
    assert (await tracking.refresh_due(db, provider, cfg=cfg(), now_fn=clock)).paused
    # fixed settings: the pause ends, the alert clears itself
    provider.default = None
    clock.advance(hours=1)
    summary = await tracking.refresh_due(db, provider, cfg=cfg(), now_fn=clock)
    assert summary.checked == 5 and open_alerts(db) == set()


async def test_phone_needed_waits_long_and_raises_an_alert(db):
    clock = Clock()
    sid = make_shipment(db, carrier="SF", number="SF1234567890123", shipped_at=T0, phone="")
    provider = FakeProvider(default=ProviderError("need phone", code="phone_required", transient=False))
    await tracking.refresh_due(db, provider, cfg=cfg(**{"tracking.jitter": 0}), now_fn=clock)
    row = shipment(db, sid)
    assert row.next_check_at == clock() + timedelta(hours=6)
    assert open_alerts(db, sid) == {"tracking_phone"}


async def test_retired_to_expired_after_30_days_without_news(db):
    clock = Clock(T0 + timedelta(days=31))
    sid = make_shipment(db, shipped_at=T0)
    await tracking.refresh_due(db, FakeProvider(default=None), cfg=cfg(), now_fn=clock)
    row = shipment(db, sid)
    assert row.status == "expired" and row.next_check_at is None


async def test_refresh_now_respects_the_per_number_limit(db):
    clock = Clock()
    sid = make_shipment(db, shipped_at=T0)
    provider = FakeProvider(default=None)
    kd = cfg(**{"tracking.rate.fake.min_gap_min": 30})
    assert (await tracking.refresh_now(db, provider, ids=[sid], cfg=kd, now_fn=clock)).checked == 1
    clock.advance(minutes=10)
    second = await tracking.refresh_now(db, provider, ids=[sid], cfg=kd, now_fn=clock)
    assert (
        second.as_dict() == {"checked": 0, "changed": 0, "failed": 0, "skipped": 1, "left": 0}
        and len(provider.calls) == 1
    )
    clock.advance(minutes=21)
    assert (await tracking.refresh_now(db, provider, ids=[sid], cfg=kd, now_fn=clock)).checked == 1


async def test_concurrency_is_bounded(db):
    import asyncio

    ids = make_many(db, 40)
    running, peak = 0, 0

    class Slow(FakeProvider):
        async def track(self, query):
            nonlocal running, peak
            running += 1
            peak = max(peak, running)
            await asyncio.sleep(0.01)
            running -= 1
            return await super().track(query)

    summary = await tracking.refresh_now(db, Slow(default=None), ids=ids, cfg=cfg(**{"tracking.concurrency": 5}))
    assert summary.checked == 40 and peak == 5


async def test_first_look_comes_sooner_on_a_sped_up_network(db):
    """Shipping plans the first look 30 real minutes ahead; at demo speed it is due much sooner."""
    from waybill_ui.services.tracking import config as tracking_config

    clock = Clock()
    new = make_shipment(db, shipped_at=T0, next_check_at=T0 + timedelta(minutes=30))
    real = tracking_config.build({}, provider="sandbox", sandbox_speed=1)
    demo = tracking_config.build({}, provider="sandbox", sandbox_speed=600)
    clock.advance(minutes=1)
    assert tracking_store.due_targets(db, now=clock(), first_check=real.first_check) == []
    assert [t.id for t in tracking_store.due_targets(db, now=clock(), first_check=demo.first_check)] == [new]
    clock.advance(minutes=30)
    assert [t.id for t in tracking_store.due_targets(db, now=clock(), first_check=real.first_check)] == [new]


class Ticking(Clock):
    """A clock that moves on by `step` each time it is read."""

    def __init__(self, step: timedelta):
        super().__init__()
        self.step = step

    def __call__(self):
        self.now += self.step
        return self.now


async def test_refresh_all_asked_by_a_person_answers_within_its_budget_and_leaves_the_rest_due(db):
    ids = make_many(db, 30)
    clock = Ticking(timedelta(seconds=1))
    provider = FakeProvider(default=None)
    summary = await tracking.refresh_due(
        db, provider, cfg=cfg(**{"tracking.concurrency": 1}), now_fn=clock, budget=timedelta(seconds=10)
    )
    assert 0 < summary.checked < 30 and summary.left == 30 - len(provider.calls)
    assert summary.checked + summary.failed == len(provider.calls)
    assert summary.as_dict()["left"] == summary.left
    # the ones not asked about are still due: the job's next pass (no budget) takes them all
    asked = {q.number for q in provider.calls}
    due = {t.id for t in tracking_store.due_targets(db, now=clock.now)}
    assert len(due & set(ids)) >= summary.left
    rest = await tracking.refresh_due(db, FakeProvider(default=None), cfg=cfg(), now_fn=Clock(clock.now))
    assert rest.left == 0 and rest.checked >= summary.left
    assert len(asked) == len(provider.calls)  # nobody was asked twice within the budgeted pass


async def test_without_a_budget_every_due_parcel_is_asked(db):
    make_many(db, 12)
    clock = Ticking(timedelta(minutes=5))  # time flies, but the job has no budget
    summary = await tracking.refresh_due(db, FakeProvider(default=None), cfg=cfg(), now_fn=clock)
    assert summary.checked == 12 and summary.left == 0
