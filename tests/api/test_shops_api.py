"""/api/v1/shops and the shop parameters of the orders, import, ship and report routes."""

import io
import json

from openpyxl import load_workbook

from tests.fixtures import marketplace_files as mf
from tests.fixtures.shop import add_stock, seed_catalogue
from tests.fixtures.taobao_export import export as taobao_export
from waybill_ui import runtime
from waybill_ui.services.accounts import api_tokens, users


def headers_for(username: str, role: str) -> dict:
    db = runtime.get().db
    principal = users.create_user(db, username=username, password=f"{username}-pass-1", role=role)
    return {"Authorization": f"Bearer {api_tokens.create_api_token(db, user_id=principal.id, name='t', actor='t')}"}


async def test_shops_api_and_shop_scoped_import_list_ship_and_files(user):
    client = user.http_client
    db = runtime.get().db
    owner, staff = headers_for("boss", "owner"), headers_for("packer", "staff")
    listed = (await client.get("/api/v1/shops", headers=staff)).json()
    assert [(s["id"], s["marketplace"], s["active"]) for s in listed] == [(1, "taobao", True)]
    refused = await client.post("/api/v1/shops", json={"name": "拼多多店", "marketplace": "pdd"}, headers=staff)
    assert refused.status_code == 403
    made = await client.post("/api/v1/shops", json={"name": "拼多多店", "marketplace": "pdd"}, headers=owner)
    assert made.status_code == 201
    pdd = made.json()["id"]
    bad = await client.post("/api/v1/shops", json={"name": "x", "marketplace": "ebay"}, headers=owner)
    assert bad.status_code == 422 and bad.json()["code"] == "bad_marketplace"

    # two shops: an import must say which
    data = taobao_export(3, seed=9)
    files = {"file": ("ExportOrderList.csv", data, "text/csv")}
    unsure = await client.post("/api/v1/orders/import", files=files, headers=staff)
    assert unsure.status_code == 422 and unsure.json()["code"] == "shop_required"
    for shop_id in (1, pdd):
        done = await client.post(f"/api/v1/orders/import?shop_id={shop_id}", files=files, headers=staff)
        assert done.status_code == 200 and done.json()["imported"] == 3 and done.json()["shop_id"] == shop_id
    records, _ = mf.rows("pdd", 4)
    done = await client.post(
        f"/api/v1/orders/import?shop_id={pdd}",
        files={"file": ("pdd.xlsx", mf.xlsx_file("pdd", records), "application/octet-stream")},
        headers=staff,
    )
    assert done.json()["format"] == "pdd" and done.json()["imported"] == 4

    # an unknown layout: 422 needs_mapping with the columns, then the mapping, remembered
    erp = {"file": ("erp.csv", mf.unknown_file(2), "text/csv")}
    asked = await client.post(f"/api/v1/orders/import?shop_id={pdd}", files=erp, headers=staff)
    assert asked.status_code == 422 and asked.json()["code"] == "needs_mapping"
    assert asked.json()["headers"] == mf.UNKNOWN_HEADERS and "order_no" in asked.json()["fields"]
    mapped = await client.post(
        f"/api/v1/orders/import?shop_id={pdd}",
        files=erp,
        headers=staff,
        data={"mapping": json.dumps(mf.UNKNOWN_MAPPING)},
    )
    assert mapped.status_code == 200 and mapped.json()["format"] == "mapped"
    shop = next(s for s in (await client.get("/api/v1/shops", headers=staff)).json() if s["id"] == pdd)
    assert shop["column_mapping"] == mf.UNKNOWN_MAPPING and shop["orders"] == 3 + 4 + 2

    # the list per shop and across shops; the shop on each row
    page = (await client.get(f"/api/v1/orders?shop_id={pdd}&size=100", headers=staff)).json()
    assert page["total"] == 9 and {o["shop_name"] for o in page["items"]} == {"拼多多店"}
    assert (await client.get("/api/v1/orders?size=1", headers=staff)).json()["total"] == 12
    privacy = next(o for o in page["items"] if o["phone_ext"])
    assert len(privacy["phone"]) == 11

    # a number in both shops: 409 without the shop, shipped with it
    seed_catalogue(db)
    add_stock(db, "ZTO", 3)
    both = next(o["order_no"] for o in page["items"] if o["order_no"].isdigit() and o["status"] == "pending")
    confused = await client.post("/api/v1/shipments", json={"order_no": both, "carrier": "ZTO"}, headers=staff)
    assert confused.status_code == 409 and confused.json()["code"] == "ambiguous_order"
    shipped = await client.post(
        "/api/v1/shipments", json={"order_no": both, "carrier": "ZTO", "shop_id": pdd}, headers=staff
    )
    assert shipped.status_code == 201

    # the shop's batch-ship file is PDD's template
    got = await client.get(f"/api/v1/shops/{pdd}/batch-ship?shipment_ids={shipped.json()['id']}", headers=staff)
    assert got.status_code == 200 and "spreadsheetml" in got.headers["content-type"]
    rows = [tuple(r) for r in load_workbook(io.BytesIO(got.content)).active.iter_rows(values_only=True)]
    assert rows == [("订单号", "快递公司", "快递单号"), (both, "中通快递", shipped.json()["number"])]
    report = (await client.get(f"/api/v1/reports/shops?period=last_30&shop_id={pdd}", headers=staff)).json()
    assert [r["shop"] for r in report["rows"]] in ([], ["拼多多店"])

    # rename, deactivate, and no delete while it has orders
    renamed = await client.patch(f"/api/v1/shops/{pdd}", json={"name": "拼多多旗舰店", "active": False}, headers=owner)
    assert renamed.status_code == 200 and renamed.json()["name"] == "拼多多旗舰店" and not renamed.json()["active"]
    gone = await client.delete(f"/api/v1/shops/{pdd}", headers=owner)
    assert gone.status_code == 409 and gone.json()["code"] == "shop_has_orders"
    forgot = await client.delete(f"/api/v1/shops/{pdd}/mapping", headers=owner)
    assert forgot.json()["column_mapping"] == {}
