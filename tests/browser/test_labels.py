"""Done-when of the labels issue in a real Chromium: on 订单发货, 500 shipped orders whose labels
are not printed yet are selected across pages → print → one PDF opened in a new tab, with correct,
scannable 76×130 pages."""

import time

import pytest
from nicegui.testing import Screen
from selenium.webdriver.common.by import By

from tests.browser.helpers import printed_pdf_token, sign_in
from tests.label_rows import make_shipments, number_for
from tests.pdf_tools import barcodes, page_sizes_mm, page_text
from waybill_ui import runtime
from waybill_ui.services.printing import labels
from waybill_ui.services.accounts import users

pytestmark = [pytest.mark.browser]  # in a browser lane: see tests/conftest.py


def test_staff_prints_500_labels_into_one_pdf_in_a_new_tab(screen: Screen):
    screen.open("/login")
    db = runtime.get().db
    users.create_user(db, username="packer", password="packer-pass-1", role="staff")
    make_shipments(db, 500, route_code="342-081-00 052", sort_name="342杭州")
    make_shipments(db, 20, start=501, printed_count=1)  # printed before: left out by the filter
    sign_in(screen, "packer", "packer-pass-1")

    screen.open("/orders")
    screen.click("全部订单")
    screen.click("未打印面单")
    screen.should_contain("选择全部 500 个匹配订单")
    screen.click("选择全部 500 个匹配订单")
    screen.should_contain("已选 500 个订单")
    started = time.perf_counter()
    screen.selenium.find_element(By.XPATH, '//button[.//*[text()="打印面单"]]').click()
    with screen.implicitly_wait(15):  # a busy CI machine: the bound below is what the test holds to
        screen.wait_for("已生成 500 张面单")
    elapsed = time.perf_counter() - started
    assert elapsed < 15, elapsed  # ~1 s of work; generous for a busy CI machine

    screen.shot("labels_ready", failed=False)
    token = printed_pdf_token(screen)
    screen.should_contain("另有 492 张")  # what was printed is listed (the first eight, then a count)

    pdf = labels.file_path(labels.files_folder(runtime.get().settings.data_dir), token).read_bytes()
    assert page_sizes_mm(pdf) == [(76.0, 130.0)] * 500
    assert barcodes(pdf, 499) == [("CODE128", number_for("ZTO", 500))]
    assert "342-081-00 052" in page_text(pdf, 0).text
    assert labels.count_unprinted(db) == 0
