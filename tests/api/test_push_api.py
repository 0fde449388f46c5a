"""Push tracking end to end, in-process: shipments are subscribed at the embedded network, which
pushes each parcel's trace to the app's callback; the callbacks' signatures are checked."""

import hashlib
import json

import pytest
from nicegui.testing import User
from sqlalchemy import func, select

from waybill_ui import runtime
from waybill_ui.db.models import PushChannel, Shipment, TrackingEvent, TrackingSubscription
from waybill_ui.jobs import tracking_push
from waybill_ui.services.tracking import push_health
from tests.tracking_factories import make_many

URL = "/api/v1/tracking/push/kuaidi100"


@pytest.fixture
def fast_network(monkeypatch):
    monkeypatch.setenv("WAYBILL_SANDBOX_SPEED", str(3600 * 24 * 10))  # ten simulated days per second


def counts(db):
    with db.read() as session:
        events = session.scalar(select(func.count()).select_from(TrackingEvent))
        states = dict(
            session.execute(select(TrackingSubscription.state, func.count()).group_by(TrackingSubscription.state)).all()
        )
        statuses = dict(session.execute(select(Shipment.status, func.count()).group_by(Shipment.status)).all())
    return events, states, statuses


async def test_the_embedded_network_pushes_by_default(fast_network, shop_clock, user: User):
    rt = runtime.get()
    assert push_health.enabled(rt.settings, rt.providers.tracking)  # on by default for the embedded network
    ids = make_many(rt.db, 6)
    summary = await tracking_push.push_once(rt)
    assert summary.subscribed == 6
    assert counts(rt.db)[1] == {"subscribed": 6}
    again = await tracking_push.push_once(rt)
    assert again.subscribed == 0  # subscribed once
    shop_clock.jump(seconds=1.5)  # fifteen simulated days: every parcel has finished its life
    pushed = await tracking_push.network_push_once(rt)
    assert pushed == 6
    events, states, statuses = counts(rt.db)
    assert events > 6 * 4 and states == {"shutdown": 6}
    assert set(statuses) <= {"delivered", "refused", "returned"} and sum(statuses.values()) == 6
    with rt.db.read() as session:
        channel = session.get(PushChannel, "sandbox")
        assert channel.accepted == 6 and channel.rejected == 0 and channel.last_callback_at is not None
        assert all(s.last_checked_at is None for s in session.scalars(select(Shipment).where(Shipment.id.in_(ids))))
    assert await tracking_push.network_push_once(rt) == 0  # nothing new: nothing sent


async def test_forged_and_replayed_callbacks(fast_network, shop_clock, user: User):
    rt = runtime.get()
    make_many(rt.db, 1)
    await tracking_push.push_once(rt)
    shop_clock.jump(seconds=1.0)
    from waybill_ui.sandbox.push import _load, callback_body

    sub = next(iter(_load(rt.sandbox).values()))
    form, _ = callback_body(rt.sandbox, sub, 3)
    client = user.http_client

    forged = {"param": form["param"], "sign": hashlib.md5((form["param"] + "wrong-salt").encode()).hexdigest()}
    refused = await client.post(URL, data=forged)
    assert refused.status_code == 403 and refused.json()["result"] is False
    unsigned = await client.post(URL, data={"param": form["param"]})
    assert unsigned.status_code == 403
    assert counts(rt.db)[0] == 0  # nothing stored

    lower = {"param": form["param"], "sign": form["sign"].lower()}  # the letter case does not matter
    ok = await client.post(URL, data=lower)
    assert ok.status_code == 200 and ok.json() == {"result": True, "returnCode": "200", "message": "成功"}
    first = counts(rt.db)
    assert first[0] == 3
    assert (await client.post(URL, data=form)).json()["result"] is True  # the same push again
    assert counts(rt.db) == first  # no duplicate event

    newer, _ = callback_body(rt.sandbox, sub, 5)
    await client.post(URL, data=newer)
    after_newer = counts(rt.db)
    older, _ = callback_body(rt.sandbox, sub, 2)  # a late, older snapshot
    assert (await client.post(URL, data=older)).status_code == 200
    assert counts(rt.db) == after_newer  # no event added, status not moved back
    with rt.db.read() as session:
        channel = session.get(PushChannel, "sandbox")
    assert channel.accepted == 4 and channel.rejected == 2 and "bad_sign" in channel.last_error

    bad_json = {"param": "{not json", "sign": hashlib.md5(("{not json" + rt.settings.push_salt).encode()).hexdigest()}
    assert (await client.post(URL, data=bad_json)).status_code == 400


