"""The ship dialog holds one pool number at a time: choosing another carrier while the last hold is
still on its way gives the late one back instead of keeping two (one leaked for the hold's ten
minutes, and the dialog possibly shipping under the other carrier's number)."""

from nicegui.testing import User
from sqlalchemy import text

from tests.fixtures.shop import add_orders, add_stock, seed_catalogue
from tests.helpers import eventually, login_staff
from waybill_ui import runtime
from waybill_ui.ui.orders.ship_dialog import ShipDialog


def held() -> list[tuple[str, str]]:
    with runtime.get().db.read() as session:
        rows = session.execute(text("SELECT carrier_code, number FROM waybill WHERE reserved_token IS NOT NULL"))
        return [(carrier, number) for carrier, number in rows]


async def test_quick_carrier_changes_keep_one_hold(user: User, monkeypatch):
    await login_staff(user)
    db = runtime.get().db
    seed_catalogue(db)
    stock = {"ZTO": add_stock(db, "ZTO", 3), "YTO": add_stock(db, "YTO", 3)}
    [order_no] = add_orders(db, 1)
    calls = {"started": 0, "finished": 0}
    real_hold_for = ShipDialog.hold_for

    async def counted_hold_for(self, code):  # to know when every choice has been dealt with
        calls["started"] += 1
        try:
            await real_hold_for(self, code)
        finally:
            calls["finished"] += 1

    monkeypatch.setattr(ShipDialog, "hold_for", counted_hold_for)
    await user.open("/orders")
    await user.should_see(marker="orders-table")
    user.find(marker="orders-table").trigger("ship", {"order_no": order_no})
    await eventually(lambda: calls["finished"] == 1 and len(held()) == 1)
    carrier = user.find(marker="ship-carrier").elements.pop()
    chosen = carrier.value
    carrier.set_value("YTO" if chosen == "ZTO" else "ZTO")  # two choices in quick succession:
    carrier.set_value(chosen)  # the second is made before the first one's hold is back
    await eventually(lambda: calls == {"started": 3, "finished": 3}, message=f"{calls}")
    [(kept, number)] = held()
    assert kept == chosen and number in stock[chosen]
    assert number in user.find(marker="ship-held-number").elements.pop().text
