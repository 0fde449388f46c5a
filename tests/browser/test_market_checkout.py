"""A real Chromium: the owner tops up, buys 500 ZTO numbers from the market and sees them arrive."""

import pytest
from nicegui.testing import Screen

from tests.browser.helpers import open_with_owner, sign_in
from tests.market_support import load_catalogue
from waybill_ui.services.market import ledger

pytestmark = [pytest.mark.browser]  # in a browser lane: see tests/conftest.py


def test_buy_500_zto_numbers_and_see_them_arrive(screen: Screen):
    db, boss = open_with_owner(screen)
    load_catalogue(db)
    ledger.top_up(db, amount_fen=10_000, reference="支付宝转账", actor=boss)
    sign_in(screen)
    screen.open("/market")
    screen.should_contain("中通快递（ZTO）")
    screen.should_contain("每单 ¥0.11 · 180 天有效")
    screen.shot("market-cards", failed=False)
    screen.open("/market/checkout?package=ZTO-500&quantity=1")
    screen.should_contain("确认付款 ¥55.00")
    assert "key=" in screen.selenium.current_url  # the checkout got its idempotency key
    screen.shot("checkout", failed=False)
    screen.click("确认付款 ¥55.00")
    screen.should_contain("已到账 500 / 500 个单号")
    screen.shot("purchase-synced", failed=False)
    assert ledger.balance(db) == 10_000 - 5_500
    # back to the paid checkout's address (back button / reload): already paid, no second charge
    screen.selenium.back()
    screen.should_contain("不会重复扣款")
    assert ledger.balance(db) == 10_000 - 5_500
    screen.open("/market/purchases")
    screen.should_contain("已到账 500 / 500 个单号")
    screen.open("/market/balance")
    screen.should_contain("支付宝转账")
    screen.shot("balance", failed=False)
