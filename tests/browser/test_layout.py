"""Every page at a phone's 390×844 and a laptop's 1440×900 after seed-demo: no sideways scrolling
(the page is never wider than the window), and on the phone the sections sit in a drawer menu.
Screenshots of each page at both sizes go to docs/images/ (`DOCS_SCREENSHOTS=1`)."""

import os
from pathlib import Path

import pytest
from nicegui.testing import Screen
from selenium.webdriver.common.by import By

from tests.browser.helpers import drawn, open_with_owner, sign_in
from waybill_ui.services.system import demo

pytestmark = [pytest.mark.browser]  # in a browser lane: see tests/conftest.py

PAGES = [
    "/",
    "/market",
    "/market/purchases",
    "/pool",
    "/orders",
    "/packing",
    "/tracking",
    "/alerts",
    "/reports",
    "/settings",
]
SIZES = {"phone": (390, 844), "laptop": (1440, 900)}
IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"
OVERFLOW = """
const doc = document.documentElement;
const wide = [...document.querySelectorAll('body *')].filter(e => {
  const r = e.getBoundingClientRect();
  return r.width > 0 && r.right > window.innerWidth + 1 && getComputedStyle(e).position !== 'fixed'
         && !e.closest('.q-table__middle, .q-drawer, .q-menu, .nicegui-echart, .q-dialog');
}).slice(0, 5).map(e => e.tagName + '.' + (e.className || '').toString().slice(0, 60) + ' ' + Math.round(e.getBoundingClientRect().right));
return [doc.scrollWidth, window.innerWidth, wide];
"""


def _window(screen: Screen, width: int, height: int) -> None:
    screen.selenium.set_window_size(width, height)
    # the outer window includes Chromium's frame: grow it until the page's viewport has the width
    inner = screen.selenium.execute_script("return window.innerWidth")
    if inner != width:
        screen.selenium.set_window_size(width + (width - inner), height)


def _fits(screen: Screen, what: str) -> None:
    card = screen.selenium.find_element(By.CSS_SELECTOR, ".q-dialog .q-card")
    right = screen.selenium.execute_script("return arguments[0].getBoundingClientRect().right", card)
    inner = screen.selenium.execute_script("return window.innerWidth")
    assert right <= inner + 1, f"the {what} is {right}px wide in a {inner}px window"


def test_every_page_fits_a_phone_and_a_laptop(screen: Screen):
    db, _ = open_with_owner(screen)
    demo.seed_demo(db, orders=120, seed=7)
    sign_in(screen)
    shots = os.environ.get("DOCS_SCREENSHOTS") == "1"
    try:
        for size, (width, height) in SIZES.items():
            _window(screen, width, height)
            for path in PAGES:
                screen.open(path)
                drawn(screen)  # tables and charts finish their first draw
                scroll_width, inner, wide = screen.selenium.execute_script(OVERFLOW)
                assert scroll_width <= inner, f"{path} at {size}: page {scroll_width}px in a {inner}px window: {wide}"
                header = screen.selenium.find_element(By.TAG_NAME, "header")
                assert header.size["height"] < 80, f"{path} at {size}: the header wraps ({header.size['height']}px)"
                if shots:
                    IMAGES.mkdir(parents=True, exist_ok=True)
                    name = "dashboard" if path == "/" else path.strip("/").replace("/", "-")
                    screen.selenium.save_screenshot(str(IMAGES / f"{name}-{size}.png"))
        # on the phone the sections are one tap away in the drawer
        _window(screen, *SIZES["phone"])
        # dialogs fit the phone too: the ship dialog with its checks, and bulk handling of alerts
        screen.open("/orders")
        screen.selenium.find_element(By.XPATH, '//table//button[.//*[normalize-space(text())="发货"]]').click()
        screen.should_contain("确认发货")
        _fits(screen, "ship dialog")
        if shots:
            screen.wait(0.5)  # the dialog's opening transition, before its picture
            screen.selenium.save_screenshot(str(IMAGES / "ship-dialog-phone.png"))
        screen.selenium.find_element(
            By.XPATH, '//div[contains(@class,"q-dialog")]//button[.//*[text()="取消"]]'
        ).click()
        screen.open("/alerts")
        screen.click("选择全部")
        screen.click("批量处理")
        screen.should_contain("处理")
        _fits(screen, "bulk resolve dialog")
        if shots:
            screen.selenium.save_screenshot(str(IMAGES / "alerts-bulk-phone.png"))
        screen.open("/orders")
        menu = screen.selenium.find_element(By.XPATH, "//header//button[.//i[normalize-space()='menu']]")
        assert menu.is_displayed()
        assert not screen.selenium.find_element(By.XPATH, "//header//a[contains(., '物流跟踪')]").is_displayed()
        menu.click()
        item = screen.selenium.find_element(
            By.XPATH, "//aside//div[contains(@class,'q-item')][contains(., '物流跟踪')]"
        )
        screen.wait_for(item.is_displayed)
        item.click()
        screen.wait_for(lambda: screen.selenium.current_url.endswith("/tracking"))
        # settings on the phone: the menu sits above the sections, and a chosen one scrolls into sight
        screen.open("/settings")
        panel = screen.selenium.find_element(By.CSS_SELECTOR, ".q-tab-panels")
        top = "return [arguments[0].getBoundingClientRect().top, window.innerHeight]"
        below, height = screen.selenium.execute_script(top, panel)
        assert below > height, "the settings menu no longer fills the phone's screen: drop this check"
        screen.selenium.find_element(
            By.XPATH, "//div[contains(@class,'q-tab__label')][normalize-space()='打印机']"
        ).click()
        screen.wait_for(lambda: 0 <= screen.selenium.execute_script(top, panel)[0] < height - 100)
    finally:
        _window(screen, 1400, 1000)
