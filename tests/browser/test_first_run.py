"""The first minutes of a new shop in a real headless Chromium: setup link → owner account →
the seven sections and the carrier catalogue from the embedded network."""

import pytest
from nicegui.testing import Screen
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.browser.helpers import complete_first_run, header_text
from waybill_ui import runtime

pytestmark = [pytest.mark.browser]  # in a browser lane: see tests/conftest.py
SECTIONS = ["工作台", "物流市场", "单号库存", "订单发货", "物流跟踪", "预警", "设置"]


def test_setup_login_and_the_seven_sections(screen: Screen):
    screen.open("/login")
    screen.should_contain("还没有任何账号")
    token = runtime.get().setup_token
    screen.open(f"/setup?token={token}")
    screen.should_contain("创建店主账号")
    inputs = screen.selenium.find_elements(By.CSS_SELECTOR, "input")
    inputs[0].send_keys(Keys.CONTROL, "a")
    inputs[0].send_keys("boss")
    inputs[1].send_keys("boss-pass-1")
    inputs[2].send_keys("boss-pass-1")
    screen.click("创建并登录")
    screen.wait_for(lambda: all(label in header_text(screen) for label in SECTIONS))
    complete_first_run(screen)  # the walk-through: sender, then labels

    screen.click("boss")
    screen.click("退出登录")
    screen.should_contain("买单号 · 发货")
    inputs = screen.selenium.find_elements(By.CSS_SELECTOR, "input")
    inputs[0].send_keys("boss")
    inputs[1].send_keys("boss-pass-1")
    inputs[1].send_keys(Keys.ENTER)
    screen.wait_for(lambda: "物流市场" in header_text(screen))

    screen.open("/market")
    screen.should_contain("中通快递（ZTO）")
    screen.should_contain("顺丰速运（SF）")
    screen.shot("market", failed=False)
