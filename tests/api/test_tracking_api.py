"""The tracking and alerts JSON API, against the embedded network (sped up) in-process."""

import httpx
import pytest
from nicegui.testing import User

from waybill_ui import runtime
from waybill_ui.services.alerts import raising as alerts
from waybill_ui.services.accounts import users
from tests.tracking_factories import make_many, make_shipment


@pytest.fixture
def fast_network(monkeypatch):
    monkeypatch.setenv("WAYBILL_SANDBOX_SPEED", str(3600 * 24 * 10))  # ten simulated days per second


async def token(client: httpx.AsyncClient, role="staff") -> dict:
    users.create_user(runtime.get().db, username=f"api{role}", password="api-pass-123", role=role)
    response = await client.post("/api/v1/auth/token", json={"username": f"api{role}", "password": "api-pass-123"})
    return {"Authorization": f"Bearer {response.json()['token']}"}


async def test_refresh_list_and_detail_through_the_api(fast_network, shop_clock, user: User):
    client = user.http_client
    auth = await token(client)
    db = runtime.get().db
    ids = make_many(db, 12)
    first = await client.post("/api/v1/shipments/refresh", json={"ids": ids}, headers=auth)
    # (on a busy machine some parcels may already show their first scans: the network runs fast)
    assert first.status_code == 200 and first.json()["checked"] == 12 and first.json()["failed"] == 0
    shop_clock.jump(seconds=1.5)  # fifteen simulated days: every parcel has finished its life
    second = (await client.post("/api/v1/shipments/refresh", json={"ids": ids}, headers=auth)).json()
    assert second["checked"] == 12 and second["failed"] == 0 and first.json()["changed"] + second["changed"] >= 12
    again = (await client.post("/api/v1/shipments/refresh", json={"ids": ids}, headers=auth)).json()
    assert again["changed"] == 0  # the same answers add nothing

    page = (await client.get("/api/v1/shipments", params={"size": 5, "page": 2}, headers=auth)).json()
    assert page["total"] == 12 and page["page"] == 2 and len(page["items"]) == 5
    delivered = (
        await client.get("/api/v1/shipments", params={"status": "delivered", "size": 500}, headers=auth)
    ).json()
    assert 0 < delivered["total"] <= 12
    one = delivered["items"][0]
    detail = (await client.get(f"/api/v1/shipments/{one['id']}", headers=auth)).json()
    times = [e["time"] for e in detail["events"]]
    assert times == sorted(times) and detail["events"][0]["status"] == "picked_up"
    assert set(detail["events"][0]) >= {"time", "status", "location", "text", "raw_code"}
    assert detail["delivered_at"] and detail["status"] == "delivered"
    assert (await client.get("/api/v1/shipments/999999", headers=auth)).status_code == 404
    bad = await client.get("/api/v1/shipments", params={"status": "lost"}, headers=auth)
    assert bad.status_code == 422 and bad.json()["code"] == "invalid"


async def test_refresh_without_ids_takes_the_due_ones(user: User):
    client = user.http_client
    auth = await token(client)
    make_many(runtime.get().db, 3)
    body = (await client.post("/api/v1/shipments/refresh", json={}, headers=auth)).json()
    assert body["checked"] == 3 and body["left"] == 0  # well within the answer's time budget
    body = (await client.post("/api/v1/shipments/refresh", headers=auth)).json()
    assert body["checked"] == 0  # none due any more


async def test_alerts_list_filter_resolve(user: User):
    client = user.http_client
    auth = await token(client)
    db = runtime.get().db
    sid = make_shipment(db)
    with db.write() as session:
        alerts.raise_alert(
            session,
            kind="pool_low_stock",
            dedupe_key="pool_low_stock:SF",
            message="顺丰库存只剩 3 单",
            actor="pool",
            carrier_code="SF",
        )
        ex = alerts.raise_alert(
            session,
            kind="exception",
            dedupe_key="exception:shipment:x",
            shipment_id=sid,
            message="派件异常",
            actor="tracking",
        ).id
    listed = (await client.get("/api/v1/alerts", headers=auth)).json()
    assert listed["total"] == 2
    assert {"id", "kind", "shipment_id", "carrier", "message", "created_at"} <= set(listed["items"][0])
    only = (await client.get("/api/v1/alerts", params={"kind": "pool_low_stock"}, headers=auth)).json()
    assert only["total"] == 1 and only["items"][0]["carrier"] == "SF" and only["items"][0]["kind_label"] == "库存不足"
    assert (await client.get("/api/v1/alerts/counts", headers=auth)).json() == {
        "pool_low_stock": 1,
        "exception": 1,
        "total": 2,
    }
    notice = (await client.get(f"/api/v1/alerts/{ex}/notice", headers=auth)).json()["text"]
    assert "圆通速递" in notice
    logged = await client.post(f"/api/v1/alerts/{ex}/notices", json={"text": notice}, headers=auth)
    assert logged.status_code == 201
    done = await client.post(f"/api/v1/alerts/{ex}/resolve", json={"note": "已联系买家"}, headers=auth)
    assert done.status_code == 200 and done.json()["status"] == "resolved" and done.json()["note"] == "已联系买家"
    twice = await client.post(f"/api/v1/alerts/{ex}/resolve", json={"note": ""}, headers=auth)
    assert twice.status_code == 409 and twice.json()["detail"]
    assert (await client.get("/api/v1/alerts", params={"status": "resolved"}, headers=auth)).json()["total"] == 1
    assert (await client.get("/api/v1/alerts", params={"status": "nope"}, headers=auth)).status_code == 422


async def test_track_any_number_and_detection(user: User):
    client = user.http_client
    auth = await token(client)
    detected = (await client.get("/api/v1/tracking/detect", params={"number": "sf1234567890123"}, headers=auth)).json()
    assert detected[0]["carrier"] == "SF" and detected[0]["needs_phone"]
    need = await client.post("/api/v1/tracking/query", json={"number": "SF1234567890123"}, headers=auth)
    assert need.status_code == 422 and "手机号" in need.json()["detail"]
    ok = await client.post(
        "/api/v1/tracking/query", json={"number": "SF1234567890123", "phone": "13912345678"}, headers=auth
    )
    assert ok.status_code == 200 and ok.json()["carrier"] == "SF" and ok.json()["status"] is None


async def test_shipments_list_unprinted_param(user: User):
    from waybill_ui.clock import utcnow

    client = user.http_client
    auth = await token(client)
    db = runtime.get().db
    printed = make_shipment(db, printed_count=2)
    fresh = make_shipment(db)
    make_shipment(db, cancelled_at=utcnow())
    everything = (await client.get("/api/v1/shipments", headers=auth)).json()
    assert everything["total"] == 2
    assert {s["id"]: s["printed_count"] for s in everything["items"]} == {printed: 2, fresh: 0}
    only = (await client.get("/api/v1/shipments", params={"unprinted": "true"}, headers=auth)).json()
    assert only["total"] == 1 and [s["id"] for s in only["items"]] == [fresh]
    assert (await client.get("/api/v1/shipments", params={"unprinted": "no"}, headers=auth)).json()["total"] == 2
    assert (await client.get(f"/api/v1/shipments/{printed}", headers=auth)).json()["printed_count"] == 2
