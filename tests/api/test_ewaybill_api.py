"""E-waybill accounts, the shop sender and issuing on POST /api/v1/shipments, through the API."""

from nicegui.testing import User

from tests.fixtures.shop import seed_catalogue
from waybill_ui import runtime
from waybill_ui.db.models import Order
from waybill_ui.clock import utcnow
from waybill_ui.services.accounts import api_tokens, users


def headers_for(role: str) -> dict:
    db = runtime.get().db
    principal = users.create_user(db, username=f"api-{role}", password="api-pass-123", role=role)
    return {"Authorization": f"Bearer {api_tokens.create_api_token(db, user_id=principal.id, name='t', actor='t')}"}


async def test_accounts_sender_and_issue_on_ship(user: User):
    client, owner, staff = user.http_client, headers_for("owner"), headers_for("staff")
    db = runtime.get().db
    seed_catalogue(db)
    rt = runtime.get()
    account = {"provider": "sandbox", "carrier": "ZTO", "customer_name": "shop-zto", "customer_pwd": "S3CRET-PW"}
    refused = await client.post("/api/v1/ewaybill/accounts", json=account, headers=staff)
    assert refused.status_code == 403
    created = await client.post("/api/v1/ewaybill/accounts", json=account, headers=owner)
    assert created.status_code == 201, created.text
    assert set(created.json()) >= {"id", "provider", "carrier", "quota"} and "S3CRET-PW" not in created.text
    listed = await client.get("/api/v1/ewaybill/accounts", headers=staff)
    assert listed.status_code == 200 and "S3CRET-PW" not in listed.text and listed.json()[0]["carrier"] == "ZTO"

    assert (await client.get("/api/v1/shop/sender", headers=staff)).json()["name"] == "测试仓"  # the fixtures' sender
    sender = {
        "name": "王店主",
        "phone": "13800138000",
        "province": "浙江",
        "city": "杭州市",
        "district": "西湖区",
        "address": "文三路90号",
    }
    assert (await client.put("/api/v1/shop/sender", json=sender, headers=staff)).status_code == 403
    put = await client.put("/api/v1/shop/sender", json=sender, headers=owner)
    assert put.status_code == 200 and put.json()["province"] == "浙江省"
    assert (await client.get("/api/v1/shop/sender", headers=staff)).json()["name"] == "王店主"

    with db.write() as session:
        session.add(
            Order(
                order_no="EW-API-1",
                status="pending",
                receiver_name="李四",
                phone="13900139000",
                province="山东省",
                city="济南市",
                district="历下区",
                address="泉城路1号",
                updated_at=utcnow(),
            )
        )
    shipped = await client.post("/api/v1/shipments", json={"order_no": "EW-API-1", "carrier": "ZTO"}, headers=staff)
    assert shipped.status_code == 201, shipped.text
    number = shipped.json()["number"]
    assert rt.sandbox.store._conn.execute("SELECT number FROM ew_orders").fetchone()[0] == number
    cancelled = await client.post(f"/api/v1/shipments/{shipped.json()['id']}/cancel", headers=staff)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert rt.sandbox.store._conn.execute("SELECT status FROM ew_orders").fetchone()[0] == "cancelled"

    for i in range(2, 6):
        with db.write() as session:
            session.add(
                Order(
                    order_no=f"EW-API-{i}",
                    status="pending",
                    receiver_name="李四",
                    phone="13900139000",
                    province="山东省",
                    city="济南市",
                    district="历下区",
                    address="某村 不派送" if i == 5 else "泉城路1号",
                    updated_at=utcnow(),
                )
            )
    batch = await client.post(
        "/api/v1/shipments/batch",
        headers=staff,
        json={"order_nos": [f"EW-API-{i}" for i in range(1, 6)], "carrier": "ZTO"},
    )
    assert batch.status_code == 200, batch.text
    body = batch.json()
    assert len(body["shipped"]) == 4 and body["batch_id"] > 0  # EW-API-1 was cancelled: it ships again
    assert (
        body["failed"] == [{"order_no": "EW-API-5", "code": "ewaybill_address", "reason": body["failed"][0]["reason"]}]
        and "服务范围" in body["failed"][0]["reason"]
    )

    gone = await client.delete(f"/api/v1/ewaybill/accounts/{created.json()['id']}", headers=owner)
    assert gone.status_code == 204 and (await client.get("/api/v1/ewaybill/accounts", headers=owner)).json() == []
