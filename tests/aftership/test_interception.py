"""拦截 and 退货 end to end through the embedded network: request over its HTTP API, the parcel's
tracking turns back, the return record opens, the seller marks it received, the order follows."""

import time
from datetime import datetime, timedelta, timezone

import pytest
from sqlmodel import select

from tests.market_support import Network
from tests.services.test_tracking_refresh import Clock, cfg
from tests.tracking_factories import make_shipment
from waybill_ui import events
from waybill_ui.carriers.protocol import CarrierProvider
from waybill_ui.db.models import Interception, Order, ReturnRecord, Shipment
from waybill_ui.sandbox import timeline
from waybill_ui.services.aftership import interception
from waybill_ui.services.aftership import returns
from waybill_ui.services.tracking import refresh as tracking
from waybill_ui.services.common.errors import Conflict, Invalid

T0 = datetime(2026, 5, 1, 0, 0, tzinfo=timezone.utc)
TO = "广东省深圳市南山区"


def moving_number(network, scenario="delivered", prefix="YT77"):
    """A number whose simulated life is `scenario`, and the hour it is in transit (before delivery)."""
    for i in range(500):
        number = f"{prefix}{i:011d}"
        if timeline.scenario_of(network.sandbox.config.seed, number) == scenario:
            events = timeline.build(network.sandbox.config.seed, number, TO)
            return number, events[1].hours + 0.01
    raise AssertionError("no such number")


def put_at(network, number, hours):
    """The parcel entered the network `hours` simulated hours ago (speed 1)."""
    network.sandbox.store.enter(number, "YTO", TO, time.time() - hours * 3600)


@pytest.fixture
async def network(tmp_path):
    net = Network(tmp_path)
    yield net
    await net.close()


def row(db, model, key):
    with db.read() as session:
        return session.get(model, key)


async def test_return_to_sender_end_to_end(db, network):
    number, hours = moving_number(network)
    sid = make_shipment(db, number=number, shipped_at=T0, status="in_transit")
    put_at(network, number, hours)
    made = await interception.request(db, network.provider, shipment_id=sid, kind="return", actor="owner", now=T0)
    assert made.status == "accepted" and made.provider_ref.startswith("IC") and made.fee_fen == 300
    with pytest.raises(Conflict):  # one live interception per parcel
        await interception.request(db, network.provider, shipment_id=sid, kind="return", actor="owner", now=T0)
    # asked again at the network (a retry after a lost answer): the same reference, charged once
    again = await network.provider.intercept(carrier="YTO", number=number, kind="return")
    assert again.ref == made.provider_ref

    assert await interception.refresh_pending(db, network.provider, now=T0) == 0  # not turned yet
    put_at(network, number, hours + 3)  # three simulated hours later the station has turned it
    assert await interception.refresh_pending(db, network.provider, now=T0 + timedelta(hours=3)) == 1
    assert row(db, Interception, made.id).status == "succeeded"
    (record,), total = returns.list_returns(db, status="open")
    assert total == 1 and record["reason"] == "intercepted" and record["number"] == number
    order_id = row(db, Shipment, sid).order_id
    assert row(db, Order, order_id).after_sale == "returning"

    # tracking tells the same story: the parcel is on its way back; the sweep opens nothing twice
    clock = Clock(T0 + timedelta(hours=4))
    await tracking.refresh_now(db, network.provider, ids=[sid], cfg=cfg("sandbox"), now_fn=clock)
    assert row(db, Shipment, sid).status == "returning"
    assert returns.sweep(db, now=clock()) == 0

    received = returns.mark_received(db, return_id=record["id"], actor="packer", note="外箱完好", now=clock())
    assert received.status == "received" and received.received_by == "packer"
    assert row(db, Order, order_id).after_sale == "returned"
    with pytest.raises(Conflict):
        returns.mark_received(db, return_id=record["id"], actor="packer")


async def test_redirect_and_refusals(db, network):
    number, hours = moving_number(network, prefix="YT78")
    sid = make_shipment(db, number=number, shipped_at=T0, status="in_transit")
    put_at(network, number, hours)
    with pytest.raises(Invalid):  # a redirect needs the new address
        await interception.request(db, network.provider, shipment_id=sid, kind="redirect", actor="o", now=T0)
    address = {
        "name": "王芳",
        "phone": "13812345678",
        "province": "广东省",
        "city": "广州市",
        "district": "天河区",
        "address": "体育西路 1 号",
    }
    made = await interception.request(
        db, network.provider, shipment_id=sid, kind="redirect", address=address, actor="o", now=T0
    )
    assert made.status == "accepted" and made.fee_fen == 500
    put_at(network, number, hours + 3)
    found = await network.provider.track(tracking_query(number))
    assert any("改址" in e.text and "体育西路" in e.text for e in found.events)
    await interception.refresh_pending(db, network.provider, now=T0)
    assert row(db, Interception, made.id).status == "succeeded"
    assert returns.list_returns(db)[1] == 0  # a redirect is not a return

    # a delivered parcel is too late: the network refuses and says why
    late, _ = moving_number(network, prefix="YT79")
    late_id = make_shipment(db, number=late, shipped_at=T0, status="in_transit")
    put_at(network, late, 500)
    refused = await interception.request(db, network.provider, shipment_id=late_id, kind="return", actor="o", now=T0)
    assert refused.status == "failed" and "无法拦截" in refused.error
    # and a parcel we already know is delivered is not even sent
    done = make_shipment(db, number="YT7900000009999", shipped_at=T0, status="delivered")
    with pytest.raises(Invalid) as too_late:
        await interception.request(db, network.provider, shipment_id=done, kind="return", actor="o", now=T0)
    assert too_late.value.code == "too_late"


