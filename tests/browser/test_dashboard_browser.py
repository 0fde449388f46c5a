"""工作台 and 报表 in a real headless Chromium: the four charts draw (non-blank canvases, no
console errors — the screen fixture fails on any), the report's tables show, and the grouped
settings page renders."""

import pytest
from nicegui.testing import Screen
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.browser.helpers import sign_in_as_owner
from tests.report_data import january
from tests.ui.test_dashboard import busy_shop
from waybill_ui import runtime

pytestmark = [pytest.mark.browser]  # in a browser lane: see tests/conftest.py

PAINTED = """
const canvas = arguments[0].querySelector('canvas');
if (!canvas || !canvas.width || !canvas.height) return 0;
const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
let painted = 0;
for (let i = 3; i < data.length; i += 16) if (data[i] > 0) painted++;
return painted;
"""


def test_dashboard_charts_draw(screen: Screen):
    sign_in_as_owner(screen)
    db = runtime.get().db
    january(db)  # first: its carriers carry promised transit days
    busy_shop(db)
    screen.open("/")
    screen.should_contain("各快递库存")
    charts = screen.selenium.find_elements(By.CSS_SELECTOR, ".nicegui-echart")
    assert len(charts) == 4
    screen.wait_for(lambda: all(screen.selenium.execute_script(PAINTED, c) > 500 for c in charts))
    screen.wait(1.5)  # let the bars finish growing for the picture
    screen.shot("dashboard", failed=False)

    screen.open("/reports?start=2026-01-01&end=2026-01-31")
    screen.should_contain("每件签收最便宜的是 中通快递：¥1.67（3 件签收）。")
    screen.should_contain("最常迟到的是 中通快递")
    screen.should_contain("¥6.00")  # the pool's waste
    screen.shot("reports", failed=False)

    screen.open("/settings")
    screen.should_contain("店铺与账号")
    screen.should_contain("系统与备份")
    screen.selenium.find_element(
        By.XPATH, "//*[contains(@class,'q-tab__label') and normalize-space(text())='备份']"
    ).click()
    screen.should_contain("立即备份并下载")


def test_empty_dashboard_and_search_box(screen: Screen):
    sign_in_as_owner(screen)
    screen.open("/")
    screen.should_contain("欢迎！从这里开始")
    box = screen.selenium.find_element(By.CSS_SELECTOR, "header input")
    box.send_keys("nothing-like-this")
    box.send_keys(Keys.ENTER)
    screen.should_contain("没有找到「nothing-like-this」")


def test_demo_data_brings_every_chart_to_life(screen: Screen):
    sign_in_as_owner(screen)
    screen.open("/")
    screen.should_contain("欢迎！从这里开始")
    screen.click("载入演示数据")
    screen.should_contain("已载入 300 个演示订单")
    screen.should_contain("待发货订单")
    charts = []

    def four_charts() -> bool:
        charts[:] = screen.selenium.find_elements(By.CSS_SELECTOR, ".nicegui-echart")
        return len(charts) == 4

    screen.wait_for(four_charts)
    screen.wait_for(lambda: all(screen.selenium.execute_script(PAINTED, c) > 500 for c in charts))
    assert "暂无数据" not in screen.find_by_class("q-page").text  # every chart has something true to show
    screen.open("/reports")
    screen.wait_for(lambda: "中通快递" in screen.find_by_class("q-page").text)
