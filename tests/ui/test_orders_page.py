"""The 订单发货 page with NiceGUI's simulated user: ship dialog, hold release, typed numbers,
selection across pages, batch ship with the batch-ship file, import, cancel."""

import csv
import io
import random

from nicegui.elements.upload_files import SmallFileUpload
from nicegui.testing import User
from sqlalchemy import text

from tests.fixtures import taobao_export as tb
from tests.fixtures.shop import add_orders, add_stock, seed_catalogue, status_of
from tests.helpers import eventually, login, login_staff
from waybill_ui import runtime


def db():
    return runtime.get().db


def scalar(sql: str, **params):
    with db().read() as session:
        return session.execute(text(sql), params).scalar()


def element(user: User, marker: str):
    return user.find(marker=marker).elements.pop()


async def open_orders(user: User, expected_rows: int):
    await user.open("/orders")
    table = element(user, "orders-table")
    await eventually(lambda: len(table.rows) == expected_rows, message=f"{len(table.rows)} rows")
    return table


def text_of(user: User, marker: str) -> str:
    return element(user, marker).text


async def test_ship_dialog_holds_a_number_and_ships(user: User):
    await login_staff(user)
    seed_catalogue(db())
    numbers = add_stock(db(), "ZTO", 3)
    orders = add_orders(db(), 2)
    table = await open_orders(user, 2)
    table_rows = {r["order_no"]: r for r in table.rows}
    user.find(marker="orders-table").trigger("ship", table_rows[orders[0]])
    await user.should_see(marker="ship-dialog")
    await eventually(lambda: numbers[0] in text_of(user, "ship-held-number"))
    assert text_of(user, "ship-reason").startswith("得分最高")
    assert element(user, "ship-carrier").value == "ZTO"
    assert scalar("SELECT reserved_token FROM waybill WHERE number = :n", n=numbers[0]) is not None
    user.find(marker="ship-confirm").click()
    await eventually(lambda: status_of(db(), orders[0]) == "shipped")
    assert scalar("SELECT number FROM shipment") == numbers[0]
    await eventually(lambda: {r["order_no"] for r in table.rows} == {orders[1]})  # 待发货 refreshed
    # "print right after shipping" is on by default: the label is made and counted
    await eventually(lambda: scalar("SELECT printed_count FROM shipment") == 1)
    await user.should_see(marker="labels-dialog")


async def test_closing_the_dialog_releases_the_number(user: User):
    await login(user)
    seed_catalogue(db())
    numbers = add_stock(db(), "ZTO", 1)
    [order_no] = add_orders(db(), 1)
    await open_orders(user, 1)
    user.find(marker="orders-table").trigger("ship", {"order_no": order_no})
    await eventually(lambda: numbers[0] in text_of(user, "ship-held-number"))
    user.find(marker="ship-cancel").click()
    await eventually(lambda: scalar("SELECT reserved_token FROM waybill") is None)
    await user.should_not_see(marker="ship-dialog")
    assert status_of(db(), order_no) == "pending"
    assert scalar("SELECT status FROM waybill") == "available"


async def test_typed_number_with_a_suggested_carrier_and_empty_stock(user: User):
    await login_staff(user)
    seed_catalogue(db())
    [order_no] = add_orders(db(), 1)
    await open_orders(user, 1)
    user.find(marker="orders-table").trigger("ship", {"order_no": order_no})
    await user.should_see(marker="ship-dialog")
    await eventually(lambda: element(user, "ship-no-stock").visible and "没有库存" in text_of(user, "ship-no-stock"))
    link = element(user, "ship-buy-link")
    assert link.props["href"] == "/market"
    with user:
        element(user, "ship-mode").set_value("typed")
    await eventually(lambda: element(user, "ship-number").visible)
    user.find(marker="ship-number").type("JT1234567890123")
    await user.should_see(marker="suggest-JTSD")
    user.find(marker="suggest-JTSD").click()
    assert element(user, "ship-carrier").value == "JTSD"
    user.find(marker="ship-confirm").click()
    await eventually(lambda: status_of(db(), order_no) == "shipped")
    assert scalar("SELECT origin || '/' || status FROM waybill WHERE number = 'JT1234567890123'") == "manual/used"


