"""Packing PDFs through the API as a staff token: pick list, packing slips, a handover and its sheet."""

import httpx
from nicegui.testing import User
from sqlalchemy import text

from tests.api.test_labels import staff_token
from tests.fixtures.shop import add_orders, add_stock, seed_catalogue
from tests.pdf_tools import barcodes, page_text
from waybill_ui import runtime
from waybill_ui.db.models import OrderItem
from waybill_ui.services.shipping import single as shipping


async def test_pick_list_slips_and_handover_sheet(user: User):
    client: httpx.AsyncClient = user.http_client
    headers = staff_token()
    db = runtime.get().db
    seed_catalogue(db)
    add_stock(db, "ZTO", 2)
    a, b = add_orders(db, 2, prefix="77")
    with db.write() as session:
        ids = dict(session.execute(text("SELECT order_no, id FROM orders")).all())
        session.add(OrderItem(order_id=ids[a], sku="SKU-9", title="杯子", spec="白", quantity=2, location="C-01"))
        session.add(OrderItem(order_id=ids[b], sku="SKU-9", title="杯子", spec="白", quantity=1, location="C-01"))
    picks = await client.post("/api/v1/packing/pick-list.pdf", json={"order_nos": [a, b]}, headers=headers)
    assert picks.status_code == 200 and picks.headers["content-type"] == "application/pdf"
    assert "共 3 件" in page_text(picks.content).text and "SKU-9" in page_text(picks.content).text
    slips = await client.post("/api/v1/packing/pick-list.pdf", json={"order_nos": [a], "slips": True}, headers=headers)
    assert barcodes(slips.content) == [("CODE128", a)]
    empty = await client.post("/api/v1/packing/pick-list.pdf", json={"order_nos": []}, headers=headers)
    assert empty.status_code == 422

    numbers = [shipping.ship_order(db, order_no=n, carrier="ZTO", actor="t").number for n in (a, b)]
    made = await client.post("/api/v1/packing/handovers", json={"carrier": "ZTO", "numbers": numbers}, headers=headers)
    assert made.status_code == 201, made.text
    record = made.json()
    assert record["count"] == 2 and record["carrier"] == "ZTO"
    sheet = await client.get(f"/api/v1/packing/handovers/{record['id']}.pdf", headers=headers)
    assert numbers[1] in page_text(sheet.content).text and ("CODE128", f"HO{record['id']}") in barcodes(sheet.content)
    again = await client.post(
        "/api/v1/packing/handovers", json={"carrier": "ZTO", "numbers": numbers[:1]}, headers=headers
    )
    assert again.status_code == 409 and again.json()["code"] == "handed_over"
    missing = await client.get("/api/v1/packing/handovers/999.pdf", headers=headers)
    assert missing.status_code == 404


async def test_barcode_map_left_over_and_handover_lists(user: User):
    client: httpx.AsyncClient = user.http_client
    headers = staff_token()
    db = runtime.get().db
    seed_catalogue(db)
    add_stock(db, "ZTO", 3)
    nos = add_orders(db, 3, prefix="78")
    numbers = [shipping.ship_order(db, order_no=n, carrier="ZTO", actor="t").number for n in nos]

    for i, code in enumerate(("6901", "6902", "6903")):
        put = await client.put(
            f"/api/v1/packing/barcodes/{code}", json={"sku": f"SKU-{i}", "weight_g": 100 + i}, headers=headers
        )
        assert put.status_code == 200 and put.json() == {"barcode": code, "sku": f"SKU-{i}", "weight_g": 100 + i}
    page = (await client.get("/api/v1/packing/barcodes?size=2&page=2", headers=headers)).json()
    assert page["total"] == 3 and [r["barcode"] for r in page["items"]] == ["6903"]
    bad = await client.put("/api/v1/packing/barcodes/6904", json={"sku": "", "weight_g": 5}, headers=headers)
    assert bad.status_code == 422 and "商家编码" in bad.json()["detail"]
    assert (await client.delete("/api/v1/packing/barcodes/6901", headers=headers)).status_code == 204
    assert (await client.delete("/api/v1/packing/barcodes/6901", headers=headers)).status_code == 404

    left = (await client.get("/api/v1/packing/left-over?size=2", headers=headers)).json()
    assert left["total"] == 3 and [r["number"] for r in left["items"]] == numbers[:2]
    await client.post("/api/v1/packing/handovers", json={"carrier": "ZTO", "numbers": numbers[:2]}, headers=headers)
    left = (await client.get("/api/v1/packing/left-over", headers=headers)).json()
    assert [r["number"] for r in left["items"]] == numbers[2:]
    past = (await client.get("/api/v1/packing/handovers", headers=headers)).json()
    assert past["total"] == 1 and past["items"][0]["count"] == 2
    assert (await client.get("/api/v1/packing/left-over")).status_code == 401
