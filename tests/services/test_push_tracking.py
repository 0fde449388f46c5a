"""Push tracking's rules on an injectable clock: subscribing once, abort → again after 30
minutes under the corrected carrier, at most 4 a month, shutdown stops, refusals fall back to
polling, silent parcels are looked at, and no callbacks at all → say so and poll."""

import random
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from waybill_ui.carriers.protocol import CarrierProvider, PushUpdate, SubscribeQuery, SubscribeResult
from waybill_ui.carriers.status import TrackingStatus as S
from waybill_ui.db.models import Alert, PushChannel, Shipment, TrackingEvent, TrackingSubscription
from waybill_ui.services.tracking import push_health
from waybill_ui.services.tracking import push_store
from waybill_ui.services.tracking import push_subscribe
from waybill_ui.services.tracking import config as tracking_config
from waybill_ui.services.tracking import store as tracking_store
from tests.tracking_factories import event, make_shipment, result

NOW = datetime(2026, 5, 10, 4, 0, tzinfo=timezone.utc)  # 12:00 in Shanghai
M = timedelta(minutes=1)
H = timedelta(hours=1)


class Subscriber(CarrierProvider):
    name = "kuaidi100"
    capabilities = frozenset({"track", "subscribe"})

    def __init__(self, answer=None):
        self.answer = answer or SubscribeResult("subscribed", "200", "提交成功")
        self.calls: list[SubscribeQuery] = []

    async def subscribe(self, query):
        self.calls.append(query)
        return self.answer(query) if callable(self.answer) else self.answer


def cfg(**values):
    return replace(tracking_config.build({"tracking.jitter": 0, **values}, provider="kuaidi100"), push_watch=True)


async def subscribe(db, provider, at, **kw):
    return await push_subscribe.subscribe_due(
        db, provider, cfg=cfg(**kw), callback_url="https://x/cb", salt="s", now_fn=lambda: at, rng=random.Random(0)
    )


def sub(db, sid):
    with db.read() as session:
        return session.scalar(select(TrackingSubscription).where(TrackingSubscription.shipment_id == sid))


def shipment(db, sid):
    with db.read() as session:
        return session.get(Shipment, sid)


def push(number, monitor="polling", events=(), carrier="YTO", carrier_new="", message=""):
    res = result(number, list(events), carrier=carrier) if events or monitor != "abort" else None
    return PushUpdate(
        provider="kuaidi100",
        number=number,
        carrier=carrier,
        monitor=monitor,
        message=message,
        carrier_new=carrier_new,
        result=res,
    )


def apply(db, updates, at, **kw):
    return push_store.apply_pushes(db, updates, cfg=cfg(**kw), now=at, rng=random.Random(0))


async def test_subscribed_once_then_only_looked_at_after_a_silent_day(db):
    sid = make_shipment(db, shipped_at=NOW - 40 * M)
    provider = Subscriber()
    summary = await subscribe(db, provider, NOW)
    assert summary.subscribed == 1 and len(provider.calls) == 1
    query = provider.calls[0]
    assert (query.callback_url, query.salt, query.carrier) == ("https://x/cb", "s", "YTO")
    assert query.to_text == "广东省深圳市南山区"
    row = sub(db, sid)
    assert (row.state, row.code, row.month, row.month_count) == ("subscribed", "200", "2026-05", 1)
    assert (await subscribe(db, provider, NOW + H)).subscribed == 0 and len(provider.calls) == 1
    # no first look 30 minutes after shipping: the provider brings the news
    assert tracking_store.due_targets(db, now=NOW + H, first_check=30 * M, watch=True) == []
    assert shipment(db, sid).next_check_at == NOW + 24 * H
    assert [t.id for t in tracking_store.due_targets(db, now=NOW + 25 * H, first_check=30 * M, watch=True)] == [sid]
    # without push (or while callbacks stay away) it is polled as before
    assert [t.id for t in tracking_store.due_targets(db, now=NOW + H, first_check=30 * M)] == [sid]


