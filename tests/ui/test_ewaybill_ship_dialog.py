"""The ship dialog with a carrier that has an e-waybill account: no pool number is held, the
number comes from the provider on confirm, with its sorting codes on the shipment."""

from nicegui.testing import User
from sqlalchemy import text

from tests.ewaybill.support import OWNER, add_sender
from tests.fixtures.shop import add_orders, add_stock, seed_catalogue, status_of
from tests.helpers import eventually, login_staff
from waybill_ui import runtime
from waybill_ui.services.ewaybill import accounts as ewaybill_accounts


def scalar(sql: str, **params):
    with runtime.get().db.read() as session:
        return session.execute(text(sql), params).scalar()


async def test_ship_dialog_issues_from_the_account(user: User):
    db = runtime.get().db
    await login_staff(user)
    seed_catalogue(db)
    add_sender(db)
    numbers = add_stock(db, "ZTO", 3)
    ewaybill_accounts.add_account(
        db, provider="sandbox", carrier="ZTO", values={"customer_name": "shop-zto"}, actor=OWNER
    )
    [order_no] = add_orders(db, 1)
    await user.open("/orders")
    table = user.find(marker="orders-table").elements.pop()
    await eventually(lambda: len(table.rows) == 1)
    user.find(marker="orders-table").trigger("ship", table.rows[0])
    await user.should_see(marker="ship-dialog")
    await user.should_see("确认发货时由服务商实时取号", retries=30)
    options = user.find(marker="ship-carrier").elements.pop().options
    assert options["ZTO"].endswith("（电子面单余额 ?）") and "库存 0" in options["YTO"]  # quota, not pool stock
    assert scalar("SELECT count(*) FROM waybill WHERE reserved_token IS NOT NULL") == 0  # nothing held
    user.find(marker="ship-confirm").click()
    await eventually(lambda: status_of(db, order_no) == "shipped")
    number = scalar("SELECT number FROM shipment")
    assert number not in numbers and number == scalar("SELECT number FROM ewaybill_issue")
    assert scalar("SELECT route_code FROM shipment") and scalar("SELECT sort_name FROM shipment")
    assert scalar("SELECT count(*) FROM waybill WHERE status = 'available'") == 3  # the pool is untouched


async def test_batch_dialog_issues_from_the_account_with_progress_and_the_file(user: User):
    import csv
    import io

    db = runtime.get().db
    await login_staff(user)
    seed_catalogue(db)
    add_sender(db)
    ewaybill_accounts.add_account(
        db, provider="sandbox", carrier="ZTO", values={"customer_name": "shop-zto"}, actor=OWNER
    )
    add_orders(db, 30)
    await user.open("/orders")
    table = user.find(marker="orders-table").elements.pop()
    await eventually(lambda: len(table.rows) == 30)
    user.find(marker="select-all").click()
    user.find(marker="batch-ship").click()
    await user.should_see(marker="batch-dialog")
    user.find(marker="batch-mode").elements.pop().value = "one"
    await user.should_see(marker="batch-carrier", retries=30)
    user.find(marker="batch-carrier").elements.pop().value = "ZTO"
    await eventually(lambda: user.find(marker="batch-confirm").elements.pop().enabled)
    user.find(marker="batch-confirm").click()
    await eventually(lambda: "成功 30 个，失败 0 个" in user.find(marker="batch-summary").elements.pop().text)
    assert scalar("SELECT count(*) FROM ewaybill_issue WHERE status = 'issued'") == 30
    user.find(marker="batch-download").click()
    response = await user.download.next(timeout=5)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    with db.read() as session:
        issued = {n for (n,) in session.execute(text("SELECT number FROM ewaybill_issue")).all()}
    assert len(rows) == 31 and {r[2] for r in rows[1:]} == issued


async def test_cancel_from_the_page_goes_to_the_provider_and_a_refusal_changes_nothing(user: User):
    from tests.ewaybill.support import add_order
    from waybill_ui.services.ewaybill import issue as ewaybill

    db = runtime.get().db
    rt = runtime.get()
    await login_staff(user)
    seed_catalogue(db)
    add_sender(db)
    ewaybill_accounts.add_account(
        db, provider="sandbox", carrier="ZTO", values={"customer_name": "shop-zto"}, actor=OWNER
    )
    order_no = add_order(db)
    shipped = await ewaybill.issue_and_ship(
        db, order_no=order_no, carrier="ZTO", actor="t", provider_for=ewaybill.runtime_provider_for(rt)
    )
    rt.sandbox.store._parcels[shipped.number] = (0.0, "山东省济南市")  # the courier picked it up long ago
    rt.sandbox.store._conn.execute(
        "INSERT OR REPLACE INTO parcels VALUES (?, 'ZTO', 0, '山东省济南市')", (shipped.number,)
    )
    await user.open("/orders")
    with user:
        user.find(marker="orders-tabs").elements.pop().set_value("all")
    table = user.find(marker="orders-table").elements.pop()
    await eventually(lambda: len(table.rows) == 1 and table.rows[0]["can_cancel"])
    user.find(marker="orders-table").trigger("cancel", {"shipment_id": shipped.id})
    await user.should_see(marker="cancel-dialog")
    user.find(marker="cancel-confirm").click()
    await user.should_see("已揽收", retries=30)
    assert status_of(db, order_no) == "shipped" and scalar("SELECT cancelled_at FROM shipment") is None
