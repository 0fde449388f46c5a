"""Merge and split in a real headless Chromium: two orders of one buyer merged and shipped with
ONE number, then one order split into two parcels shipped with two (docs/merge-split.md)."""

import pytest
from nicegui.testing import Screen
from selenium.webdriver.common.by import By
from sqlalchemy import text

from tests.browser.helpers import click_xpath, elements_now, open_with_owner, sign_in
from tests.fixtures.shop import add_orders, add_stock, seed_catalogue

pytestmark = pytest.mark.browser
SAME = {"buyer_nick": "小王", "receiver_name": "王五", "phone": "13800138000", "address": "文三路90号"}


def rows(db, sql: str, **params) -> list:
    with db.read() as session:
        return session.execute(text(sql), params).all()


def click_row_button(screen: Screen, order_no: str, label: str) -> None:
    """Click a row's button; the table redraws when a change notice arrives (after a merge, a
    split or a ship), so the button is found again when the found one went stale."""
    click_xpath(screen, f'//tr[.//*[contains(text(), "{order_no}")]]//button[.//*[normalize-space(text())="{label}"]]')


def click_dialog_button(screen: Screen, label: str) -> None:
    click_xpath(screen, f'//div[contains(@class, "q-dialog")]//button[.//*[normalize-space(text())="{label}"]]')


def mergeable_filter(screen: Screen):
    return screen.selenium.find_element(By.XPATH, '//div[contains(@class, "q-checkbox")][.//*[text()="可合并"]]')


def test_merge_two_orders_ship_one_number_then_split_one_into_two_parcels(screen: Screen):
    db, _ = open_with_owner(screen)
    seed_catalogue(db)
    numbers = add_stock(db, "ZTO", 10)
    a, b = add_orders(db, 1, prefix="A", **SAME) + add_orders(db, 1, prefix="B", **SAME)
    [c] = add_orders(db, 1, prefix="C")
    sign_in(screen)

    screen.open("/orders")
    screen.wait_for(lambda: "待发货（3）" in screen.selenium.page_source)
    mergeable_filter(screen).click()
    screen.wait_for(lambda: c not in screen.selenium.page_source)
    screen.click("选择全部 2 个匹配订单")
    screen.should_contain("已选 2 个订单")
    screen.selenium.find_element(By.XPATH, '//button[.//*[normalize-space(text())="合并"]]').click()
    screen.should_contain("已合并 2 个订单为一个包裹")
    mergeable_filter(screen).click()
    screen.wait_for(lambda: c in screen.selenium.page_source)

    click_row_button(screen, b, "发货")
    screen.should_contain("共用一个单号发货")
    screen.should_contain("已为本订单保留")
    screen.find("发货后立即打印面单").click()  # no label printing in this test
    click_dialog_button(screen, "确认发货")
    screen.wait_for(lambda: rows(db, "SELECT count(*) FROM orders WHERE status = 'shipped'")[0][0] == 2)
    [(number, group)] = rows(db, "SELECT number, merge_group_id FROM shipment")
    assert number == numbers[0] and group is not None
    screen.wait_for(lambda: "待发货（1）" in screen.selenium.page_source)

    click_row_button(screen, c, "拆分包裹")
    screen.should_contain(f"拆分包裹：订单 {c}")
    click_dialog_button(screen, "保存")  # two parcels is the dialog's start
    screen.should_contain("分为 2 个包裹")
    click_row_button(screen, c, "发货")
    screen.should_contain("拆成 2 个包裹")
    screen.should_contain("已为本订单保留")
    if elements_now(
        screen,
        By.XPATH,
        '//div[contains(@class,"q-checkbox")][@aria-checked="true"][.//*[text()="发货后立即打印面单"]]',
    ):
        screen.find("发货后立即打印面单").click()
    click_dialog_button(screen, "确认发货")
    screen.wait_for(lambda: rows(db, "SELECT status FROM orders WHERE order_no = :n", n=c)[0][0] == "shipped")
    parcels = rows(
        db,
        "SELECT s.parcel_seq, s.number FROM shipment s JOIN orders o ON o.id = s.order_id "
        "WHERE o.order_no = :n ORDER BY s.parcel_seq",
        n=c,
    )
    assert [p[0] for p in parcels] == [1, 2] and {p[1] for p in parcels} == set(numbers[1:3])
    all_numbers = [r[0] for r in rows(db, "SELECT number FROM shipment")]
    assert len(all_numbers) == len(set(all_numbers)) == 3  # no number used twice
    screen.should_contain("已发 2 个包裹")