async def test_a_push_stores_the_snapshot_and_keeps_the_watchdog(db):
    sid = make_shipment(db, number="YT9100000000001")
    await subscribe(db, Subscriber(), NOW)
    start = NOW - 10 * H
    events = [
        event(0, "已揽收", S.picked_up, start=start, sub="103"),
        event(5, "到达【杭州转运中心】", S.in_transit, start=start, sub="1002"),
    ]
    applied = apply(db, [push("YT9100000000001", events=events)], NOW)
    assert applied.stored == 1 and applied.changed_ids == [sid] and applied.unknown == []
    row, ship = sub(db, sid), shipment(db, sid)
    assert (row.state, row.callbacks, row.last_callback_at) == ("polling", 1, NOW)
    assert ship.status == "in_transit" and ship.last_checked_at is None  # nobody asked the provider
    assert ship.next_check_at == NOW + 24 * H
    # the same push twice in one batch, and again later: no duplicate event
    apply(db, [push("YT9100000000001", events=events), push("YT9100000000001", events=events)], NOW + M)
    with db.read() as session:
        assert len(session.scalars(select(TrackingEvent).where(TrackingEvent.shipment_id == sid)).all()) == 2
        channel = session.get(PushChannel, "kuaidi100")
    assert channel.accepted == 3 and sub(db, sid).callbacks == 2  # one per shipment per batch


async def test_out_of_order_snapshots_merge_and_never_move_back(db):
    sid = make_shipment(db, number="YT9100000000002")
    start = NOW - 20 * H
    e = [
        event(0, "已揽收", S.picked_up, start=start, sub="103"),
        event(6, "到达【武汉转运中心】", S.in_transit, start=start, sub="1002"),
        event(15, "派件员正在派件", S.out_for_delivery, start=start, sub="5"),
        event(18, "已签收", S.delivered, start=start, sub="301"),
    ]
    apply(db, [push("YT9100000000002", events=e[:3])], NOW)
    apply(db, [push("YT9100000000002", events=e[:2])], NOW + M)  # an older snapshot arrives late
    assert shipment(db, sid).status == "out_for_delivery"
    apply(db, [push("YT9100000000002", "shutdown", events=e)], NOW + 2 * M)
    apply(db, [push("YT9100000000002", events=e[:3])], NOW + 3 * M)  # and a replay of the one before
    ship = shipment(db, sid)
    assert ship.status == "delivered" and ship.next_check_at is None and ship.delivered_at == e[3].time
    assert sub(db, sid).state == "shutdown"
    with db.read() as session:
        assert len(session.scalars(select(TrackingEvent).where(TrackingEvent.shipment_id == sid)).all()) == 4


async def test_abort_resubscribes_after_30_minutes_under_the_corrected_carrier(db):
    sid = make_shipment(db, number="75312345678901", carrier="YTO")
    provider = Subscriber()
    await subscribe(db, provider, NOW)
    apply(db, [push("75312345678901", "abort", carrier="YTO", carrier_new="ZTO", message="3天查询无记录")], NOW + H)
    row = sub(db, sid)
    assert (row.state, row.carrier_code, row.resubscribe_at) == ("aborted", "ZTO", NOW + H + 30 * M)
    assert shipment(db, sid).next_check_at == NOW + H  # polled meanwhile
    assert (await subscribe(db, provider, NOW + H + 29 * M)).subscribed == 0
    assert (await subscribe(db, provider, NOW + H + 30 * M)).subscribed == 1
    assert provider.calls[-1].carrier == "ZTO" and provider.calls[-1].number == "75312345678901"
    row = sub(db, sid)
    assert (row.state, row.month_count) == ("subscribed", 2)


async def test_an_owner_setting_below_30_minutes_is_not_obeyed(db):
    c = tracking_config.build({"tracking.push.resubscribe_min": 5}, provider="kuaidi100")
    assert c.push_resubscribe == 30 * M


async def test_never_more_than_four_subscriptions_a_month(db):
    sid = make_shipment(db, number="YT9100000000003")
    provider = Subscriber()
    at = NOW
    for _ in range(4):
        assert (await subscribe(db, provider, at)).subscribed == 1
        apply(db, [push("YT9100000000003", "abort")], at + M)
        at += H
    summary = await subscribe(db, provider, at)
    assert summary.subscribed == 0 and summary.deferred == 1 and len(provider.calls) == 4
    row = sub(db, sid)
    next_month = datetime(2026, 5, 31, 16, 0, tzinfo=timezone.utc)  # 2026-06-01 00:00 in Shanghai
    assert (row.state, row.code, row.resubscribe_at) == ("aborted", "limit", next_month)
    assert (await subscribe(db, provider, next_month - M)).subscribed == 0
    assert (await subscribe(db, provider, next_month)).subscribed == 1 and sub(db, sid).month_count == 1


