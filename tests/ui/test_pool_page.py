"""The 单号库存 page through NiceGUI's simulated user: stock, list, import with preview, owner
actions, planner, audit pages, settings."""

import asyncio

from nicegui.elements.upload_files import SmallFileUpload
from nicegui.testing import User
from sqlalchemy import func, select

from waybill_ui import runtime
from waybill_ui.db.models import Waybill
from waybill_ui.services.pool import allocation
from waybill_ui.services.settings import store as shop_settings
from tests.helpers import eventually, login, login_staff
from tests.pool_helpers import add_numbers, add_purchase, history, seed_carrier, ship, zto


def the(user: User, marker: str):
    elements = user.find(marker=marker).elements
    assert elements, marker
    return next(iter(elements))


async def settle(user: User, condition, timeout: float = 5.0) -> None:
    """Wait until a background load has updated the page."""
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("page did not update")


def pool_count() -> int:
    with runtime.get().db.read() as session:
        return session.execute(select(func.count()).select_from(Waybill)).scalar_one()


async def test_empty_pool_says_how_to_fill_it(user: User):
    await login(user)
    await user.open("/pool")
    await user.should_see(marker="pool-title")
    await user.should_see(marker="pool-empty")
    await user.should_see(marker="plan-none")


async def test_stock_table_and_number_list_with_filters(user: User):
    db = runtime.get().db
    add_numbers(db, [zto(i) for i in range(60)], expires_in_days=3)
    add_numbers(db, ["SF1234567890123"], carrier="SF", expires_in_days=100)
    ship(db, number=zto(900), order_no="TB555")
    await login(user)
    await user.open("/pool")
    stock = {r["carrier"]: r for r in the(user, "pool-stock-table").rows}
    assert stock["ZTO"]["available"] == 60 and stock["ZTO"]["expiring"] == 60 and stock["ZTO"]["used"] == 1
    table = the(user, "pool-table")
    assert table.pagination["rowsNumber"] == 62 and len(table.rows) == 20
    user.find(marker="pool-table").trigger("request", {"pagination": {**table.pagination, "page": 4}})
    await settle(user, lambda: len(table.rows) == 2)
    the(user, "filter-carrier").value = "SF"
    await settle(user, lambda: table.pagination["rowsNumber"] == 1)
    assert table.rows[0]["number"] == "SF1234567890123" and table.pagination["page"] == 1
    the(user, "filter-carrier").value = ""
    user.find(marker="filter-q").type("TB")  # nothing matches a letter search of order numbers
    user.find(marker="filter-search").click()
    await settle(user, lambda: table.pagination["rowsNumber"] == 0)
    the(user, "filter-q").value = "000000000900"
    user.find(marker="filter-search").click()
    await settle(user, lambda: table.pagination["rowsNumber"] == 1)
    assert table.rows[0]["order_no"] == "TB555" and table.rows[0]["status"] == "used"


async def test_expiring_badge_filters_the_list_and_export_downloads(user: User):
    db = runtime.get().db
    add_numbers(db, [zto(i) for i in range(3)], expires_in_days=2)
    add_numbers(db, [zto(i) for i in range(3, 10)], expires_in_days=100)
    await login(user)
    await user.open("/pool")
    table = the(user, "pool-table")
    user.find(marker="pool-stock-table").trigger("expiring", "ZTO")
    await settle(user, lambda: table.pagination["rowsNumber"] == 3)
    user.find(marker="pool-export").click()
    response = await user.download.next()
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("快递公司,单号") and text.count(zto(0)) == 1 and zto(5) not in text


async def test_import_dialog_previews_then_imports(user: User):
    db = runtime.get().db
    add_numbers(db, [zto(2)])
    await login(user)
    await user.open("/pool")
    user.find(marker="pool-import").click()
    await user.should_see(marker="import-dialog")
    the(user, "import-carrier").value = "ZTO"
    user.find(marker="import-paste").type(f"{zto(1)}\n{zto(2)}\n{zto(1)}\nABC123\n{zto(3)}")
    user.find(marker="import-preview").click()
    await user.should_see(retries=50, target="共 5 行：可以导入 2 个，不能导入 3 个。")
    reasons = [r["reason"] for r in the(user, "import-rejected").rows]
    assert any("与第 1 行重复" in r for r in reasons) and any("已在中通快递库存中" in r for r in reasons)
    assert pool_count() == 1  # the preview wrote nothing
    commit = the(user, "import-commit")
    assert commit.enabled and "2" in commit.text
    the(user, "import-expiry").value = "2099-06-30"
    user.find(marker="import-commit").click()
    await user.should_see(retries=50, target="已导入 2 个单号。")
    assert pool_count() == 3
    # the stock table follows the import's change notice, a moment after the message
    await eventually(
        lambda: {r["carrier"]: r for r in the(user, "pool-stock-table").rows}["ZTO"]["available"] == 3,
        message="the stock table did not show the 3 numbers",
    )


async def test_import_a_range_and_an_uploaded_file(user: User):
    await login(user)
    await user.open("/pool")
    user.find(marker="pool-import").click()
    the(user, "import-carrier").value = "ZTO"
    user.find(marker="import-tab-range").click()
    the(user, "import-start").value = zto(100)
    the(user, "import-count").value = 20
    user.find(marker="import-preview").click()
    await user.should_see(retries=50, target="共 20 行：可以导入 20 个，不能导入 0 个。")
    user.find(marker="import-commit").click()
    await user.should_see(retries=50, target="已导入 20 个单号。")
    user.find(marker="pool-import").click()
    user.find(marker="import-tab-file").click()
    upload = the(user, "import-upload")
    data = "运单号\n".encode("gbk") + "\n".join([zto(119), zto(120), zto(121)]).encode()
    await upload.handle_uploads([SmallFileUpload(name="网点.csv", content_type="text/csv", _data=data)])
    await user.should_see(retries=50, target="已读取「网点.csv」：3 个单号")
    user.find(marker="import-preview").click()
    await user.should_see(retries=50, target="共 3 行：可以导入 2 个，不能导入 1 个。")
    user.find(marker="import-commit").click()
    await user.should_see(retries=50, target="已导入 2 个单号。")
    assert pool_count() == 22
    await upload.handle_uploads([SmallFileUpload(name="x.bin", content_type="", _data=b"\x00\x01" * 50)])
    await user.should_see(retries=50, target="无法读取这个文件")


