"""Orders and shipping through the JSON API (docs/api.md), as a staff member's script."""

import csv
import random
import io

from nicegui.testing import User

from tests.fixtures import taobao_export as tb
from tests.fixtures.shop import add_stock, seed_catalogue
from waybill_ui import runtime
from waybill_ui.services.accounts import api_tokens, users


def staff_headers() -> dict:
    db = runtime.get().db
    principal = users.create_user(db, username="packer", password="packer-pass-1", role="staff")
    return {"Authorization": f"Bearer {api_tokens.create_api_token(db, user_id=principal.id, name='t', actor='t')}"}


async def test_import_list_ship_cancel_batch_and_export(user: User):
    client, headers = user.http_client, staff_headers()
    db = runtime.get().db
    seed_catalogue(db)
    add_stock(db, "ZTO", 20)
    rows = [tb.row(i, random.Random(i), status=tb.PENDING) for i in range(5)]
    rows.append(tb.row(5, random.Random(5), status=tb.PENDING))
    rows[-1][0] = "1.23E+18"  # Excel damage
    files = {"file": ("ExportOrderList1.csv", tb.build(rows), "text/csv")}
    imported = await client.post("/api/v1/orders/import", files=files, headers=headers)
    assert imported.status_code == 200, imported.text
    body = imported.json()
    assert (body["imported"], body["updated"]) == (5, 0)
    assert body["rejected"][0]["row"] == 7 and "Excel" in body["rejected"][0]["reason"]

    page = (await client.get("/api/v1/orders?status=pending&size=2&page=1", headers=headers)).json()
    assert page["total"] == 5 and len(page["items"]) == 2 and page["page"] == 1 and page["size"] == 2
    assert set(page["items"][0]) >= {
        "order_no",
        "status",
        "receiver_name",
        "phone",
        "province",
        "city",
        "district",
        "address",
        "carrier",
        "waybill_number",
    }
    order_nos = [o["order_no"] for o in (await client.get("/api/v1/orders?size=50", headers=headers)).json()["items"]]

    shipped = await client.post("/api/v1/shipments", json={"order_no": order_nos[0]}, headers=headers)
    assert shipped.status_code == 201 and shipped.json()["carrier"] == "ZTO" and shipped.json()["status"] == "pending"
    again = await client.post("/api/v1/shipments", json={"order_no": order_nos[0]}, headers=headers)
    assert again.status_code == 409 and again.json()["code"] == "already_shipped" and again.json()["detail"]
    bad = await client.post(
        "/api/v1/shipments", json={"order_no": order_nos[1], "carrier": "SF", "number": "123"}, headers=headers
    )
    assert bad.status_code == 422 and "SF" in bad.json()["detail"]

    cancelled = await client.post(f"/api/v1/shipments/{shipped.json()['id']}/cancel", headers=headers)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    twice = await client.post(f"/api/v1/shipments/{shipped.json()['id']}/cancel", headers=headers)
    assert twice.status_code == 409

    batch = await client.post("/api/v1/shipments/batch", json={"order_nos": order_nos + ["NOPE"]}, headers=headers)
    assert batch.status_code == 200
    result = batch.json()
    assert len(result["shipped"]) == 5 and result["failed"] == [
        {"order_no": "NOPE", "reason": "找不到订单", "code": "not_found"}
    ]
    ids = ",".join(str(s["shipment_id"]) for s in result["shipped"])
    export = await client.get(f"/api/v1/exports/batch-ship.csv?shipment_ids={ids}", headers=headers)
    assert export.status_code == 200 and export.headers["content-type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert table[0] == ["订单编号", "物流公司", "运单号"] and len(table) == 6
    since = await client.get("/api/v1/exports/batch-ship.csv?shipped_since=2020-01-01T00:00:00", headers=headers)
    assert since.status_code == 200 and len(since.content.decode("utf-8-sig").splitlines()) == 6
    template = await client.get("/api/v1/orders/import-template.csv", headers=headers)
    assert template.content.decode("utf-8-sig").startswith("订单编号,")


async def test_import_refuses_a_file_over_the_limit_and_a_binary(user: User):
    client, headers = user.http_client, staff_headers()
    runtime.get().settings.upload_limit_mb = 1
    big = {"file": ("big.csv", b"x" * (1024 * 1024 + 10), "text/csv")}
    too_large = await client.post("/api/v1/orders/import", files=big, headers=headers)
    assert too_large.status_code == 413 and too_large.json()["code"] == "too_large"
    assert "1 MB" in too_large.json()["detail"]
    binary = {"file": ("orders.csv", b"\x00\x01\x02" * 1000, "text/csv")}
    refused = await client.post("/api/v1/orders/import", files=binary, headers=headers)
    assert refused.status_code == 422 and refused.json()["detail"]
    english = await client.post("/api/v1/orders/import", files=binary, headers={**headers, "Accept-Language": "en"})
    assert "not a CSV or XLSX" in english.json()["detail"]


async def test_orders_list_unprinted_param(user: User):
    from sqlalchemy import text

    from tests.fixtures.shop import add_orders
    from waybill_ui.services.shipping import single as shipping

    client, headers = user.http_client, staff_headers()
    db = runtime.get().db
    seed_catalogue(db)
    add_stock(db, "ZTO", 3)
    printed, fresh, cancelled = add_orders(db, 3)
    ids = {no: shipping.ship_order(db, order_no=no, carrier="ZTO", actor="t").id for no in (printed, fresh, cancelled)}
    shipping.cancel_shipment(db, shipment_id=ids[cancelled], actor="t")
    with db.write() as session:
        session.execute(text("UPDATE shipment SET printed_count = 1 WHERE id = :s"), {"s": ids[printed]})
    everything = (await client.get("/api/v1/orders", headers=headers)).json()
    assert everything["total"] == 3
    only = (await client.get("/api/v1/orders", params={"unprinted": "true"}, headers=headers)).json()
    assert only["total"] == 1 and [o["order_no"] for o in only["items"]] == [fresh]
    assert only["items"][0]["shipment_id"] == ids[fresh]
    off = await client.get("/api/v1/orders", params={"unprinted": "false", "status": "shipped"}, headers=headers)
    assert off.json()["total"] == 2
    assert (await client.get("/api/v1/orders", params={"unprinted": "maybe"}, headers=headers)).status_code == 422


async def test_orders_and_waybills_follow_cursors(user: User):
    """Keyset pages over the API: next_cursor walks every order once; `page` still works."""
    client, headers = user.http_client, staff_headers()
    db = runtime.get().db
    seed_catalogue(db)
    add_stock(db, "ZTO", 7)
    rows = [tb.row(i, random.Random(i), status=tb.PENDING) for i in range(7)]
    files = {"file": ("ExportOrderList1.csv", tb.build(rows), "text/csv")}
    assert (await client.post("/api/v1/orders/import", files=files, headers=headers)).status_code == 200
    everything = (await client.get("/api/v1/orders?size=50&sort=amount", headers=headers)).json()
    seen, url = [], "/api/v1/orders?size=3&sort=amount"
    while url:
        page = (await client.get(url, headers=headers)).json()
        assert page["total"] == 7 and page["total_estimated"] is False
        seen += [o["order_no"] for o in page["items"]]
        url = f"/api/v1/orders?size=3&sort=amount&cursor={page['next_cursor']}" if page["next_cursor"] else None
    assert seen == [o["order_no"] for o in everything["items"]]
    second = (await client.get("/api/v1/orders?size=3&sort=amount&page=2", headers=headers)).json()
    assert [o["order_no"] for o in second["items"]] == seen[3:6]
    wrong = await client.get(f"/api/v1/orders?size=3&cursor={page['prev_cursor']}", headers=headers)
    assert wrong.status_code == 422  # a cursor of the amount sort, used with the default sort
    numbers = (await client.get("/api/v1/waybills?size=4", headers=headers)).json()
    more = (await client.get(f"/api/v1/waybills?size=4&cursor={numbers['next_cursor']}", headers=headers)).json()
    assert len(numbers["items"]) == 4 and len(more["items"]) == 3 and more["next_cursor"] is None
    assert not {n["number"] for n in numbers["items"]} & {n["number"] for n in more["items"]}


async def test_a_large_upload_is_parsed_by_the_parser_process_and_answers_the_same(user: User, monkeypatch):
    """The API's import of a large file goes through services/orders/importing/worker.py (here from
    the first byte, handing over after one chunk): the answer is the in-process one."""
    from waybill_ui.services.orders.importing import worker

    monkeypatch.setattr(worker, "APART_FROM_BYTES", 0)
    monkeypatch.setattr(worker.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(worker, "HAND_OVER_AFTER", 1)
    client, headers = user.http_client, staff_headers()
    rng = random.Random(12)
    rows = [tb.row(i, rng, status=tb.PENDING) for i in range(11_000)]
    rows[10_500][0] = "1.23E+18"  # Excel damage, in a chunk the child parses
    files = {"file": ("ExportOrderList.csv", tb.build(rows), "text/csv")}

    imported = await client.post("/api/v1/orders/import", files=files, headers=headers)

    assert imported.status_code == 200, imported.text
    body = imported.json()
    assert body["imported"] == 10_999 and [r["row"] for r in body["rejected"]] == [10_502]
    page = (await client.get("/api/v1/orders?status=pending&size=1", headers=headers)).json()
    assert page["total"] == 10_999
