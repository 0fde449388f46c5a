"""The packing station in real Chromium, driven the way a keyboard-wedge scanner types: fast
characters then Enter. A wrong item, a refunded order, a keyboard-wedge scale reading and a typed
weight, the label printed on confirm; the handover page and its sheet; the orders page's pick
list and packing slips; the end-of-day list, the barcode editor, and scan-to-find in the header.

A Web Serial scale cannot be driven here (no serial port in a headless browser): its line parser
feeds the same weight path as the keyboard, which is what these tests drive."""

import pytest
from nicegui.testing import Screen
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from sqlalchemy import text

from tests.browser.helpers import open_with_owner, sign_in
from tests.fixtures.shop import add_orders, add_stock, seed_catalogue
from tests.pdf_tools import barcodes, page_text
from waybill_ui import runtime
from waybill_ui.db.models import ItemBarcode, OrderItem
from waybill_ui.services.printing import labels
from waybill_ui.services.shipping import single as shipping

pytestmark = [pytest.mark.browser]  # in a browser lane: see tests/conftest.py


def scanner(screen: Screen, code: str, css: str = ".q-field input") -> None:
    box = screen.selenium.find_element(By.CSS_SELECTOR, css)
    box.send_keys(code + Keys.ENTER)  # one burst, as the scanner sends it


def frame_src(screen: Screen) -> str | None:
    return screen.selenium.execute_script(
        "const f = document.getElementById('label-print-frame'); return f ? f.src : null;"
    )


def next_pdf(screen: Screen, before: str | None = None) -> bytes:
    """The PDF the page sent to the hidden print frame (a new one when `before` is given)."""
    screen.wait_for(lambda: frame_src(screen) and frame_src(screen) != before)
    token = frame_src(screen).rsplit("/", 1)[1].split(".pdf")[0]
    return labels.file_path(labels.files_folder(runtime.get().settings.data_dir), token).read_bytes()


def items(db, order_no: str, lines: list[tuple[str, str, int]]) -> None:
    with db.write() as session:
        oid = session.execute(text("SELECT id FROM orders WHERE order_no = :n"), {"n": order_no}).scalar()
        for sku, title, qty in lines:
            session.add(OrderItem(order_id=oid, sku=sku, title=title, spec="", quantity=qty, location="A-01"))


def test_scan_wrong_item_refund_scale_and_label_printed(screen: Screen):
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
    screen.click("打包")  # the frame's navigation
    screen.should_contain("未交接的包裹")
    screen.click("打开扫描验货台")
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
    screen.should_contain("运费约 ¥")
    pdf = next_pdf(screen)  # never printed: the station printed the label itself
    with db.read() as session:
        row = session.execute(
            text(
                "SELECT s.weight_g, s.packed_at IS NOT NULL, o.status, s.printed_count, s.number "
                "FROM shipment s JOIN orders o ON o.id = s.order_id WHERE o.order_no = :n"
            ),
            {"n": good},
        ).one()
    assert tuple(row[:4]) == (720, 1, "shipped", 1)
    assert row.number in page_text(pdf).text
    screen.should_contain(f"面单 {row.number} 已发送打印")


def test_typed_weight_far_from_the_expected_one_is_flagged(screen: Screen):
    db, _ = open_with_owner(screen)
    seed_catalogue(db)
    add_stock(db, "ZTO", 2)
    [order_no] = add_orders(db, 1, prefix="W")
    items(db, order_no, [("MUG-1", "杯子", 2)])
    with db.write() as session:
        session.add(ItemBarcode(barcode="MUG-1", sku="MUG-1", weight_g=300))  # expected 600 g
    sign_in(screen)
    screen.open("/packing/scan")
    scanner(screen, order_no)
    scanner(screen, "MUG-1")
    scanner(screen, "MUG-1")
    screen.should_contain("商品齐了")
    scanner(screen, "abc")  # a typo: the weight is not understood, nothing is kept
    screen.should_contain("重量「abc」看不懂")
    scanner(screen, "1250g")  # typed by hand (no scale)
    screen.should_contain("重量：1.25 kg")
    screen.should_contain("重量与预计 600 g 相差很大")
    scanner(screen, "")
    screen.should_contain("已发货：中通快递")
    with db.read() as session:
        assert session.execute(text("SELECT weight_g FROM shipment")).scalar() == 1250


