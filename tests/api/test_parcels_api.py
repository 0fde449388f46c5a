"""Merge and split through the JSON API (docs/api.md, docs/merge-split.md)."""

from nicegui.testing import User

from tests.api.test_orders_api import staff_headers
from tests.fixtures.shop import add_orders, add_stock, seed_catalogue
from waybill_ui import runtime


async def test_merge_ship_with_one_number_unmerge_and_split(user: User):
    client, headers = user.http_client, staff_headers()
    db = runtime.get().db
    seed_catalogue(db)
    numbers = add_stock(db, "ZTO", 10)
    same = {"buyer_nick": "小王", "receiver_name": "王五", "phone": "13800138000", "address": "文三路90号"}
    a, b = add_orders(db, 1, prefix="A", **same) + add_orders(db, 1, prefix="B", **same)
    [c] = add_orders(db, 1, prefix="C", **{**same, "receiver_name": "王六"})
    [d] = add_orders(db, 1, prefix="D")

    suggested = (await client.get("/api/v1/orders/merge-suggestions", headers=headers)).json()
    assert suggested["total"] == 1 and suggested["items"][0]["order_nos"] == [a, b]
    listed = (await client.get("/api/v1/orders?mergeable=true", headers=headers)).json()
    assert sorted(o["order_no"] for o in listed["items"]) == [a, b]

    refused = await client.post("/api/v1/orders/merge", json={"order_nos": [a, c]}, headers=headers)
    assert refused.status_code == 422 and refused.json()["code"] == "not_same_buyer"
    assert "不能合并" in refused.json()["detail"]
    merged = await client.post("/api/v1/orders/merge", json={"order_nos": [b, a]}, headers=headers)
    assert merged.status_code == 201 and merged.json()["order_nos"] == [a, b]
    twice = await client.post("/api/v1/orders/merge", json={"order_nos": [a, b]}, headers=headers)
    assert twice.status_code == 409 and twice.json()["code"] == "already_merged"

    undone = await client.post(f"/api/v1/orders/{a}/unmerge", headers=headers)
    assert undone.status_code == 200 and undone.json()["order_nos"] == [a, b]
    assert (await client.post("/api/v1/orders/merge", json={"order_nos": [a, b]}, headers=headers)).status_code == 201

    shipped = await client.post("/api/v1/shipments", json={"order_no": a, "carrier": "ZTO"}, headers=headers)
    assert shipped.status_code == 201, shipped.text
    assert shipped.json()["number"] == numbers[0] and shipped.json()["order_nos"] == [a, b]
    again = await client.post("/api/v1/shipments", json={"order_no": b, "carrier": "ZTO"}, headers=headers)
    assert again.status_code == 409 and again.json()["code"] == "already_shipped"
    late = await client.post(f"/api/v1/orders/{b}/unmerge", headers=headers)
    assert late.status_code == 409
    file = await client.get(f"/api/v1/exports/batch-ship.csv?shipment_ids={shipped.json()['id']}", headers=headers)
    lines = file.content.decode("utf-8-sig").strip().splitlines()
    assert lines[1:] == [f"{a},中通快递,{numbers[0]}", f"{b},中通快递,{numbers[0]}"]

    bad = await client.post(f"/api/v1/orders/{d}/split", json={"parcels": "2"}, headers=headers)
    assert bad.status_code == 422
    split = await client.post(
        f"/api/v1/orders/{d}/split", json={"parcels": 2, "items": ["上衣", "裤子"]}, headers=headers
    )
    assert split.status_code == 200 and [p["items"] for p in split.json()["parcels"]] == ["上衣", "裤子"]
    first = await client.post("/api/v1/shipments", json={"order_no": d, "carrier": "ZTO", "parcel": 1}, headers=headers)
    assert first.status_code == 201 and first.json()["complete"] is False
    row = [o for o in (await client.get(f"/api/v1/orders?q={d}", headers=headers)).json()["items"]][0]
    assert (row["status"], row["parcels"], row["parcels_shipped"]) == ("pending", 2, 1)
    rest = await client.post("/api/v1/shipments", json={"order_no": d, "carrier": "ZTO"}, headers=headers)
    assert rest.status_code == 201 and rest.json()["complete"] is True
    parcels = (await client.get(f"/api/v1/orders/{d}/parcels", headers=headers)).json()["parcels"]
    assert [p["number"] for p in parcels] == [numbers[1], numbers[2]]
    assert len({p["number"] for p in parcels} | {numbers[0]}) == 3  # no number used twice
