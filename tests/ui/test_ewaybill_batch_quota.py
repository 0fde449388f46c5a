"""The batch dialog by rules counts an account's e-waybill quota: it shows the quota and what it
cannot cover, issues through the provider, ships the rest from the pool, and lists each order the
quota could not cover with the reason in Chinese."""

from nicegui.testing import User
from sqlalchemy import text

from tests.ewaybill.support import OWNER
from tests.fixtures.shop import add_orders, add_stock, seed_catalogue
from tests.helpers import eventually, login_staff
from waybill_ui import runtime
from waybill_ui.db.models import MatchingRule
from waybill_ui.services.ewaybill import accounts as ewaybill_accounts


def scalar(sql: str):
    with runtime.get().db.read() as session:
        return session.execute(text(sql)).scalar()


async def test_batch_by_rules_shows_quota_and_ships_both_ways(user: User):
    rt = runtime.get()
    db = rt.db
    await login_staff(user)
    seed_catalogue(db)
    with db.write() as session:
        session.add(MatchingRule(position=1, provinces=["浙江省"], carrier_code="ZTO"))
        session.add(MatchingRule(position=2, provinces=["江苏省"], carrier_code="YTO"))
    add_stock(db, "YTO", 10)
    account = ewaybill_accounts.add_account(
        db, provider="sandbox", carrier="ZTO", actor=OWNER, values={"customer_name": "shop-zto"}
    )
    ewaybill_accounts.record_balance(db, account_id=account.id, balance=3)
    from waybill_ui.sandbox.eorder_face import _desk

    _desk(rt.sandbox).top_up("ZTO:shop-zto", 3 - 2000)  # the provider says 3 as well
    add_orders(db, 5, prefix="ZJ")
    add_orders(db, 2, prefix="JS", province="江苏省", city="南京市", district="玄武区")
    await user.open("/orders")
    table = user.find(marker="orders-table").elements.pop()
    await eventually(lambda: len(table.rows) == 7)
    user.find(marker="select-all").click()
    user.find(marker="batch-ship").click()
    await user.should_see(marker="batch-dialog")
    await user.should_see("5 个订单，电子面单余额 3", retries=100)
    await user.should_see(marker="batch-short-ZTO")
    await user.should_see("2 个订单，库存 10")
    user.find(marker="batch-confirm").click()
    await eventually(lambda: "成功 5 个，失败 2 个" in user.find(marker="batch-summary").elements.pop().text)
    await user.should_see("余额已用完")
    assert scalar("SELECT count(*) FROM shipment WHERE carrier_code = 'ZTO'") == 3
    assert scalar("SELECT count(*) FROM ewaybill_issue WHERE status = 'issued'") == 3
    assert scalar("SELECT count(*) FROM shipment WHERE carrier_code = 'YTO'") == 2
