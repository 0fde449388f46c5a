"""售后 in real Chromium: intercept a parcel through the embedded network, mark a refused parcel
received, and import a freight bill whose lines hold every kind of discrepancy."""

import time

import pytest
from nicegui.testing import Screen
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.aftership.test_freight import MAY, ROWS, bill_csv, contract
from tests.browser.helpers import open_with_owner, sign_in, upload_file
from tests.tracking_factories import make_shipment
from waybill_ui import runtime
from waybill_ui.sandbox import timeline
from waybill_ui.services.aftership import returns

pytestmark = [pytest.mark.browser]  # in a browser lane: see tests/conftest.py
TO = "广东省深圳市南山区"


def test_intercept_receive_a_return_and_reconcile_a_bill(screen: Screen, tmp_path):
    db, _ = open_with_owner(screen)
    rt = runtime.get()
    number = next(
        n
        for n in (f"YT65{i:011d}" for i in range(500))
        if timeline.scenario_of(rt.sandbox.config.seed, n) == "delivered"
    )
    hours = timeline.build(rt.sandbox.config.seed, number, TO)[1].hours + 0.01
    make_shipment(db, number=number, status="in_transit")
    rt.sandbox.store.enter(number, "YTO", TO, time.time() - hours * 3600 / rt.sandbox.config.speed)
    make_shipment(db, number="YT6400000000001", status="refused")
    returns.sweep(db)
    sign_in(screen)

    screen.open("/aftership")
    screen.should_contain("拦截与退货")
    screen.find_by_class("q-field__native")  # the form is drawn
    box = screen.selenium.find_element(By.XPATH, '//label[.//*[normalize-space(text())="运单号"]]//input')
    box.send_keys(number)
    screen.click("提交拦截")
    screen.should_contain(f"{number}：快递公司已受理")
    screen.should_contain("退回寄件人 · 快递公司已受理 · ¥3.00")

    screen.should_contain("YT6400000000001")
    screen.selenium.find_element(By.XPATH, '//button[.//*[normalize-space(text())="签收入库"]]').click()
    screen.should_contain("已签收入库")
    screen.wait_for(lambda: returns.list_returns(db, status="received")[1] == 1)

    for i, weight in ((1, 1000), (2, 1000), (3, 1000), (4, 800)):
        make_shipment(db, number=f"YT100000000000{i}", shipped_at=MAY, weight_g=weight)
    contract(db)
    bill = tmp_path / "may.csv"
    bill.write_bytes(bill_csv(ROWS))
    screen.click("运费对账")
    screen.should_contain("按快递公司和月份汇总")
    screen.wait(0.5)  # the tab panel's slide-in redraws the fields once
    select = next(e for e in screen.selenium.find_elements(By.CSS_SELECTOR, ".q-select") if e.is_displayed())
    select.click()
    screen.wait_for(
        lambda: screen.selenium.find_elements(By.XPATH, "//div[contains(@class,'q-menu')]//*[text()='圆通速递（YTO）']")
    )
    screen.selenium.find_element(By.XPATH, "//div[contains(@class,'q-menu')]//*[text()='圆通速递（YTO）']").click()
    month = screen.selenium.find_element(By.XPATH, '//label[.//*[normalize-space(text())="账单月份"]]//input')
    month.send_keys(Keys.CONTROL, "a")
    month.send_keys("2026-05")
    upload_file(screen, bill)
    screen.should_contain("已导入 5 行：多收 ¥5.00，漏列 1 单。")
    screen.should_contain("重量争议")
    screen.should_contain("非本店单号")
    screen.should_contain("重复计费")
    screen.shot("aftership-freight", failed=False)
