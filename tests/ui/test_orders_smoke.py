from nicegui.testing import User
from waybill_ui import runtime
from tests.helpers import eventually, login
from tests.fixtures.shop import seed_catalogue, add_stock, add_orders


async def test_smoke(user: User):
    await login(user)
    db = runtime.get().db
    seed_catalogue(db)
    add_stock(db, "ZTO", 5)
    add_orders(db, 3)
    await user.open("/orders")
    await user.should_see(marker="orders-table")
    table = user.find(marker="orders-table").elements.pop()
    await eventually(lambda: [r["order_no"] for r in table.rows] == ["900000000000", "900000000001", "900000000002"])
    await user.open("/orders/rules")
    await user.should_see(marker="match-preview")
    await user.open("/settings?tab=shipping")
    await user.should_see(marker="shipping-settings")
