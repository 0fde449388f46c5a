"""The 单号库存 page in a real headless Chromium: the table slots (badges, links, the
'expiring' button) render and work, and an outlet import goes through preview and commit."""

import pytest
from nicegui.testing import Screen
from selenium.webdriver.common.by import By

from tests.browser.helpers import click_xpath, sign_in_as_owner
from tests.pool_helpers import add_numbers, ship, zto
from waybill_ui import runtime

pytestmark = [pytest.mark.browser]  # in a browser lane: see tests/conftest.py


def click_exact(screen: Screen, text: str) -> None:
    screen.selenium.find_element(By.XPATH, f"//button[.//span[normalize-space(text())='{text}']]").click()


def test_pool_page_in_a_real_browser(screen: Screen):
    sign_in_as_owner(screen)
    db = runtime.get().db
    add_numbers(db, [zto(i) for i in range(4)], expires_in_days=2)
    add_numbers(db, [zto(i) for i in range(4, 70)], expires_in_days=200)
    ship(db, number=zto(900), order_no="TB4242")
    screen.open("/pool")
    screen.should_contain("各快递库存")
    screen.should_contain("1-20 / 71")  # server-side paging: the table knows the total
    screen.should_contain("每页的行数")  # Quasar's own footer texts follow the user's language
    screen.should_contain("已使用")  # a status badge from the table slot
    # the "expiring soon" cell is a button emitting an event from the table slot
    screen.find_by_css(".q-table .q-btn.text-warning").click()
    screen.should_contain("1-4 / 4")

    screen.click("导入单号")
    screen.should_contain("导入快递网点单号")
    click_xpath(screen, ".q-dialog .q-select", by=By.CSS_SELECTOR)  # once the dialog has grown in
    screen.wait_for(
        lambda: screen.selenium.find_elements(
            By.XPATH, "//div[contains(@class,'q-menu')]//*[contains(text(),'中通快递（ZTO）')]"
        )
    )
    screen.selenium.find_element(
        By.XPATH, "//div[contains(@class,'q-menu')]//*[contains(text(),'中通快递（ZTO）')]"
    ).click()
    screen.find_by_css(".q-dialog textarea").send_keys(f"{zto(200)}\n{zto(201)}\n{zto(1)}\n")
    click_exact(screen, "预览")  # the intro text also says 预览
    screen.should_contain("共 3 行：可以导入 2 个，不能导入 1 个。")
    screen.should_contain("已在中通快递库存中")
    click_exact(screen, "导入 2 个单号")
    screen.should_contain("已导入 2 个单号。")

    screen.open(f"/pool/number/ZTO/{zto(900)}")
    screen.should_contain("订单 TB4242")
    screen.open(f"/pool/number/ZTO/{zto(200)}")
    screen.should_contain("从快递网点导入")

    screen.open("/pool")
    click_exact(screen, "English")
    screen.should_contain("Records per page")
    screen.should_contain("1-20 of 73")
