"""Interceptions, returns and alert channels through the JSON API."""

import time

import httpx
from nicegui.testing import User

from tests.aftership.fake_servers import FakeWebhook
from tests.aftership.test_freight_api import owner_token
from tests.api.test_labels import staff_token
from tests.tracking_factories import make_shipment
from waybill_ui import runtime
from waybill_ui.sandbox import timeline
from waybill_ui.services.aftership import returns


async def test_intercept_then_receive_the_return(user: User):
    client: httpx.AsyncClient = user.http_client
    rt = runtime.get()
    headers = staff_token()
    number = next(
        n
        for n in (f"YT66{i:011d}" for i in range(500))
        if timeline.scenario_of(rt.sandbox.config.seed, n) == "delivered"
    )
    hours = timeline.build(rt.sandbox.config.seed, number, "广东省深圳市南山区")[1].hours + 0.01
    sid = make_shipment(rt.db, number=number, status="in_transit")
    rt.sandbox.store.enter(number, "YTO", "广东省深圳市南山区", time.time() - hours * 3600 / rt.sandbox.config.speed)
    made = await client.post(f"/api/v1/shipments/{sid}/interceptions", json={"kind": "return"}, headers=headers)
    assert made.status_code == 201, made.text
    assert made.json()["status"] == "accepted" and made.json()["provider_ref"].startswith("IC")
    again = await client.post(f"/api/v1/shipments/{sid}/interceptions", json={"kind": "return"}, headers=headers)
    assert again.status_code == 409 and again.json()["code"] == "already_intercepted"
    bad = await client.post(f"/api/v1/shipments/{sid}/interceptions", json={"kind": "lost"}, headers=headers)
    assert bad.status_code == 422
    listed = (await client.get(f"/api/v1/shipments/{sid}/interceptions", headers=headers)).json()
    assert [i["status"] for i in listed] == ["accepted"]

    refused = make_shipment(rt.db, status="refused", province="浙江省")
    returns.sweep(rt.db)
    page = (await client.get("/api/v1/returns?status=open", headers=headers)).json()
    assert page["total"] == 1 and page["items"][0]["reason"] == "refused"
    got = await client.post(
        f"/api/v1/returns/{page['items'][0]['id']}/received", json={"note": "完好"}, headers=headers
    )
    assert got.status_code == 200 and got.json()["status"] == "received" and got.json()["note"] == "完好"
    twice = await client.post(f"/api/v1/returns/{page['items'][0]['id']}/received", json={}, headers=headers)
    assert twice.status_code == 409
    wrong = await client.get("/api/v1/returns?status=lost", headers=headers)
    assert wrong.status_code == 422 and "lost" in wrong.json()["detail"]
    rates = (await client.get("/api/v1/returns/rates?by=province", headers=headers)).json()
    assert {"key": "浙江省", "shipped": 1, "returns": 1, "rate": 1.0} in rates
    assert refused


async def test_alert_channels_api(user: User):
    client: httpx.AsyncClient = user.http_client
    hook = FakeWebhook()
    try:
        headers = owner_token()
        made = await client.post(
            "/api/v1/alerts/channels",
            headers=headers,
            json={
                "kind": "dingtalk",
                "name": "客服群",
                "target": f"{hook.url}/robot/send?access_token=tok12345",
                "secret": "SEC1",
                "alert_kinds": ["exception"],
            },
        )
        assert made.status_code == 201, made.text
        channel = made.json()
        assert channel["has_secret"] and "SEC1" not in made.text
        tested = (await client.post(f"/api/v1/alerts/channels/{channel['id']}/test", headers=headers)).json()
        assert tested == {"ok": True, "problem": ""} and "sign=" in hook.requests[0][0]
        limited = await client.post(f"/api/v1/alerts/channels/{channel['id']}/test", headers=headers)
        assert limited.status_code == 422 and limited.json()["code"] == "rate_limited"
        patched = await client.patch(
            f"/api/v1/alerts/channels/{channel['id']}", json={"daily_summary": True}, headers=headers
        )
        assert patched.json()["daily_summary"] is True
        assert (await client.get("/api/v1/alerts/channels", headers=staff_token())).status_code == 403
        assert (await client.delete(f"/api/v1/alerts/channels/{channel['id']}", headers=headers)).status_code == 204
        assert (await client.get("/api/v1/alerts/channels", headers=headers)).json() == []
    finally:
        hook.close()