async def test_an_unknown_number_is_acknowledged(user: User):
    rt = runtime.get()
    param = json.dumps(
        {
            "status": "polling",
            "message": "",
            "lastResult": {
                "message": "ok",
                "state": "0",
                "status": "200",
                "ischeck": "0",
                "com": "yuantong",
                "nu": "YT0000000000001",
                "data": [{"time": "2026-05-01 10:00:00", "ftime": "2026-05-01 10:00:00", "context": "快件已揽收"}],
            },
        },
        ensure_ascii=False,
    )
    sign = hashlib.md5((param + rt.settings.push_salt).encode()).hexdigest().upper()
    answer = await user.http_client.post(URL, data={"param": param, "sign": sign})
    assert answer.status_code == 200 and answer.json()["result"] is True
    with rt.db.read() as session:
        channel = session.get(PushChannel, "sandbox")
    assert channel.unknown == 1 and channel.accepted == 0
    assert counts(rt.db)[0] == 0


KDNIAO_KEY = "56da2cf8-c8a2-44b2-b6fa-476cd7d1ba17"  # the vendor's demo key (reference worked example)


@pytest.fixture
def kdniao_account(monkeypatch):
    monkeypatch.setenv("WAYBILL_KDNIAO_BUSINESS_ID", "1237100")
    monkeypatch.setenv("WAYBILL_KDNIAO_API_KEY", KDNIAO_KEY)


async def test_kdniao_push_signed_and_form_encoded_as_the_vendor_sends_it(kdniao_account, user: User):
    from urllib.parse import quote

    from tests.carriers.conftest import payload
    from tests.tracking_factories import make_shipment
    from waybill_ui.carriers.kdniao.request import data_sign

    rt = runtime.get()
    sid = make_shipment(rt.db, carrier="SF", number="SF1402239870351")
    data = payload("kdniao_push_101.json").decode()
    sign = data_sign(data, KDNIAO_KEY)
    assert sign.endswith("=")
    body = f"RequestData={quote(data, safe='')}&DataSign={quote(sign, safe='')}&RequestType=101&EBusinessID=1237100"
    assert "%3D" in body  # Base64 padding travels form-encoded once
    headers = {"Content-Type": "application/x-www-form-urlencoded;charset=utf-8"}
    client = user.http_client
    answer = await client.post("/api/v1/tracking/push/kdniao", content=body.encode(), headers=headers)
    assert answer.status_code == 200
    reply = answer.json()
    assert reply["EBusinessID"] == "1237100" and reply["Success"] is True and reply["Reason"] == ""
    assert len(reply["UpdateTime"]) == 19
    with rt.db.read() as session:
        ship = session.get(Shipment, sid)
        channel = session.get(PushChannel, "kdniao")
    assert ship.status == "delivered" and channel.accepted == 1 and channel.unknown == 1  # YTO number not ours

    forged = body.replace("EBusinessID=1237100", "EBusinessID=9999999")
    assert (
        await client.post("/api/v1/tracking/push/kdniao", content=forged.encode(), headers=headers)
    ).status_code == 403
    tampered = body.replace("%E6%9C%AC%E4%BA%BA", "%E4%BB%96%E4%BA%BA")  # 本人 -> 他人 after signing
    assert tampered != body
    refused = await client.post("/api/v1/tracking/push/kdniao", content=tampered.encode(), headers=headers)
    assert refused.status_code == 403 and refused.json()["Success"] is False
    not_push = body.replace("RequestType=101", "RequestType=1002")
    assert (
        await client.post("/api/v1/tracking/push/kdniao", content=not_push.encode(), headers=headers)
    ).status_code == 400
    with rt.db.read() as session:
        assert session.get(PushChannel, "kdniao").rejected == 3
        assert len(session.scalars(select(TrackingEvent).where(TrackingEvent.shipment_id == sid)).all()) == 5
