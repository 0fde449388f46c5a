"""The pool's JSON API: list/stats/import/refund per docs/api.md, extend, lookup, exports, audit,
detail, planner; staff cannot refund or extend."""

from datetime import datetime

import httpx
from nicegui import app
from nicegui.testing import User

from waybill_ui import runtime
from waybill_ui.services.accounts import users
from tests.pool_helpers import add_numbers, add_purchase, history, seed_carrier, ship, zto


async def client_for(role: str) -> httpx.AsyncClient:
    name = f"api-{role}"
    users.create_user(runtime.get().db, username=name, password="pass-pass-123", role=role)
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://test")
    token = (await client.post("/api/v1/auth/token", json={"username": name, "password": "pass-pass-123"})).json()[
        "token"
    ]
    client.headers["Authorization"] = f"Bearer {token}"
    return client


async def test_import_list_stats_lookup_and_detail(user: User):
    api = await client_for("staff")
    try:
        r = await api.post(
            "/api/v1/waybills/import",
            json={
                "carrier": "ZTO",
                "numbers": [zto(1), zto(2), zto(1), "x1"],
                "expires_at": "2099-12-31",
                "note": "城东网点",
            },
        )
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["accepted"] == 2 and [x["number"] for x in body["rejected"]] == [zto(1), "X1"]
        assert "第 1 行" in body["rejected"][0]["reason"]
        r = await api.post(
            "/api/v1/waybills/import",
            json={"carrier": "ZTO", "start": zto(2), "count": 3},
            headers={"Accept-Language": "en"},
        )
        assert r.json()["accepted"] == 2 and "already in the" in r.json()["rejected"][0]["reason"]
        dry = await api.post("/api/v1/waybills/import", json={"carrier": "ZTO", "numbers": [zto(9)], "dry_run": True})
        assert dry.json() == {"accepted": 1, "rejected": [], "dry_run": True}

        page = (await api.get("/api/v1/waybills", params={"carrier": "ZTO", "status": "available", "size": 2})).json()
        assert page["total"] == 4 and page["page"] == 1 and page["size"] == 2 and len(page["items"]) == 2
        item = page["items"][0]
        assert set(item) >= {"carrier", "number", "status", "expires_at", "origin"} and item["origin"] == "imported"
        assert datetime.fromisoformat(item["expires_at"]).utcoffset() is not None  # ISO 8601 with offset
        assert (await api.get("/api/v1/waybills", params={"q": "000000000004"})).json()["total"] == 1
        bad = await api.get("/api/v1/waybills", params={"status": "lost"})
        assert bad.status_code == 422 and bad.json()["code"] == "invalid" and "available" in bad.json()["detail"]
        assert (await api.get("/api/v1/waybills", params={"size": 501})).status_code == 422

        stats = {s["carrier"]: s for s in (await api.get("/api/v1/waybills/stats")).json()}
        assert {
            k: stats["ZTO"][k] for k in ("available", "used", "voided", "expired", "refunded", "expiring_soon")
        } == {"available": 4, "used": 0, "voided": 0, "expired": 0, "refunded": 0, "expiring_soon": 0}

        ship(runtime.get().db, number=zto(50), order_no="TB900")
        known = (await api.get("/api/v1/waybills/lookup", params={"number": zto(50)})).json()
        assert known["known"] and known["places"][0]["order_no"] == "TB900" and "TB900" in known["places"][0]["reason"]
        assert (await api.get("/api/v1/waybills/lookup", params={"number": zto(51)})).json() == {
            "known": False,
            "places": [],
        }

        detail = (await api.get(f"/api/v1/waybills/ZTO/{zto(1)}")).json()
        assert detail["waybill"]["status"] == "available"
        assert [h["action"] for h in detail["history"]] == ["import"] and detail["history"][0][
            "actor"
        ] == "api:api-staff"
        missing = await api.get(f"/api/v1/waybills/ZTO/{zto(77)}")
        assert missing.status_code == 404 and missing.json()["code"] == "not_found"

        audit = (await api.get("/api/v1/waybills/audit", params={"carrier": "ZTO", "action": "import"})).json()
        assert audit["total"] == 4
        csv_body = await api.get("/api/v1/waybills/audit.csv", params={"carrier": "ZTO"})
        assert csv_body.headers["content-type"].startswith("text/csv") and zto(1) in csv_body.text
        export = await api.get("/api/v1/waybills/export.csv", params={"carrier": "ZTO"})
        assert export.status_code == 200 and export.text.count("\n") == 6 and "TB900" in export.text
    finally:
        await api.aclose()


