"""GET/PUT /api/v1/shop/sender, and shipping refused without a sender (with where to set it)."""

from nicegui.testing import User

from tests.fixtures.shop import add_orders, add_stock
from waybill_ui import runtime
from waybill_ui.services.accounts import users

SENDER = {
    "name": "李店长",
    "phone": "13967112345",
    "province": "浙江省",
    "city": "杭州市",
    "district": "余杭区",
    "address": "文一西路998号海创园5号楼",
}


async def token(user: User, role: str) -> dict:
    users.create_user(runtime.get().db, username=f"api{role}", password="api-pass-123", role=role)
    answer = await user.http_client.post(
        "/api/v1/auth/token", json={"username": f"api{role}", "password": "api-pass-123"}
    )
    return {"Authorization": f"Bearer {answer.json()['token']}"}


async def test_sender_api_and_the_ship_gate(user: User):
    from tests.fixtures.shop import seed_catalogue
    from sqlalchemy import text

    client = user.http_client
    owner, staff = await token(user, "owner"), await token(user, "staff")
    db = runtime.get().db
    seed_catalogue(db)
    with db.write() as session:
        session.execute(text("DELETE FROM sender_address"))
    assert (await client.get("/api/v1/shop/sender", headers=staff)).json() is None
    add_stock(db, "ZTO", 2)
    [order_no] = add_orders(db, 1)
    refused = await client.post("/api/v1/shipments", json={"order_no": order_no, "carrier": "ZTO"}, headers=staff)
    assert refused.status_code == 409 and refused.json()["code"] == "no_sender"
    assert "设置 → 面单与寄件人" in refused.json()["detail"]
    assert (await client.put("/api/v1/shop/sender", json=SENDER, headers=staff)).status_code == 403
    bad = await client.put("/api/v1/shop/sender", json={**SENDER, "phone": "12"}, headers=owner)
    assert bad.status_code == 422
    saved = await client.put("/api/v1/shop/sender", json=SENDER, headers=owner)
    assert saved.status_code == 200 and saved.json() == SENDER
    moved = await client.put("/api/v1/shop/sender", json={**SENDER, "district": "西湖区"}, headers=owner)
    assert moved.json()["district"] == "西湖区"
    assert (await client.get("/api/v1/shop/sender", headers=staff)).json()["district"] == "西湖区"
    with db.read() as session:  # replaced in place, not a second address
        assert session.execute(text("SELECT count(*) FROM sender_address")).scalar() == 1
    shipped = await client.post("/api/v1/shipments", json={"order_no": order_no, "carrier": "ZTO"}, headers=staff)
    assert shipped.status_code == 201
