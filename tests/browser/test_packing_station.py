"""The scan station in real Chromium, driven the way a keyboard-wedge scanner types: fast
characters then Enter — a wrong item, a refunded order, a scale reading, then shipped."""

import pytest
from nicegui.testing import Screen
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from sqlalchemy import text

from tests.browser.helpers import open_with_owner, sign_in
from tests.fixtures.shop import add_orders, add_stock, seed_catalogue
from waybill_ui.db.models import ItemBarcode, OrderItem

pytestmark = pytest.mark.browser


def scanner(screen: Screen, code: str) -> None:
    box = screen.selenium.find_element(By.CSS_SELECTOR, ".q-field input")
    box.send_keys(code + Keys.ENTER)  # one burst, as the scanner sends it


def alerts(screen: Screen) -> list[str]:
    return [e.text for e in screen.selenium.find_elements(By.CSS_SELECTOR, ".text-red-600")]


def test_scan_wrong_item_refund_and_weight_to_shipped(screen: Screen):
    db, _ = open_with_owner(screen)
    seed_catalogue(db)
    add_stock(db, "ZTO", 3)
    [good] = add_orders(db, 1, prefix="G", weight_g=700)
    [refunded] = add_orders(db, 1, prefix="R", status="closed", marketplace_status="退款成功")
    with db.write() as session:
        ids = dict(session.execute(text("SELECT order_no, id FROM orders")).all())
        session.add(OrderItem(order_id=ids[good], sku="TS-RED-M", title="T恤", spec="红色M", quantity=2))
        session.add(OrderItem(order_id=ids[good], sku="CAP-01", title="帽子", spec="", quantity=1))
        session.add(OrderItem(order_id=ids[refunded], sku="CAP-01", title="帽子", spec="", quantity=1))
        session.add(ItemBarcode(barcode="6901234567892", sku="CAP-01"))
    sign_in(screen)
    screen.open("/packing/scan")
    screen.should_contain("扫描拣货单条码")
    screen.should_contain("快捷键")

    scanner(screen, refunded)
    screen.should_contain("订单已退款/关闭，不要发货")
    assert screen.selenium.execute_script("return window.packBeeps || 0") >= 1

    scanner(screen, good)
    screen.should_contain(f"订单 {good}")
    scanner(screen, "TS-RED-M")
    screen.should_contain("TS-RED-M  T恤 红色M   1 / 2")
    scanner(screen, "MUG-9")
    screen.should_contain("扫错商品：MUG-9")
    scanner(screen, "TS-RED-M")
    scanner(screen, "6901234567892")  # the cap's box barcode, mapped to CAP-01
    screen.should_contain("商品齐了")
    screen.should_contain("放上电子秤")
    scanner(screen, "0.72kg")  # a keyboard-wedge scale types the reading and Enter
    screen.should_contain("重量：0.72 kg")
    scanner(screen, "")  # Enter confirms
    screen.should_contain("已发货：中通快递")
    with db.read() as session:
        row = session.execute(text("SELECT s.weight_g, s.packed_at IS NOT NULL, o.status FROM shipment s "
                                   "JOIN orders o ON o.id = s.order_id WHERE o.order_no = :n"), {"n": good}).one()
    assert tuple(row) == (720, 1, "shipped")