async def test_refund_and_extend_are_for_the_owner(user: User):
    db = runtime.get().db
    issued = await runtime.get().providers.market.issue_numbers(order_ref="api-1", carrier="ZTO", quantity=100)
    add_numbers(
        db, issued.numbers[:5], origin="purchase", cost_fen=11, purchase_id=add_purchase(db), expires_in_days=60
    )
    staff, owner = await client_for("staff"), await client_for("owner")
    try:
        for path, extra in (("refund", {}), ("extend", {"days": 10})):
            r = await staff.post(
                f"/api/v1/waybills/{path}", json={"carrier": "ZTO", "numbers": issued.numbers[:1], **extra}
            )
            assert r.status_code == 403 and r.json()["code"] == "forbidden"
        r = await owner.post(
            "/api/v1/waybills/refund", json={"carrier": "ZTO", "numbers": issued.numbers[:2] + [zto(3)]}
        )
        assert r.status_code == 200, r.text
        assert r.json()["refunded"] == 2 and r.json()["amount_fen"] == 22
        assert r.json()["rejected"] == [{"number": zto(3), "reason": "库存里没有这个单号。", "row": None}]
        assert (await owner.get("/api/v1/balance")).status_code in (200, 404)  # checkout issue owns this route
        r = await owner.post(
            "/api/v1/waybills/extend", json={"carrier": "ZTO", "numbers": issued.numbers[2:4], "days": 30}
        )
        assert r.json()["extended"] == 2 and r.json()["fee_fen"] == 2
        stats = {s["carrier"]: s for s in (await owner.get("/api/v1/waybills/stats")).json()}
        assert stats["ZTO"]["refunded"] == 2 and stats["ZTO"]["available"] == 3
    finally:
        await staff.aclose()
        await owner.aclose()


async def test_planner_over_the_api(user: User):
    db = runtime.get().db
    seed_carrier(db, "ZTO", [(100, 1200, 90)])
    history(db, days=28, per_day=1)
    api = await client_for("staff")
    try:
        plans = (await api.get("/api/v1/waybills/plan", params={"horizon_days": 28})).json()
        zto_plan = [p for p in plans if p["carrier"] == "ZTO"][0]
        assert (
            zto_plan["need"] == 28
            and zto_plan["lines"][0]["checkout_url"] == "/market/checkout?package=ZTO-100&quantity=1"
        )
        assert zto_plan["steps"][0]["key"] == "planner.step.rate"
    finally:
        await api.aclose()


async def test_a_provider_outage_is_a_clear_4xx_and_changes_nothing(user: User):
    from waybill_ui.sandbox.faults import FaultPlan

    rt = runtime.get()
    issued = await rt.providers.market.issue_numbers(order_ref="api-2", carrier="ZTO", quantity=100)
    add_numbers(
        rt.db, issued.numbers[:2], origin="purchase", cost_fen=11, purchase_id=add_purchase(rt.db), expires_in_days=60
    )
    owner = await client_for("owner")
    try:
        rt.sandbox.faults.set_plan(FaultPlan.parse("5xx=1"))
        r = await owner.post("/api/v1/waybills/refund", json={"carrier": "ZTO", "numbers": issued.numbers[:2]})
        assert r.status_code == 409 and r.json()["code"] == "provider_unavailable"
        assert "没有做任何改动" in r.json()["detail"]
        rt.sandbox.faults.set_plan(FaultPlan.parse(""))
        stats = {s["carrier"]: s for s in (await owner.get("/api/v1/waybills/stats")).json()}
        assert stats["ZTO"]["available"] == 2 and stats["ZTO"]["refunded"] == 0
        r = await owner.post("/api/v1/waybills/refund", json={"carrier": "ZTO", "numbers": issued.numbers[:2]})
        assert r.json()["refunded"] == 2  # the hold was released: the retry works
    finally:
        await owner.aclose()