async def test_shutdown_stops(db):
    sid = make_shipment(db, number="YT9100000000004")
    provider = Subscriber()
    await subscribe(db, provider, NOW)
    apply(db, [push("YT9100000000004", "shutdown")], NOW + H)
    assert sub(db, sid).state == "shutdown"
    assert (await subscribe(db, provider, NOW + 30 * 24 * H)).subscribed == 0 and len(provider.calls) == 1


@pytest.mark.parametrize(
    "answer, state, retry",
    [
        (SubscribeResult("failed", "700", "订阅数据有误"), "failed", False),
        (SubscribeResult("retry", "500", "服务器错误"), "failed", True),
        (SubscribeResult("config", "600", "不是合法的订阅者"), "failed", True),
    ],
)
async def test_a_refused_subscription_falls_back_to_polling(db, answer, state, retry):
    sid = make_shipment(db, shipped_at=NOW - 40 * M)
    summary = await subscribe(db, Subscriber(answer), NOW)
    assert summary.failed == 1 and summary.refused_account == (answer.outcome == "config")
    row = sub(db, sid)
    assert row.state == state and row.code == answer.code and (row.resubscribe_at is not None) == retry
    assert [t.id for t in tracking_store.due_targets(db, now=NOW, first_check=30 * M, watch=True)] == [sid]


async def test_no_callback_while_subscriptions_exist_says_so_and_polls(db):
    sid = make_shipment(db, number="YT9100000000005")
    await subscribe(db, Subscriber(), NOW)
    c = cfg()
    assert shipment(db, sid).next_check_at == NOW + 24 * H
    early = push_health.health(db, now=NOW + 5 * H, cfg=c, is_enabled=True, provider="kuaidi100")
    assert not early.silent and early.watching and early.by_state == {"subscribed": 1}
    later = push_health.health(db, now=NOW + 6 * H, cfg=c, is_enabled=True, provider="kuaidi100")
    assert later.silent and not later.watching
    assert push_health.is_silent(db, now=NOW + 6 * H, cfg=c)
    assert push_health.apply_fallback(db, later.silent, cfg=c, now=NOW + 6 * H) == 1
    assert shipment(db, sid).next_check_at == NOW + 6 * H  # looked at now, then on the adaptive schedule
    with db.read() as session:
        alert = session.scalar(select(Alert).where(Alert.kind == "push_silent"))
    assert alert.status != "resolved" and "6 小时" in alert.message
    # a callback arrives: the alert clears and the parcel is watched again
    apply(db, [push("YT9100000000005", events=[event(0, "已揽收", S.picked_up, start=NOW, sub="103")])], NOW + 7 * H)
    back = push_health.health(db, now=NOW + 7 * H, cfg=c, is_enabled=True, provider="kuaidi100")
    assert back.watching
    assert not push_health.is_silent(db, now=NOW + 7 * H, cfg=c)
    push_health.apply_fallback(db, back.silent, cfg=c, now=NOW + 7 * H)
    with db.read() as session:
        assert session.scalar(select(Alert.status).where(Alert.kind == "push_silent")) == "resolved"
    off = push_health.health(db, now=NOW + 30 * H, cfg=c, is_enabled=False, provider="kuaidi100")
    assert not off.silent  # push off: nothing to say


async def test_callback_url_and_default_switch(settings):
    from waybill_ui.carriers.http import ProviderHTTP
    from waybill_ui.carriers.sandbox import SandboxProvider
    from waybill_ui.carriers.kdniao import KdniaoProvider

    http = ProviderHTTP()
    box = SandboxProvider(http, base_url="http://127.0.0.1:8080/sandbox", customer="c", key="k")
    kdn = KdniaoProvider(http, business_id="1", api_key="k", url="https://api.kdniao.com/x")
    assert push_health.enabled(settings, box) and not push_health.enabled(settings, kdn)
    assert push_health.callback_url(settings, box) == "http://127.0.0.1:8080/api/v1/tracking/push/kuaidi100"
    public = settings.model_copy(update={"public_url": "https://shop.example.com/", "tracking_push": True})
    assert push_health.enabled(public, kdn)
    assert push_health.callback_url(public, kdn) == "https://shop.example.com/api/v1/tracking/push/kdniao"
    assert not push_health.enabled(settings.model_copy(update={"tracking_push": False}), box)
    assert len(settings.push_salt) == 32 and settings.push_salt == settings.secrets.kuaidi100_salt
    await http.aclose()


