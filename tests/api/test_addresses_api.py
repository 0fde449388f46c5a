"""POST /api/v1/addresses/parse, PUT /api/v1/orders/{order_no}/address and the bulk fill file:
a masked order goes from 待补地址 through smart paste to shipped with its extension."""

import io

from nicegui.testing import User
from openpyxl import Workbook

from tests.fixtures.shop import add_orders, add_stock, ensure_sender, seed_catalogue
from waybill_ui import runtime
from waybill_ui.services.accounts import users


async def token(user: User) -> dict:
    users.create_user(runtime.get().db, username="apistaff", password="api-pass-123", role="staff")
    answer = await user.http_client.post(
        "/api/v1/auth/token", json={"username": "apistaff", "password": "api-pass-123"}
    )
    return {"Authorization": f"Bearer {answer.json()['token']}"}


async def test_parse_one_block_and_a_column(user: User):
    client, auth = user.http_client, await token(user)
    assert (await client.post("/api/v1/addresses/parse", json={"text": "x"})).status_code == 401
    one = await client.post(
        "/api/v1/addresses/parse",
        headers=auth,
        json={"text": "收货人：张三，手机：17012345678转1234，浙江省杭州市西湖区文三路90号"},
    )
    assert one.status_code == 200
    got = one.json()
    assert {k: got[k] for k in ("name", "phone", "extension", "province", "city", "district", "detail")} == {
        "name": "张三",
        "phone": "17012345678",
        "extension": "1234",
        "province": "浙江省",
        "city": "杭州市",
        "district": "西湖区",
        "detail": "文三路90号",
    }
    assert got["confidence"] == 1.0 and got["ambiguous"] == ""
    many = await client.post(
        "/api/v1/addresses/parse",
        headers=auth,
        json={"texts": ["李四 13900139000 鼓楼区中山路1号", "王五 13800138000 南京鼓楼区中山路1号"]},
    )
    first, second = many.json()
    assert first["ambiguous"] == "鼓楼区" and first["city"] == "" and len(first["candidates"]) >= 4
    assert second["city"] == "南京市"
    assert (await client.post("/api/v1/addresses/parse", headers=auth, json={})).status_code == 422


async def test_masked_order_filled_by_paste_then_ships(user: User):
    client, auth = user.http_client, await token(user)
    db = runtime.get().db
    seed_catalogue(db)
    ensure_sender(db)
    add_stock(db, "ZTO", 2)
    [no] = add_orders(db, 1, prefix="MASK", receiver_name="张**", phone="138****5678", address="***")
    refused = await client.post("/api/v1/shipments", json={"order_no": no, "carrier": "ZTO"}, headers=auth)
    assert refused.status_code == 409 and refused.json()["code"] == "needs_address"
    parsed = (
        await client.post(
            "/api/v1/addresses/parse", headers=auth, json={"text": "张三 17012345678-1234 杭州市西湖区文三路90号"}
        )
    ).json()
    body = {k: parsed[k] for k in ("name", "phone", "extension", "province", "city", "district", "detail")}
    bad = await client.put(f"/api/v1/orders/{no}/address", headers=auth, json={**body, "district": "江干区"})
    assert bad.status_code == 422 and bad.json()["code"] == "bad_district" and "区县" in bad.json()["detail"]
    saved = await client.put(f"/api/v1/orders/{no}/address", headers=auth, json=body)
    assert saved.status_code == 200 and (saved.json()["phone"], saved.json()["extension"]) == ("17012345678", "1234")
    shipped = await client.post("/api/v1/shipments", json={"order_no": no, "carrier": "ZTO"}, headers=auth)
    assert shipped.status_code == 201
    again = await client.put(f"/api/v1/orders/{no}/address", headers=auth, json=body)
    assert again.status_code == 409


async def test_fill_from_a_file(user: User):
    client, auth = user.http_client, await token(user)
    nos = add_orders(runtime.get().db, 2, prefix="FILE", address="")
    book = Workbook()
    book.active.append(["订单编号", "收货人", "手机", "收货地址"])
    book.active.append([nos[0], "张三", "13800138000", "浙江省杭州市西湖区文三路90号"])
    book.active.append([nos[1], "李四", "13900139000", "火星基地1号"])
    buffer = io.BytesIO()
    book.save(buffer)
    answer = await client.post(
        "/api/v1/orders/addresses/import", headers=auth, files={"file": ("addr.xlsx", buffer.getvalue())}
    )
    assert answer.status_code == 200
    got = answer.json()
    assert got["filled"] == 1 and [(p["row"], p["order_no"], p["code"]) for p in got["problems"]] == [
        (3, nos[1], "unplaced")
    ]
    assert "省市区" in got["problems"][0]["message"]
