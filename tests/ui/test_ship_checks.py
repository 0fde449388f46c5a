"""The ship dialog says loudly when the buyer's carrier request is not followed, and an uncovered
carrier needs an explicit reason before it ships."""

from nicegui.testing import User
from sqlalchemy import text

from tests.fixtures.shop import add_orders, add_stock, seed_catalogue, status_of
from tests.helpers import eventually, login_staff
from waybill_ui import runtime


def db():
    return runtime.get().db


def element(user: User, marker: str):
    return user.find(marker=marker).elements.pop()


async def open_dialog(user: User, order_no: str) -> None:
    await user.open("/orders")
    table = element(user, "orders-table")
    await eventually(lambda: len(table.rows) >= 1)
    user.find(marker="orders-table").trigger("ship", {"order_no": order_no})
    await user.should_see(marker="ship-dialog")


async def test_requested_carrier_is_preselected_and_a_change_is_flagged(user: User):
    await login_staff(user)
    seed_catalogue(db())
    add_stock(db(), "ZTO", 5)
    add_stock(db(), "SF", 2)
    [order_no] = add_orders(db(), 1, buyer_message="请发顺丰，谢谢")
    await open_dialog(user, order_no)
    carrier = element(user, "ship-carrier")
    assert carrier.value == "SF"
    assert "买家指定顺丰速运" in element(user, "ship-reason").text
    await user.should_not_see(marker="ship-request-warning")
    with user:
        carrier.set_value("ZTO")
    await user.should_see(marker="ship-request-warning")
    assert "买家要求顺丰速运，当前是中通快递" in element(user, "ship-request-warning").text
    user.find(marker="ship-confirm").click()
    await eventually(lambda: status_of(db(), order_no) == "shipped")
    await user.should_see("买家要求顺丰速运")  # said again after shipping


async def test_uncovered_carrier_needs_a_reason(user: User):
    await login_staff(user)
    seed_catalogue(db())
    add_stock(db(), "STO", 5)
    [order_no] = add_orders(db(), 1, province="西藏自治区", city="拉萨市", district="城关区")
    await open_dialog(user, order_no)
    carrier = element(user, "ship-carrier")
    assert "不送西藏自治区" in carrier.options["STO"]
    with user:
        carrier.set_value("STO")
    await user.should_see(marker="ship-override-reason")
    user.find(marker="ship-confirm").click()
    await eventually(lambda: "如确实要发，请填写原因" in element(user, "ship-error").text)
    assert status_of(db(), order_no) == "pending"
    user.find(marker="ship-override-reason").type("网点确认可以派送")
    user.find(marker="ship-confirm").click()
    await eventually(lambda: status_of(db(), order_no) == "shipped")
    with db().read() as session:
        assert (
            session.execute(text("SELECT reason FROM audit_log WHERE action = 'ship'")).scalar() == "网点确认可以派送"
        )


async def test_batch_preview_shows_requests_and_reasons_with_their_orders(user: User):
    await login_staff(user)
    seed_catalogue(db())
    add_stock(db(), "ZTO", 50)
    plain = add_orders(db(), 3, prefix="PL")
    asking = add_orders(db(), 1, prefix="AS", buyer_message="请发顺丰，谢谢")
    await user.open("/orders")
    table = element(user, "orders-table")
    await eventually(lambda: len(table.rows) == 4)
    # the list shows the buyer's request as a chip next to the message
    assert next(r for r in table.rows if r["order_no"] == asking[0])["request"] == "买家要求：顺丰速运"
    user.find(marker="select-all").click()
    user.find(marker="batch-ship").click()
    await user.should_see(marker="batch-request-warnings")
    await user.should_see(f"{asking[0]}: ⚠ 买家要求顺丰速运")
    reasons = element(user, "batch-reasons")
    with user:
        reasons.open()
    await user.should_see("：4 单（")  # one line covering all four orders, naming them
    user.find(marker="batch-confirm").click()
    await user.should_see(marker="batch-result-warning")
    await eventually(lambda: all(status_of(db(), n) == "shipped" for n in plain + asking))
    # the list behind refreshed and the selection was dropped
    await eventually(lambda: len(table.rows) == 0 and element(user, "selection-count").text == "已选 0 个订单")