async def test_select_all_matching_then_batch_ship_and_download_the_file(user: User):
    await login_staff(user)
    seed_catalogue(db())
    add_stock(db(), "ZTO", 100)
    orders = add_orders(db(), 120)
    table = await open_orders(user, 50)
    await eventually(lambda: element(user, "select-all").text == "选择全部 120 个匹配订单")
    user.find(marker="select-all").click()
    assert text_of(user, "selection-count") == "已选 120 个订单"
    user.find(marker="batch-ship").click()
    await user.should_see(marker="batch-dialog")
    await user.should_see("120 个订单，库存 100", retries=100)
    await user.should_see(marker="batch-buy-ZTO")  # 20 short: a buy link
    user.find(marker="batch-confirm").click()
    await eventually(lambda: "成功 100 个，失败 20 个" in text_of(user, "batch-summary"))
    user.find(marker="batch-download").click()
    response = await user.download.next(timeout=5)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["订单编号", "物流公司", "运单号"] and len(rows) == 101
    assert {r[1] for r in rows[1:]} == {"中通快递"}
    assert scalar("SELECT count(*) FROM orders WHERE status = 'shipped'") == 100
    user.find(marker="batch-close").click()
    await eventually(lambda: table.pagination["rowsNumber"] == 20)
    assert len(orders) == 120


async def test_selection_spans_pages_and_filters_run_on_the_server(user: User):
    await login(user)
    seed_catalogue(db())
    add_orders(db(), 60, prefix="1000")
    add_orders(db(), 5, prefix="2000", province="新疆维吾尔自治区", city="乌鲁木齐市")
    table = await open_orders(user, 50)
    first_page = table.rows[:2]
    with user:
        table.selected = first_page
    user.find(marker="orders-table").trigger("selection", {"added": True, "rows": first_page, "keys": []})
    user.find(marker="orders-table").trigger("request", {"pagination": {**table.pagination, "page": 2}})
    await eventually(lambda: len(table.rows) == 15)
    pick = table.rows[:1]
    with user:
        table.selected = pick
    user.find(marker="orders-table").trigger("selection", {"added": True, "rows": pick, "keys": []})
    assert text_of(user, "selection-count") == "已选 3 个订单"
    user.find(marker="orders-table").trigger("request", {"pagination": {**table.pagination, "page": 1}})
    await eventually(
        lambda: len(table.rows) == 50 and {r["id"] for r in table.selected} == {r["id"] for r in first_page}
    )
    with user:
        element(user, "orders-province").set_value("新疆维吾尔自治区")
    await eventually(lambda: len(table.rows) == 5 and table.pagination["rowsNumber"] == 5)
    assert text_of(user, "selection-count") == "已选 0 个订单"  # a new filter starts a new selection
    with user:
        element(user, "orders-province").set_value(None)
        element(user, "orders-search").set_value("100000000059")
    user.find(marker="orders-search").trigger("keydown.enter")
    await eventually(lambda: [r["order_no"] for r in table.rows] == ["100000000059"])


async def test_import_dialog_preview_then_commit(user: User):
    await login_staff(user)
    rows = [tb.row(i, random.Random(i), status=tb.PENDING) for i in range(8)]
    rows[3][12] = ""  # no recipient: kept as 待补地址
    rows[5][8] = "五十元"  # a broken amount: refused
    await open_orders(user, 0)
    user.find(marker="orders-import").click()
    await user.should_see(marker="import-dialog")
    upload = element(user, "import-upload")
    with user:
        await upload.handle_uploads([SmallFileUpload("ExportOrderList9.csv", "text/csv", tb.build(rows))])
    await eventually(lambda: "新订单 7 个" in text_of(user, "import-summary"))
    assert "其中 1 个订单缺收货地址，已导入为「待补地址」" in text_of(user, "import-summary")
    problems = element(user, "import-problems")
    assert [r["row"] for r in problems.rows] == [7]
    assert scalar("SELECT count(*) FROM orders") == 0  # the preview wrote nothing
    assert element(user, "import-commit").text == "导入 7 个订单"
    user.find(marker="import-commit").click()
    await eventually(lambda: "导入完成" in text_of(user, "import-summary"))
    assert scalar("SELECT count(*) FROM orders") == 7
    user.find(marker="import-template").click()
    template = await user.download.next(timeout=5)
    assert template.content.decode("utf-8-sig").startswith("订单编号,订单状态")


async def test_cancel_a_shipment_from_the_page(user: User):
    await login_staff(user)
    seed_catalogue(db())
    add_stock(db(), "ZTO", 2)
    [order_no] = add_orders(db(), 1)
    from waybill_ui.services.shipping import single as shipping

    shipped = shipping.ship_order(db(), order_no=order_no, carrier="ZTO", actor="t")
    await user.open("/orders")
    user.find(marker="tab-all").click()
    with user:
        user.find(marker="orders-tabs").elements.pop().set_value("all")
    table = element(user, "orders-table")
    await eventually(lambda: len(table.rows) == 1 and table.rows[0]["can_cancel"])
    user.find(marker="orders-table").trigger("cancel", {"shipment_id": shipped.id})
    await user.should_see(marker="cancel-dialog")
    user.find(marker="cancel-confirm").click()
    await eventually(lambda: status_of(db(), order_no) == "pending")
    assert scalar("SELECT status FROM waybill WHERE number = :n", n=shipped.number) == "voided"