async def test_owner_refunds_selected_numbers_staff_cannot(user: User):
    db = runtime.get().db
    issued = await runtime.get().providers.market.issue_numbers(order_ref="ui-1", carrier="ZTO", quantity=100)
    add_numbers(
        db, issued.numbers[:3], origin="purchase", cost_fen=11, purchase_id=add_purchase(db), expires_in_days=60
    )
    await login(user)
    await user.open("/pool")
    table = the(user, "pool-table")
    table.selected = [r for r in table.rows if r["number"] in issued.numbers[:2]]
    user.find(marker="pool-refund").click()
    await user.should_see(marker="refund-dialog")
    assert the(user, "act-carrier").value == "ZTO"
    user.find(marker="act-submit").click()
    await user.should_see(retries=50, target="已退款 2 个单号，退回 ¥0.22。")

    def refunded() -> int:  # the stock table reloads right after the answer (and on the pool's notice)
        return {r["carrier"]: r for r in the(user, "pool-stock-table").rows}["ZTO"]["refunded"]

    await eventually(lambda: refunded() == 2, timeout=15, message="the stock table did not show the refund")


async def test_staff_sees_no_refund_or_extend(user: User):
    add_numbers(runtime.get().db, [zto(1)])
    await login_staff(user)
    await user.open("/pool")
    await user.should_see(marker="pool-table")
    await user.should_not_see(marker="pool-refund")
    await user.should_not_see(marker="pool-extend")


async def test_planner_section_shows_arithmetic_and_buy_link(user: User):
    db = runtime.get().db
    seed_carrier(db, "ZTO", [(100, 1200, 90), (500, 5500, 180)])
    history(db, days=28, per_day=10)
    await login(user)
    await user.open("/pool")
    await user.should_see(retries=50, target="最近 28 天用了 280 个单号 → 每天约 10.0 个")
    await user.should_see(retries=50, target="缺口：300 − 0 = 300 个")
    buy = the(user, "plan-buy")
    assert "3 × 100" in buy.text
    user.find(marker="plan-buy").click()
    await user.should_see(marker="checkout-summary", retries=50)  # one click to the market's checkout
    numbers = the(user, "checkout-numbers")
    assert numbers.text == "300"


async def test_recycle_now_button(user: User):
    db = runtime.get().db
    issued = await runtime.get().providers.market.issue_numbers(order_ref="ui-2", carrier="ZTO", quantity=100)
    add_numbers(db, issued.numbers[:1], origin="purchase", cost_fen=11, purchase_id=add_purchase(db))
    with db.write() as session:
        [(wid, _)] = allocation.take(session, carrier="ZTO", count=1)
        allocation.void(session, waybill_id=wid)
    await login(user)
    await user.open("/pool")
    await user.should_see(retries=50, target="1 个作废单号等待快递平台回收")
    user.find(marker="pool-recycle-now").click()
    await user.should_see(retries=50, target="已回收 1 个，0 个稍后自动重试。")
    await user.should_not_see(marker="pool-recycle")


async def test_audit_page_and_number_history(user: User):
    db = runtime.get().db
    add_numbers(db, [zto(1)])
    from waybill_ui.services.pool import importing as pool_import

    pool_import.commit_import(db, carrier="ZTO", numbers=[zto(i) for i in range(10, 15)], actor="owner")
    with db.write() as session:
        allocation.take(session, carrier="ZTO", count=2, actor="staff1")
    await login(user)
    await user.open("/pool/audit")
    await user.should_see(marker="audit-title")
    table = the(user, "audit-table")
    assert table.pagination["rowsNumber"] == 7 and table.rows[0]["action"] == "分配发货"
    the(user, "audit-action").value = "import"
    await settle(user, lambda: table.pagination["rowsNumber"] == 5)
    user.find(marker="audit-export").click()
    response = await user.download.next()
    lines = response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 6 and all(",导入," in line for line in lines[1:])

    await user.open(f"/pool/number/ZTO/{zto(10)}")
    await user.should_see(marker="number-title")
    await user.should_see(retries=50, target="已使用")
    entries = user.find(marker="history-entry").elements
    assert [e.props["title"] for e in sorted(entries, key=lambda e: e.id)] == ["导入", "分配发货"]
    await user.open("/pool/number/ZTO/75999999999999")
    await user.should_see(marker="number-not-found")


async def test_pool_settings_section(user: User):
    await login(user)
    await user.open("/settings?tab=pool")
    await user.should_see(marker="pool-settings")
    the(user, "setting-pool.expiry_warn_days").value = 10
    the(user, "setting-threshold-ZTO").value = 50
    user.find(marker="pool-settings-save").click()
    db = runtime.get().db
    # other sections also say 已保存 (e.g. a saved provider key), so wait for the value itself
    await eventually(lambda: shop_settings.get(db, "pool.expiry_warn_days") == 10)
    assert shop_settings.get(db, "pool.low_stock_thresholds") == {"ZTO": 50}
    the(user, "setting-pool.expiry_warn_days").value = 0
    user.find(marker="pool-settings-save").click()
    await user.should_see(retries=50, target="必须是 1 到 90 之间的整数")
