"""The market, balance and purchase routes of docs/api.md, through the app (user fixture, in-process)."""

import asyncio

import httpx
import pytest
from nicegui.testing import User

from waybill_ui import runtime
from waybill_ui.clock import utcnow
from waybill_ui.sandbox.faults import FaultPlan
from waybill_ui.services.market import ledger
from waybill_ui.services.accounts import users
from tests.market_support import add_parcels, load_catalogue


async def token_for(client: httpx.AsyncClient, username: str, role: str) -> dict:
    users.create_user(runtime.get().db, username=username, password="pass-word-123", role=role)
    response = await client.post("/api/v1/auth/token", json={"username": username, "password": "pass-word-123"})
    return {"Authorization": f"Bearer {response.json()['token']}"}


@pytest.fixture
async def api(user: User):
    """(client, owner headers, staff headers) with the sandbox catalogue loaded."""
    load_catalogue(runtime.get().db)
    client: httpx.AsyncClient = user.http_client
    return client, await token_for(client, "boss", "owner"), await token_for(client, "packer", "staff")


def faults(spec: str) -> None:
    runtime.get().sandbox.faults.set_plan(FaultPlan.parse(spec))


async def test_carriers_with_rating_and_packages(api):
    client, boss, packer = api
    add_parcels(runtime.get().db, "ZTO", "广东省", 20, days=2, now=utcnow())
    carriers = {c["code"]: c for c in (await client.get("/api/v1/carriers", headers=packer)).json()}
    assert set(carriers) == {"SF", "ZTO", "YTO", "STO", "YD", "JTSD", "EMS", "JD", "DBL"}
    zto = carriers["ZTO"]
    assert zto["name"] == "中通快递" and zto["transit_days"] == 3 and zto["provinces_excluded"] == ["西藏自治区"]
    assert zto["packages"][1] == {"id": "ZTO-500", "quantity": 500, "price_fen": 5500, "validity_days": 180}
    assert 0 < zto["rating"] <= 5 and zto["rating_details"]["delivered"] == 20
    assert carriers["SF"]["rating"] is None and carriers["SF"]["rating_details"]["enough_data"] is False


async def test_quotes(api):
    client, boss, packer = api
    answer = await client.post("/api/v1/quotes", json={"province": "西藏", "weight_g": 1500}, headers=packer)
    assert answer.status_code == 200
    quotes = answer.json()
    assert {q["carrier"] for q in quotes} == {"SF", "EMS"}
    assert quotes[0]["score"] >= quotes[1]["score"] and all(q["reason"] for q in quotes)
    sf = next(q for q in quotes if q["carrier"] == "SF")
    assert sf["price_fen"] == 2300 + 1200 and sf["transit_days"] == 3
    bad = await client.post("/api/v1/quotes", json={"province": "火星", "weight_g": 1000}, headers=packer)
    assert bad.status_code == 422 and bad.json()["code"] == "invalid" and "火星" in bad.json()["detail"]
    english = await client.post(
        "/api/v1/quotes", json={"province": "西藏", "weight_g": 1000}, headers={**packer, "Accept-Language": "en"}
    )
    assert "days" in english.json()[0]["reason"]


async def test_contracts_are_owner_only_and_show_in_quotes(api):
    client, boss, packer = api
    body = {"carrier": "ZTO", "zone": "national", "first_fen": 420, "extra_fen_per_kg": 100, "outlet": "网点"}
    assert (await client.put("/api/v1/contracts", json=body, headers=packer)).status_code == 403
    saved = await client.put("/api/v1/contracts", json=body, headers=boss)
    assert saved.status_code == 200 and saved.json()["id"]
    quotes = (await client.post("/api/v1/quotes", json={"province": "北京", "weight_g": 1000}, headers=packer)).json()
    zto = next(q for q in quotes if q["carrier"] == "ZTO")
    assert zto["price_fen"] == 420 and zto["contract"] is True
    assert len((await client.get("/api/v1/contracts", headers=packer)).json()) == 1
    assert (await client.delete(f"/api/v1/contracts/{saved.json()['id']}", headers=boss)).status_code == 204


async def test_balance_and_topups(api):
    client, boss, packer = api
    assert (await client.get("/api/v1/balance", headers=packer)).json() == {"balance_fen": 0}
    refused = await client.post("/api/v1/balance/topups", json={"amount_fen": 100, "reference": "x"}, headers=packer)
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    made = await client.post(
        "/api/v1/balance/topups", json={"amount_fen": 50_000, "reference": "银行转账 778"}, headers=boss
    )
    assert made.status_code == 201
    entry = made.json()
    assert entry["kind"] == "topup" and entry["amount_fen"] == 50_000 and entry["balance_after_fen"] == 50_000
    assert entry["created_by"] == "api:boss" and entry["created_at"]
    bad = await client.post("/api/v1/balance/topups", json={"amount_fen": -5, "reference": "x"}, headers=boss)
    assert bad.status_code == 422
    assert (await client.get("/api/v1/balance", headers=boss)).json() == {"balance_fen": 50_000}
    page = (await client.get("/api/v1/balance/ledger?size=10", headers=packer)).json()
    assert page["total"] == 1 and page["page"] == 1 and page["items"][0]["reference"] == "银行转账 778"
    csv_answer = await client.get("/api/v1/balance/ledger.csv", headers=boss)
    assert csv_answer.status_code == 200 and "银行转账 778" in csv_answer.content.decode("utf-8-sig")