async def test_a_request_that_does_not_get_through_is_sent_again(db, network):
    number, hours = moving_number(network, prefix="YT80")
    sid = make_shipment(db, number=number, shipped_at=T0, status="in_transit")
    put_at(network, number, hours)
    network.faults("5xx=1")
    made = await interception.request(db, network.provider, shipment_id=sid, kind="return", actor="o", now=T0)
    assert made.status == "requested" and made.error
    network.faults("")
    assert await interception.refresh_pending(db, network.provider, now=T0) == 1
    assert row(db, Interception, made.id).status == "accepted"


async def test_a_provider_without_interception_says_so(db):
    sid = make_shipment(db, number="YT8100000000001", shipped_at=T0, status="in_transit")
    with pytest.raises(Invalid) as refused:
        await interception.request(db, CarrierProvider(), shipment_id=sid, kind="return", actor="o", now=T0)
    assert refused.value.code == "invalid" and "YTO" in refused.value.message("en")
    assert [r.status for r in interception.for_shipment(db, shipment_id=sid)] == ["failed"]


def tracking_query(number):
    from waybill_ui.carriers.protocol import TrackQuery

    return TrackQuery(carrier="YTO", number=number, phone="5678", to_text=TO)


def test_refused_and_returning_parcels_open_returns_and_rates(db):
    now = T0 + timedelta(days=3)
    ids = [
        make_shipment(db, shipped_at=T0, status=s, province=p)
        for s, p in (
            ("refused", "广东省"),
            ("returning", "浙江省"),
            ("returned", "广东省"),
            ("delivered", "广东省"),
            ("in_transit", "浙江省"),
        )
    ]
    assert returns.sweep(db, now=now) == 3
    assert returns.sweep(db, now=now) == 0
    assert returns.open_count(db) == 3
    with db.read() as session:
        reasons = {r.shipment_id: r.reason for r in session.exec(select(ReturnRecord))}
    assert reasons == {ids[0]: "refused", ids[1]: "returning", ids[2]: "returned"}
    by_province = returns.return_rates(db, by="province", since=T0 - timedelta(days=1), until=now)
    assert by_province == [
        {"key": "广东省", "shipped": 3, "returns": 2, "rate": 0.6667},
        {"key": "浙江省", "shipped": 2, "returns": 1, "rate": 0.5},
    ]
    (yto,) = returns.return_rates(db, by="carrier", since=T0 - timedelta(days=1), until=now)
    assert yto["returns"] == 3 and yto["shipped"] == 5


def test_returns_on_the_dashboard_and_in_reports(db):
    from datetime import date

    from waybill_ui.services.reports import dashboard
    from waybill_ui.services.reports import summary as reports
    from waybill_ui.services.reports.tables import Period

    shipped = datetime(2026, 5, 10, 4, 0, tzinfo=timezone.utc)
    make_shipment(db, shipped_at=shipped, status="refused", province="广东省")
    make_shipment(db, shipped_at=shipped, status="delivered", province="广东省")
    returns.sweep(db, now=shipped)
    assert dashboard.counts(db, now=shipped).returns_open == 1
    table = reports.build(db, period=Period(date(2026, 5, 1), date(2026, 5, 31))).tables["returns"]
    assert table.rows == [
        {"group": "圆通速递", "shipments": 2, "returns": 1, "return_rate": 0.5},
        {"group": "广东省", "shipments": 2, "returns": 1, "return_rate": 0.5},
    ]


async def test_the_job_follows_interceptions_and_opens_returns(db, network):
    from types import SimpleNamespace

    from waybill_ui.jobs import aftership as job
    from waybill_ui.events import Bus

    number, hours = moving_number(network, prefix="YT82")
    sid = make_shipment(db, number=number, shipped_at=T0, status="in_transit")
    put_at(network, number, hours)
    await interception.request(db, network.provider, shipment_id=sid, kind="return", actor="o", now=T0)
    make_shipment(db, shipped_at=T0, status="refused")
    rt = SimpleNamespace(db=db, providers=SimpleNamespace(market=network.provider), bus=Bus())
    with events.recorded() as published:
        assert await job.returns_once(rt, now=T0) == 1  # the refused parcel; the interception is not done yet
        put_at(network, number, hours + 3)
        await job.returns_once(rt, now=T0 + timedelta(hours=3))
    opened = [e.opened for e in published if isinstance(e, events.ReturnsChanged)]
    assert returns.open_count(db) == 2 and opened == [1, 1]


async def test_a_pushed_parcel_tells_the_turn_too(db, network):
    import json

    from waybill_ui.sandbox import push

    number, hours = moving_number(network, prefix="YT83")
    put_at(network, number, hours)
    network.sandbox.subs = {number: push.Sub(number, "YTO", "http://shop.test/push", "", 0)}
    network.sandbox.subs[number].hours = [1.0]  # cached before the interception
    answer = await network.provider.intercept(carrier="YTO", number=number, kind="return")
    assert answer.status == "accepted" and network.sandbox.subs[number].hours is None
    form, final = push.callback_body(network.sandbox, network.sandbox.subs[number], 100)
    texts = [n["context"] for n in json.loads(form["param"])["lastResult"]["data"]]
    assert final and "退回件已由寄件人签收" in texts[0] and any("拦截成功" in t for t in texts)