async def test_print_labels_for_the_selected_orders(user: User):
    from waybill_ui.services.shipping import single as shipping

    await login_staff(user)
    seed_catalogue(db())
    add_stock(db(), "ZTO", 2)
    shipped = add_orders(db(), 2)
    for order_no in shipped:
        shipping.ship_order(db(), order_no=order_no, carrier="ZTO", actor="staff1")
    await open_orders(user, 0)
    user.find(marker="tab-all").click()
    table = element(user, "orders-table")
    await eventually(lambda: len(table.rows) == 2)
    user.find(marker="print-labels").click()
    await user.should_see("请先选择")  # nothing selected yet
    user.find(marker="select-all").click()
    user.find(marker="print-labels").click()
    await user.should_see(marker="labels-dialog")
    await eventually(lambda: scalar("SELECT sum(printed_count) FROM shipment") == 2)


async def test_the_held_number_is_released_when_the_dialog_times_out(user: User, monkeypatch):
    from datetime import timedelta

    from waybill_ui.services.shipping import single as shipping

    monkeypatch.setattr(shipping, "HOLD_TTL", timedelta(seconds=1))
    await login_staff(user)
    seed_catalogue(db())
    add_stock(db(), "ZTO", 1)
    [order_no] = add_orders(db(), 1)
    await open_orders(user, 1)
    user.find(marker="orders-table").trigger("ship", {"order_no": order_no})
    await eventually(lambda: scalar("SELECT reserved_token FROM waybill") is not None)
    await eventually(lambda: scalar("SELECT reserved_token FROM waybill") is None, timeout=5)
    await user.should_not_see(marker="ship-dialog")
    assert status_of(db(), order_no) == "pending"


async def test_unprinted_filter_narrows_the_list_and_the_select_all(user: User):
    from waybill_ui.services.shipping import single as shipping

    await login_staff(user)
    seed_catalogue(db())
    add_stock(db(), "ZTO", 4)
    printed, fresh_a, fresh_b, cancelled = add_orders(db(), 4)
    ids = {
        no: shipping.ship_order(db(), order_no=no, carrier="ZTO", actor="staff1").id
        for no in (printed, fresh_a, fresh_b, cancelled)
    }
    shipping.cancel_shipment(db(), shipment_id=ids[cancelled], actor="staff1")
    with db().write() as session:
        session.execute(text("UPDATE shipment SET printed_count = 1 WHERE id = :s"), {"s": ids[printed]})
    await open_orders(user, 1)  # 待发货: the cancelled one is waiting again
    user.find(marker="tab-all").click()
    with user:
        element(user, "orders-tabs").set_value("all")
    table = element(user, "orders-table")
    await eventually(lambda: len(table.rows) == 4)
    user.find(marker="filter-unprinted").click()
    await eventually(
        lambda: {r["order_no"] for r in table.rows} == {fresh_a, fresh_b} and table.pagination["rowsNumber"] == 2,
        message=str([r["order_no"] for r in table.rows]),
    )
    await eventually(lambda: element(user, "select-all").text == "选择全部 2 个匹配订单")
    user.find(marker="select-all").click()
    assert text_of(user, "selection-count") == "已选 2 个订单"
    user.find(marker="print-labels").click()  # "select all matching" is what the filter shows
    await user.should_see(marker="labels-dialog")
    await eventually(lambda: scalar("SELECT count(*) FROM shipment WHERE printed_count > 0") == 3)
    assert scalar("SELECT printed_count FROM shipment WHERE id = :s", s=ids[printed]) == 1  # not printed again
    assert scalar("SELECT printed_count FROM shipment WHERE id = :s", s=ids[cancelled]) == 0
    await eventually(lambda: table.rows == [] and table.pagination["rowsNumber"] == 0)  # all printed now
    user.find(marker="filter-unprinted").click()
    await eventually(lambda: len(table.rows) == 4)


async def test_the_pending_tab_says_about_when_its_count_is_an_estimate(user: User, monkeypatch):
    """Past COUNT_CAP the tab's count is estimated (orders.status_counts) and the tab says 约."""
    from waybill_ui.db import keyset

    await login_staff(user)
    seed_catalogue(db())
    add_orders(db(), 12)
    await open_orders(user, 12)
    tab = element(user, "tab-pending")
    await eventually(lambda: tab.props.get("label") == "待发货（12）", message=str(tab.props.get("label")))
    monkeypatch.setattr(keyset, "COUNT_CAP", 5)
    await open_orders(user, 12)
    tab = element(user, "tab-pending")
    await eventually(lambda: str(tab.props.get("label")).startswith("待发货（约 "), message=str(tab.props.get("label")))
