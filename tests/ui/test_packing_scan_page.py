"""扫描验货发货 with NiceGUI's simulated user: what each Enter does (order, items, weight, confirm),
Esc starting over, and the scale's reading arriving as an event."""

from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction
from sqlalchemy import text

from tests.fixtures.shop import add_orders, add_stock, seed_catalogue
from tests.helpers import login
from waybill_ui import runtime
from waybill_ui.db.models import ItemBarcode, OrderItem

RETRY = 30


def the(user: User, marker: str):
    elements = user.find(marker=marker).elements
    assert elements, marker
    return next(iter(elements))


def enter(user: User, code: str) -> None:
    user.find(marker="pack-input").type(code).trigger("keydown.enter")


def shop(db, **order) -> str:
    seed_catalogue(db)
    add_stock(db, "ZTO", 2)
    [order_no] = add_orders(db, 1, prefix="S", **order)
    with db.write() as session:
        oid = session.execute(text("SELECT id FROM orders WHERE order_no = :n"), {"n": order_no}).scalar()
        session.add(OrderItem(order_id=oid, sku="MUG-1", title="杯子", spec="", quantity=2))
        session.add(ItemBarcode(barcode="MUG-1", sku="MUG-1", weight_g=300))
    return order_no


async def test_order_items_weight_and_confirm(user: User):
    db = runtime.get().db
    order_no = shop(db)
    await login(user)
    await user.open("/packing/scan")
    await user.should_see("扫描拣货单条码", retries=RETRY)
    enter(user, "NOPE-1")
    await user.should_see("找不到订单或单号 NOPE-1。请核对后重新扫描。", retries=RETRY)
    assert "扫描拣货单条码" in the(user, "pack-step").text
    enter(user, order_no)
    await user.should_see(f"订单 {order_no}", retries=RETRY)
    enter(user, "")  # an empty Enter before any item does nothing
    await user.should_see(f"订单 {order_no}", retries=RETRY)
    enter(user, "MUG-1")
    await user.should_see("MUG-1  杯子    1 / 2", retries=RETRY)
    enter(user, "CAP-9")
    await user.should_see("扫错商品：CAP-9", retries=RETRY)
    enter(user, "MUG-1")
    await user.should_see("商品齐了", retries=RETRY)
    assert "放上电子秤" in the(user, "pack-step").text
    enter(user, "abc")
    await user.should_see("重量「abc」看不懂", retries=RETRY)
    enter(user, "0.6kg")
    await user.should_see("重量：0.60 kg", retries=RETRY)
    enter(user, "1250g")  # a new reading replaces the weight, and is far from the expected 600 g
    await user.should_see("重量：1.25 kg", retries=RETRY)
    await user.should_see("重量与预计 600 g 相差很大", retries=RETRY)
    enter(user, "")
    await user.should_see("已发货：中通快递", retries=RETRY)
    assert "扫描拣货单条码" in the(user, "pack-step").text
    with db.read() as session:
        assert session.execute(text("SELECT weight_g FROM shipment")).scalar() == 1250


async def test_esc_starts_over_and_the_scale_weighs(user: User):
    db = runtime.get().db
    order_no = shop(db)
    await login(user)
    await user.open("/packing/scan")
    await user.should_see("扫描拣货单条码", retries=RETRY)
    enter(user, order_no)
    await user.should_see(f"订单 {order_no}", retries=RETRY)
    user.find(marker="pack-input").type("MUG").trigger("keydown.esc")
    await user.should_not_see(f"订单 {order_no}", retries=RETRY)
    assert the(user, "pack-input").value == ""
    enter(user, order_no)
    await user.should_see(f"订单 {order_no}", retries=RETRY)
    enter(user, "MUG-1")
    await user.should_see("MUG-1  杯子    1 / 2", retries=RETRY)
    enter(user, "MUG-1")
    await user.should_see("商品齐了", retries=RETRY)
    # the Web Serial scale reports through a page-wide event (SCALE_JS): sent here as the browser would
    assert user.client is not None
    UserInteraction(user, {user.client.layout}, None).trigger("pack_scale", "0.61kg")
    await user.should_see("重量：0.61 kg", retries=RETRY)
    enter(user, "")
    await user.should_see("已发货：中通快递", retries=RETRY)


async def test_enter_without_a_scale_ships_unweighed(user: User):
    db = runtime.get().db
    order_no = shop(db)
    await login(user)
    await user.open("/packing/scan")
    await user.should_see("扫描拣货单条码", retries=RETRY)
    enter(user, order_no)
    await user.should_see(f"订单 {order_no}", retries=RETRY)
    enter(user, "MUG-1")
    await user.should_see("MUG-1  杯子    1 / 2", retries=RETRY)
    enter(user, "MUG-1")
    await user.should_see("商品齐了", retries=RETRY)
    enter(user, "")  # no scale at this desk: Enter confirms without a weight
    await user.should_see("已发货：中通快递", retries=RETRY)
    with db.read() as session:
        assert session.execute(text("SELECT weight_g FROM shipment")).scalar() is None
