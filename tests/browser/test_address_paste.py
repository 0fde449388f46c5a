"""Masked data from import to label in a real headless Chromium: a masked order is 待补地址, the
seller pastes the buyer's message into 补地址, picks the city of an ambiguous district, saves,
and ships it (the label's extension is checked in tests/services/test_addresses.py)."""

import pytest
from nicegui.testing import Screen
from selenium.webdriver.common.by import By
from sqlalchemy import text

from tests.browser.helpers import click_xpath, open_with_owner, sign_in
from tests.fixtures.shop import add_orders, add_stock, seed_catalogue

pytestmark = [pytest.mark.browser]  # in a browser lane: see tests/conftest.py


def test_paste_fills_a_masked_order_then_it_ships(screen: Screen):
    db, _ = open_with_owner(screen)
    seed_catalogue(db)
    add_stock(db, "ZTO", 5)
    [no] = add_orders(db, 1, prefix="MASK", receiver_name="张**", phone="138****5678", address="***")
    sign_in(screen)

    screen.open("/")
    screen.should_contain("待补地址")
    screen.open("/orders?needs_address=1")
    screen.should_contain(no)
    screen.selenium.find_element(By.XPATH, "//table//button[normalize-space(.)='补地址']").click()
    screen.should_contain("补全收货地址")
    box = screen.selenium.find_element(By.CSS_SELECTOR, ".q-dialog textarea")
    box.send_keys("收货人：张三\n手机：17012345678转1234\n鼓楼区中山路１号")
    screen.selenium.find_element(
        By.XPATH, "//div[contains(@class,'q-dialog')]//button[contains(., '智能识别')]"
    ).click()
    screen.should_contain("有多个地方同名")
    screen.selenium.find_element(By.XPATH, "//button[normalize-space(.)='江苏省南京市鼓楼区']").click()
    screen.wait_for(lambda: "南京市" in screen.selenium.find_element(By.CSS_SELECTOR, ".q-dialog").text)
    screen.selenium.find_element(
        By.XPATH, "//div[contains(@class,'q-dialog')]//button[contains(., '保存地址')]"
    ).click()
    screen.should_contain("的地址已补全，可以发货了")

    def stored():
        with db.read() as session:
            return tuple(
                session.execute(
                    text(
                        "SELECT receiver_name, phone, phone_ext, city, district, address "
                        "FROM orders WHERE order_no = :n"
                    ),
                    {"n": no},
                ).one()
            )

    # the extension is stored apart from the main number
    screen.wait_for(lambda: stored() == ("张三", "17012345678", "1234", "南京市", "鼓楼区", "中山路1号"))
    screen.open("/orders")
    screen.should_contain(no)
    screen.selenium.find_element(By.XPATH, "//table//button[normalize-space(.)='发货']").click()
    screen.should_contain("确认发货")
    held = "//div[contains(@class,'q-dialog')]//*[contains(@class,'font-mono')]"
    screen.wait_for(lambda: any(e.text.strip() for e in screen.selenium.find_elements(By.XPATH, held)))
    click_xpath(screen, "//div[contains(@class,'q-dialog')]//button[contains(., '确认发货')]")
    screen.wait_for(lambda: db_status(db, no) == "shipped")
    screen.shot("address-paste-shipped", failed=False)


def db_status(db, no: str) -> str:
    with db.read() as session:
        return session.execute(text("SELECT status FROM orders WHERE order_no = :n"), {"n": no}).scalar()
