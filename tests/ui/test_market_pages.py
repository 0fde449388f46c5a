"""The market pages through NiceGUI's simulated user: compare, top up, check out, follow the
sync, retry, cancel; staff see but cannot buy."""

import asyncio

import pytest
from nicegui.testing import User
from sqlalchemy import func, select

from waybill_ui import runtime
from waybill_ui.db.models import Purchase, Waybill
from waybill_ui.sandbox.faults import FaultPlan
from waybill_ui.services.market import ledger
from waybill_ui.services.market import purchases
from waybill_ui.services.accounts import users
from tests.helpers import login, login_staff
from tests.market_support import load_catalogue

BOSS = users.Principal(1, "owner", "owner")


def db():
    return runtime.get().db


def faults(spec: str) -> None:
    runtime.get().sandbox.faults.set_plan(FaultPlan.parse(spec))


def purchase_count() -> int:
    with db().read() as session:
        return session.execute(select(func.count()).select_from(Purchase)).scalar_one()


async def eventually(check, timeout: float = 5.0) -> None:
    for _ in range(int(timeout / 0.05)):
        if check():
            return
        await asyncio.sleep(0.05)
    assert check()


async def test_market_compare_filter_and_quote(user: User):
    await login(user)
    await user.open("/market")  # empty catalogue: the page fetches it from the embedded network
    await user.should_see("中通快递（ZTO）", retries=200)  # the fetch takes a while on a busy machine
    await user.should_see(marker="carrier-SF")
    await user.should_see("¥5.50")  # ZTO, 1 kg nationwide
    await user.should_see("本店数据不足，暂无评分")
    await user.should_see("每单 ¥0.11 · 180 天有效")
    user.find(marker="market-province").click()
    user.find("西藏自治区").click()
    await user.should_not_see(marker="carrier-ZTO", retries=100)  # the filtered list has come back
    await user.should_see(marker="carrier-EMS")
    # quote calculator
    user.find(marker="quote-province").click()
    user.find("广东省").click()
    user.find(marker="quote-submit").click()
    await user.should_see("9 家快递可发往广东省")
    table = user.find(marker="quote-results").elements.pop()
    assert len(table.rows) == 9 and table.rows[0]["rank"] == 1 and table.rows[0]["reason"]


async def test_checkout_flow_tops_up_pays_once_and_fills_the_pool(user: User):
    load_catalogue(db())
    await login(user)
    await user.open("/market/checkout?package=ZTO-500&quantity=2")
    await user.should_see(marker="checkout-summary")
    await user.should_see("还差 ¥110.00")  # nothing in the account yet
    await user.should_see(marker="checkout-topup-link")
    assert not user.find(marker="checkout-pay").elements.pop().enabled
    # top up on the balance page
    await user.open("/market/balance")
    user.find(marker="topup-amount").type("200")
    user.find(marker="topup-reference").type("支付宝转账 0001")
    user.find(marker="topup-submit").click()
    await user.should_see("已登记充值 ¥200.00。")
    await eventually(lambda: ledger.balance(db()) == 20_000)
    # buy 2 × 500 ZTO numbers from the market page
    await user.open("/market")
    await user.should_see(marker="buy-ZTO-500")
    user.find(marker="qty-ZTO-500").clear().type("2")
    user.find(marker="buy-ZTO-500").click()
    await user.should_see(marker="checkout-summary")
    await user.should_see("1,000")
    await user.should_see("¥0.11")
    await user.should_see("¥110.00")
    await user.should_see("¥90.00")  # balance after
    await user.should_see("180 天")
    pay = user.find(marker="checkout-pay")
    pay.click()
    pay.click()  # an impatient double click
    await user.should_see(marker="purchase-received", retries=100)
    await user.should_see("已到账 1,000 / 1,000 个单号", retries=100)
    assert purchase_count() == 1 and ledger.balance(db()) == 9_000
    with db().read() as session:
        assert (
            session.execute(select(func.count()).select_from(Waybill).where(Waybill.status == "available")).scalar_one()
            == 1000
        )
    # reloading the checkout (same key in the address) shows the purchase, never a second payment
    key = purchases.get_purchase(db(), 1).purchase.idempotency_key
    await user.open(f"/market/checkout?package=ZTO-500&quantity=2&key={key}")
    await user.should_see(marker="checkout-done")
    await user.should_not_see(marker="checkout-pay")
    assert purchase_count() == 1


async def test_checkout_explains_bad_links(user: User):
    load_catalogue(db())
    await login(user)
    await user.open("/market/checkout?package=NOPE-1&quantity=2")
    await user.should_see("找不到套餐「NOPE-1」")
    await user.open("/market/checkout?package=ZTO-500&quantity=abc")
    await user.should_see("购买份数必须是 1 到 50 之间的整数")