async def test_purchase_idempotency_and_sync(api):
    client, boss, packer = api
    ledger.top_up(runtime.get().db, amount_fen=20_000, reference="t", actor=users.Principal(1, "boss", "owner"))
    body = {"package_id": "ZTO-500", "quantity": 2}
    missing_key = await client.post("/api/v1/purchases", json=body, headers=boss)
    assert missing_key.status_code == 422 and "Idempotency-Key" in missing_key.json()["detail"]
    first = await client.post("/api/v1/purchases", json=body, headers={**boss, "Idempotency-Key": "order-1"})
    assert first.status_code == 201
    made = first.json()
    assert made["status"] == "synced" and made["numbers_count"] == 1000 and made["numbers_received"] == 1000
    assert made["amount_fen"] == 11_000
    again = await client.post("/api/v1/purchases", json=body, headers={**boss, "Idempotency-Key": "order-1"})
    assert again.status_code == 200 and again.json()["id"] == made["id"]
    assert (await client.get("/api/v1/balance", headers=boss)).json()["balance_fen"] == 9_000
    short = await client.post("/api/v1/purchases", json=body, headers={**boss, "Idempotency-Key": "order-2"})
    assert short.status_code == 402
    assert short.json()["code"] == "insufficient_balance" and short.json()["missing_fen"] == 2_000
    assert "¥20.00" in short.json()["detail"]
    refused = await client.get(f"/api/v1/purchases/{short.json()['purchase_id']}", headers=packer)
    assert refused.json()["status"] == "rejected" and refused.json()["amount_fen"] == 11_000
    assert (await client.get("/api/v1/balance", headers=boss)).json()["balance_fen"] == 9_000  # nothing charged
    got = await client.get(f"/api/v1/purchases/{made['id']}", headers=packer)
    assert got.status_code == 200 and got.json()["status"] == "synced"
    assert (await client.get("/api/v1/purchases/999", headers=packer)).status_code == 404
    listed = (await client.get("/api/v1/purchases?status=synced", headers=packer)).json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == made["id"]


async def test_staff_cannot_buy_top_up_or_refund(api):
    client, boss, packer = api
    refused = await client.post(
        "/api/v1/purchases", json={"package_id": "ZTO-100"}, headers={**packer, "Idempotency-Key": "s1"}
    )
    assert refused.status_code == 403
    ledger.top_up(runtime.get().db, amount_fen=5_000, reference="t", actor=users.Principal(1, "boss", "owner"))
    faults("5xx=1")
    made = (
        await client.post(
            "/api/v1/purchases", json={"package_id": "ZTO-100"}, headers={**boss, "Idempotency-Key": "b1"}
        )
    ).json()
    assert made["status"] == "sync_pending"
    assert (await client.post(f"/api/v1/purchases/{made['id']}/cancel", headers=packer)).status_code == 403
    cancelled = await client.post(f"/api/v1/purchases/{made['id']}/cancel", headers=boss)
    assert cancelled.json()["status"] == "refunded" and cancelled.json()["refunded_fen"] == 1_200
    assert ledger.balance(runtime.get().db) == 5_000


async def test_a_failed_sync_waits_and_the_sync_route_recovers_it(api):
    client, boss, packer = api
    ledger.top_up(runtime.get().db, amount_fen=5_000, reference="t", actor=users.Principal(1, "boss", "owner"))
    faults("malformed=1")
    made = (
        await client.post(
            "/api/v1/purchases", json={"package_id": "YTO-100"}, headers={**boss, "Idempotency-Key": "m1"}
        )
    ).json()
    assert made["status"] == "sync_pending" and made["attempts"] == 1 and made["last_error"].startswith("malformed")
    assert made["next_attempt_at"]
    faults("")
    synced = await client.post(f"/api/v1/purchases/{made['id']}/sync", headers=packer)  # staff may retry a sync
    assert synced.status_code == 200 and synced.json()["status"] == "synced"
    assert synced.json()["numbers_received"] == 100


async def test_twenty_parallel_api_requests_with_one_key(api):
    client, boss, packer = api
    ledger.top_up(runtime.get().db, amount_fen=100_000, reference="t", actor=users.Principal(1, "boss", "owner"))
    headers = {**boss, "Idempotency-Key": "retrying-browser"}
    answers = await asyncio.gather(
        *(client.post("/api/v1/purchases", json={"package_id": "SF-100"}, headers=headers) for _ in range(20))
    )
    assert sorted(a.status_code for a in answers) == [200] * 19 + [201]
    assert len({a.json()["id"] for a in answers}) == 1
    assert ledger.balance(runtime.get().db) == 100_000 - 3_000


async def test_twenty_parallel_api_purchases_against_a_balance_for_five(api):
    client, boss, packer = api
    ledger.top_up(runtime.get().db, amount_fen=5 * 1_200, reference="t", actor=users.Principal(1, "boss", "owner"))
    answers = await asyncio.gather(
        *(
            client.post(
                "/api/v1/purchases", json={"package_id": "YTO-100"}, headers={**boss, "Idempotency-Key": f"key-{i}"}
            )
            for i in range(20)
        )
    )
    assert sorted(a.status_code for a in answers) == [201] * 5 + [402] * 15
    assert ledger.balance(runtime.get().db) == 0
    assert all(a.json()["code"] == "insufficient_balance" for a in answers if a.status_code == 402)
    rejected = (await client.get("/api/v1/purchases?status=rejected&size=50", headers=boss)).json()
    assert rejected["total"] == 15  # each refused key on record once, charged nothing
