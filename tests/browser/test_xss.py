"""Imported text is data: HTML, script and Vue-template payloads in every imported field show as
text in a real Chromium and never run."""

import random

import pytest
from nicegui.testing import Screen
from selenium.webdriver.common.by import By

from tests.browser.helpers import drawn, elements_now, open_with_owner, sign_in
from tests.fixtures import taobao_export as tb
from tests.fixtures.shop import add_stock, seed_catalogue
from waybill_ui.services.orders import importing as orders_import
from waybill_ui.services.shipping import single as shipping

pytestmark = [pytest.mark.browser]  # in a browser lane: see tests/conftest.py
PAYLOADS = [
    '<img src=x onerror="window.__xss=1">',
    "<script>window.__xss=2</script>",
    "{{ 7*7 }}xss",
    '"><svg onload=window.__xss=3>',
]


def hostile_export() -> bytes:
    rows = []
    rng = random.Random(1)
    for i, payload in enumerate(PAYLOADS):
        row = tb.row(i, rng, status=tb.PENDING)
        row[1] = f"nick{payload}"  # 买家会员名
        row[11] = f"msg{payload}"  # 买家留言
        row[12] = f"名{payload}"  # 收货人姓名
        row[13] = f"浙江省 杭州市 西湖区 文三路{payload}1号"  # 收货地址
        row[19] = f"宝贝{payload}"  # 宝贝标题
        row[23] = f"备注{payload}"  # 订单备注
        rows.append(row)
    shipped = tb.row(len(PAYLOADS), rng, status=tb.SHIPPED)  # shipped elsewhere: carrier and number as typed
    shipped[21] = "YT" + PAYLOADS[0][:30]  # 物流单号
    shipped[22] = f"快递{PAYLOADS[1]}"  # 物流公司
    rows.append(shipped)
    return tb.build(rows, encoding="utf-8-sig")


def assert_inert(screen: Screen) -> None:
    assert screen.selenium.execute_script("return window.__xss === undefined")
    assert not elements_now(screen, By.CSS_SELECTOR, "img[src='x'], svg[onload]")
    body = screen.selenium.find_element(By.TAG_NAME, "body").text
    assert "49xss" not in body


def test_payloads_in_imported_fields_render_as_text(screen: Screen):
    db, _ = open_with_owner(screen)
    seed_catalogue(db)
    add_stock(db, "ZTO", 5)
    report = orders_import.import_orders(db, data=hostile_export(), filename="x.csv", actor="boss")
    assert report.imported == len(PAYLOADS) + 1, report.rejected
    first_order = shipping.ship_order(db, order_no=str(2_100_000_000_000_000_000), carrier="ZTO", actor="boss")
    sign_in(screen)

    screen.open("/orders")
    screen.should_contain("宝贝<script>window.__xss=2</script>")
    screen.should_contain("{{ 7*7 }}xss")
    assert_inert(screen)
    screen.click("全部订单")
    screen.should_contain("宝贝<img src=x onerror")
    assert_inert(screen)
    screen.open("/pool")
    drawn(screen)  # the page finished its first draw
    assert_inert(screen)
    screen.open(f"/shipments/{first_order.id}")
    screen.should_contain("宝贝<img src=x onerror")
    assert_inert(screen)
    screen.open(f"/tracking?q={first_order.number}")
    drawn(screen)  # the page finished its first draw
    assert_inert(screen)
    screen.open("/")
    drawn(screen)  # the page finished its first draw
    assert_inert(screen)
    screen.open("/orders")
    screen.click("全部订单")  # the shipped-elsewhere order: carrier and number as typed
    screen.should_contain("快递<script>window.__xss=2</script>")
    assert_inert(screen)
    screen.open("/search?q=nick")  # global search results show the buyer's nick
    screen.should_contain("nick<img src=x onerror")
    assert_inert(screen)
    screen.open("/reports")
    drawn(screen)  # the page finished its first draw
    assert_inert(screen)
