"""The ship dialog and the API for an order held because its Kuaidi100 answer was lost: the seller
enters the number found by our order code, or confirms none was issued."""

from nicegui.testing import User
from sqlalchemy import text

from tests.ewaybill.support import OWNER, add_sender
from tests.fixtures.shop import add_orders, seed_catalogue, status_of
from tests.helpers import eventually, login_staff
from waybill_ui import runtime
from waybill_ui.db.models import EwaybillIssue
from waybill_ui.services.ewaybill import accounts as ewaybill_accounts
from waybill_ui.services.settings.providers import sandbox_url_of


def _held_order(monkeypatch) -> tuple[str, str]:
    """A YTO order whose issue was sent to Kuaidi100's face and whose answer never came back."""
    rt = runtime.get()
    db = rt.db
    seed_catalogue(db)
    add_sender(db)
    monkeypatch.setattr(
        rt.settings, "kuaidi100_label_url", sandbox_url_of(rt.providers).rstrip("/") + "/kuaidi100/label/order"
    )
    monkeypatch.setattr(rt.settings, "kuaidi100_key", rt.settings.secrets.sandbox_customer)
    account = ewaybill_accounts.add_account(
        db,
        provider="kuaidi100",
        carrier="YTO",
        actor=OWNER,
        values={"partner_id": "p-1", "customer_pwd": rt.settings.secrets.sandbox_key},
    )
    [order_no] = add_orders(db, 1)
    with db.write() as session:
        order_id = session.execute(text("SELECT id FROM orders WHERE order_no=:n"), {"n": order_no}).scalar()
        session.add(
            EwaybillIssue(
                order_id=order_id,
                order_code=f"{order_no}-1",
                account_id=account.id,
                provider="kuaidi100",
                carrier="YTO",
                answer={"unsure": True},
            )
        )
    from waybill_ui.sandbox.eorder_face import _desk

    number = (
        _desk(rt.sandbox)
        .issue(
            account="YTO:p-1",
            order_code=f"{order_no}-1",
            carrier="YTO",
            province="浙江省",
            city="杭州市",
            district="",
            address="文三路1号",
        )
        .number
    )
    return order_no, number


def scalar(sql: str, **params):
    with runtime.get().db.read() as session:
        return session.execute(text(sql), params).scalar()


async def test_ship_dialog_holds_the_order_and_ships_with_the_number_found(user: User, monkeypatch):
    await login_staff(user)
    order_no, number = _held_order(monkeypatch)
    db = runtime.get().db
    await user.open("/orders")
    table = user.find(marker="orders-table").elements.pop()
    await eventually(lambda: len(table.rows) == 1)
    user.find(marker="orders-table").trigger("ship", table.rows[0])
    await user.should_see(marker="ship-dialog")
    user.find(marker="ship-carrier").elements.pop().set_value("YTO")
    await user.should_see("确认发货时由服务商实时取号", retries=30)
    user.find(marker="ship-confirm").click()
    await user.should_see("没有收到回复", retries=30)
    await user.should_see(marker="ship-unsure-use")
    assert runtime.get().sandbox.store._conn.execute("SELECT count(*) FROM ew_orders").fetchone()[0] == 1
    user.find(marker="ship-unsure-number").type(number)
    user.find(marker="ship-unsure-use").click()
    await eventually(lambda: status_of(db, order_no) == "shipped")
    assert scalar("SELECT number FROM shipment") == number
    assert runtime.get().sandbox.store._conn.execute("SELECT count(*) FROM ew_orders").fetchone()[0] == 1


async def test_api_settles_a_held_order(user: User, monkeypatch):
    from tests.api.test_ewaybill_api import headers_for

    order_no, number = _held_order(monkeypatch)
    client, staff = user.http_client, headers_for("staff")
    held = await client.post("/api/v1/shipments", json={"order_no": order_no, "carrier": "YTO"}, headers=staff)
    assert held.status_code == 409 and held.json()["code"] == "ewaybill_unsure", held.text
    none = await client.post(f"/api/v1/ewaybill/unsure/{order_no}", json={"number": None}, headers=staff)
    assert none.status_code == 200 and none.json()["shipment_id"] is None
    again = await client.post("/api/v1/shipments", json={"order_no": order_no, "carrier": "YTO"}, headers=staff)
    assert again.status_code == 201, again.text
    assert again.json()["number"] != number  # a fresh code (-2) at the provider
    db = runtime.get().db
    with db.read() as session:
        assert (
            session.execute(text("SELECT status FROM orders WHERE order_no=:n"), {"n": order_no}).scalar() == "shipped"
        )