def test_handover_page_scans_parcels_out_and_prints_the_sheet(screen: Screen):
    db, _ = open_with_owner(screen)
    seed_catalogue(db)
    add_stock(db, "ZTO", 3)
    add_stock(db, "YTO", 1)
    nos = add_orders(db, 4, prefix="H")
    numbers = [
        shipping.ship_order(db, order_no=n, carrier=c, actor="t").number
        for n, c in zip(nos, ("ZTO", "ZTO", "ZTO", "YTO"), strict=False)
    ]
    sign_in(screen)
    screen.open("/packing")
    for number in numbers:  # the end-of-day list: all four still here
        screen.should_contain(number)
    screen.open("/packing/handover?carrier=ZTO")
    screen.should_contain("已扫描 0 件")
    box = "input[aria-label='扫描包裹单号']"
    scanner(screen, numbers[0], box)
    screen.should_contain("已扫描 1 件")
    scanner(screen, numbers[3], box)  # a YTO parcel: red, not added
    screen.should_contain("是圆通速递的包裹")
    scanner(screen, "NOPE123456", box)
    screen.should_contain("不是已发货的包裹")
    scanner(screen, numbers[1], box)
    scanner(screen, numbers[1], box)  # scanned twice
    screen.should_contain("已经扫过了")
    screen.should_contain("已扫描 2 件")
    scanner(screen, "", box)  # Enter on the empty box records it and prints the sheet
    screen.should_contain("交接单 HO")
    sheet = next_pdf(screen)
    page = page_text(sheet).text
    assert "快递交接单" in page and "中通快递" in page and "件数：2" in page and "快递员签字" in page
    assert numbers[0] in page and numbers[1] in page and numbers[2] not in page
    with db.read() as session:
        hid = session.execute(text("SELECT id FROM handover")).scalar()
    assert ("CODE128", f"HO{hid}") in barcodes(sheet)
    screen.open("/packing")
    screen.should_contain(numbers[2])
    screen.should_contain(f"HO{hid}")  # the history
    left = screen.selenium.find_element(By.CSS_SELECTOR, ".q-card").text  # the first card: 未交接的包裹
    assert "未交接的包裹" in left and numbers[2] in left and numbers[0] not in left and numbers[1] not in left
    with db.read() as session:
        assert session.execute(text("SELECT count(*) FROM shipment WHERE handover_id IS NOT NULL")).scalar() == 2


def test_pick_list_and_slips_from_the_orders_page(screen: Screen):
    db, _ = open_with_owner(screen)
    seed_catalogue(db)
    a, b = add_orders(db, 2, prefix="P")
    items(db, a, [("SKU-9", "杯子", 2), ("SKU-3", "帽子", 1)])
    items(db, b, [("SKU-9", "杯子", 1)])
    sign_in(screen)
    screen.open("/orders")
    screen.should_contain(a)
    screen.click("选择全部 2 个匹配订单")
    screen.click("拣货单")
    picks = page_text(next_pdf(screen)).text
    assert "拣货单" in picks and "共 4 件" in picks and "SKU-9" in picks and "SKU-3" in picks
    before = frame_src(screen)
    screen.click("发货单")
    slips = next_pdf(screen, before)
    found = {barcodes(slips, 0)[0][1], barcodes(slips, 1)[0][1]}
    assert found == {a, b} and "发货单" in page_text(slips).text
    before = frame_src(screen)
    screen.click("批量发货")  # a batch: its dialog prints the same pick list
    button = screen.selenium.find_element(
        By.XPATH, "//div[contains(@class,'q-dialog')]//button[.//span[text()='拣货单']]"
    )
    screen.wait_for(button.is_displayed)
    button.click()
    assert "共 4 件" in page_text(next_pdf(screen, before)).text


def test_barcode_editor_and_scan_to_find(screen: Screen):
    db, _ = open_with_owner(screen)
    seed_catalogue(db)
    add_stock(db, "ZTO", 1)
    [order_no] = add_orders(db, 1, prefix="F")
    number = shipping.ship_order(db, order_no=order_no, carrier="ZTO", actor="t").number
    sign_in(screen)
    screen.open("/packing")
    scanner(screen, "6901234567892", "input[aria-label='条码（可扫描）']")  # Enter moves on to the SKU
    sku = screen.selenium.find_element(By.CSS_SELECTOR, "input[aria-label='商家编码']")
    screen.wait_for(lambda: screen.selenium.switch_to.active_element == sku)  # the scanner's Enter moved on
    sku.send_keys("CAP-01")
    screen.selenium.find_element(By.CSS_SELECTOR, "input[aria-label='单件重量（克）']").send_keys("120")
    screen.click("保存")
    screen.should_contain("已保存：6901234567892 → CAP-01")
    screen.should_contain("120 g")
    with db.read() as session:
        assert session.execute(text("SELECT sku, weight_g FROM item_barcode")).one() == ("CAP-01", 120)

    search = "header input"
    scanner(screen, number, search)  # a scanner into the header's search box opens the shipment
    screen.wait_for(lambda: "/shipments/" in screen.selenium.current_url)
    scanner(screen, order_no, search)
    screen.wait_for(lambda: order_no in screen.selenium.current_url)