async def test_staff_see_the_market_but_cannot_buy_or_top_up(user: User):
    load_catalogue(db())
    await login_staff(user)
    await user.open("/market")
    await user.should_see(marker="carrier-ZTO")
    await user.should_not_see(marker="buy-ZTO-500")
    await user.open("/market/checkout?package=ZTO-500&quantity=1")
    await user.should_see("只有店主可以购买单号")
    await user.should_not_see(marker="checkout-pay")
    await user.open("/market/balance")
    await user.should_see(marker="balance-staff-note")
    await user.should_not_see(marker="topup-card")


async def test_a_waiting_purchase_is_visible_retried_and_cancelled(user: User):
    load_catalogue(db())
    await login(user)
    ledger.top_up(db(), amount_fen=10_000, reference="t", actor=BOSS)
    faults("5xx=1")
    first = purchases.checkout(db(), package_id="YTO-100", quantity=1, idempotency_key="a", actor=BOSS).purchase
    second = purchases.checkout(db(), package_id="SF-100", quantity=1, idempotency_key="b", actor=BOSS).purchase
    from waybill_ui.services.market import number_sync

    for p in (first, second):
        await number_sync.sync_purchase(db(), provider=runtime.get().providers.market, purchase_id=p.id)
    await user.open("/market/purchases")
    await user.should_see(marker=f"purchase-{first.id}")
    await user.should_see("等待单号")
    await user.should_see("快递网络暂时没有返回单号")
    # the carrier network is back: 重新同步
    faults("")
    user.find(marker=f"sync-{first.id}").click()
    await user.should_see("单号已全部到账，共 100 个，已放入单号库存。", retries=100)
    await eventually(lambda: purchases.get_purchase(db(), first.id).purchase.status == "synced")
    # the other one is cancelled by the owner: refunded
    user.find(marker=f"cancel-{second.id}").click()
    await user.should_see(marker="cancel-dialog")
    await user.should_see("将退款 ¥30.00")
    user.find(marker="cancel-confirm").click()
    await user.should_see("已取消，¥30.00 已退回余额。", retries=100)
    assert ledger.balance(db()) == 10_000 - 1_200
    # filters
    user.find(marker="filter-status").click()
    user.find("已退款").click()
    await user.should_see(marker=f"purchase-{second.id}")
    await user.should_not_see(marker=f"purchase-{first.id}")


async def test_ledger_history_pages_and_exports(user: User):
    await login(user)
    for i in range(30):
        ledger.top_up(db(), amount_fen=100 + i, reference=f"转账 {i:02d}", actor=BOSS)
    await user.open("/market/balance")
    await user.should_see("第 1 / 2 页 · 共 30 条")
    table = user.find(marker="ledger-table").elements.pop()
    assert len(table.rows) == 25 and table.rows[0]["reference"] == "转账 29"
    user.find(marker="ledger-pager-next").click()
    await user.should_see("第 2 / 2 页 · 共 30 条")
    assert [r["reference"] for r in table.rows] == [f"转账 {i:02d}" for i in range(4, -1, -1)]
    user.find(marker="ledger-export").click()
    response = await user.download.next()
    text = response.content.decode("utf-8-sig")
    assert text.count("\n") == 31 and "转账 00" in text


async def test_owner_enters_contract_prices_and_origin(user: User):
    load_catalogue(db())
    await login(user)
    await user.open("/settings?tab=contracts")
    await user.should_see(marker="contract-none")
    user.find(marker="contract-carrier").click()
    user.find("中通快递（ZTO）").click()
    user.find(marker="contract-zone").click()
    user.find("按区域：全国").click()
    user.find(marker="contract-first").type("4.2")
    user.find(marker="contract-extra").type("1")
    user.find(marker="contract-outlet").type("余杭网点")
    user.find(marker="contract-save").click()
    await user.should_see("合同价已保存。")
    await user.should_see("余杭网点")
    await user.open("/market")
    await user.should_see(marker="contract-ZTO")
    await user.should_see("¥4.20")


async def test_a_checkout_refused_for_a_short_balance_is_listed_as_not_charged(user: User):
    load_catalogue(db())
    await login(user)
    # e.g. through the API, or the balance changed between the summary and the click
    with pytest.raises(purchases.PaymentRequired) as refused:
        purchases.checkout(db(), package_id="ZTO-500", quantity=1, idempotency_key="api-1", actor=BOSS)
    rejected_id = refused.value.extra["purchase_id"]
    await user.open("/market/purchases")
    await user.should_see(marker=f"purchase-{rejected_id}")
    await user.should_see(marker=f"not-charged-{rejected_id}")
    await user.should_see("已拒绝")
    await user.should_not_see(marker=f"sync-{rejected_id}")  # nothing to retry or cancel
    await user.should_not_see(marker=f"cancel-{rejected_id}")
    await user.open(f"/market/purchases/{rejected_id}")
    await user.should_see(marker="purchase-rejected")
    await user.should_see("余额不足，付款被拒绝，未扣款")
    assert ledger.balance(db()) == 0