async def test_a_watched_parcel_polled_after_its_silence_goes_back_to_waiting(db):
    from waybill_ui.services.tracking import refresh as tracking
    from tests.tracking_factories import FakeProvider

    sid = make_shipment(db, number="YT9100000000006")
    await subscribe(db, Subscriber(), NOW)
    start = NOW - 30 * H
    answer = result(
        "YT9100000000006",
        [
            event(0, "已揽收", S.picked_up, start=start, sub="103"),
            event(5, "到达【杭州转运中心】", S.in_transit, start=start, sub="1002"),
        ],
    )
    provider = FakeProvider({"YT9100000000006": answer})
    at = NOW + 25 * H
    summary = await tracking.refresh_due(db, provider, cfg=cfg(), now_fn=lambda: at, rng=random.Random(0))
    assert summary.checked == 1 and summary.changed == 1
    ship = shipment(db, sid)
    assert ship.last_checked_at == at and ship.next_check_at == at + 24 * H  # the provider still pushes
    # while callbacks stay away (push_watch off) the same answer plans an adaptive look
    await tracking.refresh_now(
        db,
        provider,
        ids=[sid],
        cfg=replace(cfg(), push_watch=False, min_gap=timedelta(0)),
        now_fn=lambda: at + H,
        rng=random.Random(0),
    )
    assert shipment(db, sid).next_check_at == at + H + 4 * H  # in transit, no phase on the fake's answer


async def test_push_switched_off_releases_the_waiting_parcels_to_polling(db):
    sid = make_shipment(db, number="YT9100000000007")
    await subscribe(db, Subscriber(), NOW)
    assert shipment(db, sid).next_check_at == NOW + 24 * H
    c = tracking_config.build({}, provider="kuaidi100")  # push off: push_watch stays False
    assert push_health.release_watched(db, cfg=c, now=NOW + H) == 1
    assert shipment(db, sid).next_check_at == NOW + H
    assert push_health.release_watched(db, cfg=c, now=NOW + 2 * H) == 0


async def test_a_refused_parcel_is_polled_at_least_as_often_as_the_old_pulse_while_push_is_on(db):
    """A parcel the provider will not push is not seen later than the 2-hour pulse would see it:
    its adaptive look (4 h in transit) is capped at tracking.push.fallback_max_h; with push off
    the adaptive schedule alone decides."""
    from waybill_ui.services.tracking import refresh as tracking
    from tests.tracking_factories import FakeProvider

    sid = make_shipment(db, number="YT9100000000008")
    await subscribe(db, Subscriber(SubscribeResult("failed", "700", "订阅数据有误")), NOW)
    assert sub(db, sid).state == "failed"
    start = NOW - 5 * H
    answer = result(
        "YT9100000000008",
        [
            event(0, "已揽收", S.picked_up, start=start, sub="103"),
            event(3, "到达【杭州转运中心】", S.in_transit, start=start, sub="1002"),
        ],
    )
    provider = FakeProvider({"YT9100000000008": answer})
    await tracking.refresh_now(
        db, provider, ids=[sid], cfg=replace(cfg(), min_gap=timedelta(0)), now_fn=lambda: NOW, rng=random.Random(0)
    )
    assert shipment(db, sid).next_check_at == NOW + 2 * H
    await tracking.refresh_now(
        db,
        provider,
        ids=[sid],
        cfg=replace(cfg(), push_watch=False, min_gap=timedelta(0)),
        now_fn=lambda: NOW + H,
        rng=random.Random(0),
    )
    assert shipment(db, sid).next_check_at == NOW + H + 4 * H
    # the cap holds with the jitter on too
    jittered = replace(tracking_config.build({}, provider="kuaidi100"), push_watch=True, min_gap=timedelta(0))
    await tracking.refresh_now(db, provider, ids=[sid], cfg=jittered, now_fn=lambda: NOW + 2 * H, rng=random.Random(3))
    assert shipment(db, sid).next_check_at <= NOW + 4 * H
