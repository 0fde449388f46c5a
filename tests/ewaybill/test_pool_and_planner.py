"""The planner counts pool stock and e-waybill quota together; the pool page shows them side by side."""

from nicegui.testing import User

from tests.ewaybill.support import add_account
from tests.helpers import login
from tests.pool_helpers import add_numbers, history, seed_carrier, zto
from tests.services.test_planner import SANDBOX_LIKE, plan_for
from waybill_ui import runtime
from waybill_ui.services.ewaybill import accounts as ewaybill_accounts


def test_planner_counts_stock_and_quota(db):
    seed_carrier(db, "ZTO", SANDBOX_LIKE)
    history(db, days=28, per_day=10)
    add_numbers(db, [zto(i) for i in range(100)], expires_in_days=100)
    assert plan_for(db, horizon_days=30).gap == 200
    account = add_account(db)
    ewaybill_accounts.record_balance(db, account_id=account.id, balance=150)
    p = plan_for(db, horizon_days=30)
    assert p.available == 250 and p.ewaybill_quota == 150 and p.gap == 50
    assert dict(p.steps)["planner.step.ewaybill"] == {"pool": 100, "quota": 150}


async def test_pool_page_shows_stock_and_quota_side_by_side(user: User):
    db = runtime.get().db
    add_numbers(db, [zto(i) for i in range(60)], expires_in_days=30)
    account = add_account(db)
    ewaybill_accounts.record_balance(db, account_id=account.id, balance=20)  # under the alert line of 50
    ewaybill_accounts.add_account(
        db,
        provider="sandbox",
        carrier="YTO",
        values={"customer_name": "y"},
        actor=__import__("tests.ewaybill.support", fromlist=["OWNER"]).OWNER,
    )
    await login(user)
    await user.open("/pool")
    await user.should_see(marker="pool-stock-table", retries=30)
    table = next(iter(user.find(marker="pool-stock-table").elements))
    rows = {r["carrier"]: r for r in table.rows}
    assert rows["ZTO"]["available"] == 60 and rows["ZTO"]["ewaybill"] == "20" and rows["ZTO"]["ewaybill_low"]
    assert rows["YTO"]["available"] == 0 and rows["YTO"]["ewaybill"] == "?"  # never checked yet
    assert [c["name"] for c in table.columns][1:3] == ["available", "ewaybill"]
