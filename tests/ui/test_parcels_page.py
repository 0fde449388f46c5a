"""合并 / 拆分包裹 on the orders page with NiceGUI's simulated user (docs/merge-split.md)."""

from nicegui.testing import User
from sqlalchemy import text

from tests.fixtures.shop import add_orders, add_stock, seed_catalogue, status_of
from tests.helpers import eventually, login_staff
from tests.ui.test_orders_page import db, element, open_orders, text_of

SAME = {"buyer_nick": "小王", "receiver_name": "王五", "phone": "13800138000", "address": "文三路90号"}


def numbers_of(order_no: str) -> list[str]:
    with db().read() as session:
        return list(
            session.execute(
                text(
                    "SELECT s.number FROM shipment s JOIN orders o ON o.id = s.order_id OR o.merge_group_id = s.merge_group_id "
                    "WHERE o.order_no = :n AND s.cancelled_at IS NULL ORDER BY s.parcel_seq"
                ),
                {"n": order_no},
            ).scalars()
        )


async def test_merge_the_selected_orders_and_ship_them_with_one_number(user: User):
    await login_staff(user)
    seed_catalogue(db())
    numbers = add_stock(db(), "ZTO", 5)
    a, b = add_orders(db(), 1, prefix="A", **SAME) + add_orders(db(), 1, prefix="B", **SAME)
    [other] = add_orders(db(), 1, prefix="C")
    table = await open_orders(user, 3)
    rows = {r["order_no"]: r for r in table.rows}
    assert "可合并" in rows[a]["chips"] and "可合并" in rows[b]["chips"] and rows[other]["chips"] == []
    element(user, "filter-mergeable").set_value(True)
    await eventually(lambda: {r["order_no"] for r in table.rows} == {a, b})
    pick = [r for r in table.rows]
    with user:
        table.selected = pick
    user.find(marker="orders-table").trigger("selection", {"added": True, "rows": pick, "keys": []})
    user.find(marker="merge-selected").click()
    await user.should_see("已合并 2 个订单为一个包裹")
    await eventually(lambda: table.rows == [])  # merged orders are no longer 可合并
    element(user, "filter-mergeable").set_value(False)
    await eventually(lambda: len(table.rows) == 3)
    merged = [r["order_no"] for r in table.rows if any(c.startswith("已合并") for c in r["chips"])]
    assert sorted(merged) == [a, b]
    row = next(r for r in table.rows if r["order_no"] == b)
    user.find(marker="orders-table").trigger("ship", row)
    await user.should_see(marker="ship-group")
    assert a in text_of(user, "ship-group") and b in text_of(user, "ship-group")
    await eventually(lambda: numbers[0] in text_of(user, "ship-held-number"))
    element(user, "ship-print-after").set_value(False)
    user.find(marker="ship-confirm").click()
    await eventually(lambda: status_of(db(), a) == status_of(db(), b) == "shipped")
    assert numbers_of(a) == numbers_of(b) == [numbers[0]]


async def test_split_an_order_into_two_parcels_and_ship_both(user: User):
    await login_staff(user)
    seed_catalogue(db())
    numbers = add_stock(db(), "ZTO", 5)
    [order_no] = add_orders(db(), 1, prefix="P")
    table = await open_orders(user, 1)
    user.find(marker="orders-table").trigger("split", table.rows[0])
    await user.should_see(marker="split-dialog")
    element(user, "split-count").set_value(2)
    element(user, "split-items").set_value("上衣\n裤子")
    user.find(marker="split-confirm").click()
    await user.should_see("分为 2 个包裹")
    await eventually(lambda: "2 个包裹" in table.rows[0]["chips"])
    user.find(marker="orders-table").trigger("ship", table.rows[0])
    await user.should_see(marker="ship-parcels")
    assert "本次发 2 个" in text_of(user, "ship-parcels")
    await eventually(lambda: numbers[0] in text_of(user, "ship-held-number"))
    element(user, "ship-print-after").set_value(False)
    user.find(marker="ship-confirm").click()
    await eventually(lambda: status_of(db(), order_no) == "shipped")
    assert numbers_of(order_no) == numbers[:2]


async def test_unmerge_from_the_row_and_a_refused_merge_says_why(user: User):
    await login_staff(user)
    seed_catalogue(db())
    a, b = add_orders(db(), 1, prefix="A", **SAME) + add_orders(db(), 1, prefix="B", **SAME)
    [stranger] = add_orders(db(), 1, prefix="C")
    table = await open_orders(user, 3)
    pick = [r for r in table.rows if r["order_no"] in (a, stranger)]
    with user:
        table.selected = pick
    user.find(marker="orders-table").trigger("selection", {"added": True, "rows": pick, "keys": []})
    user.find(marker="merge-selected").click()
    await user.should_see("不能合并到一个包裹")
    await user.open("/orders/merge")
    await user.should_see(marker=f"merge-group-{a}")
    user.find(marker=f"merge-{a}").click()
    await user.should_see(marker="merge-empty")
    table = await open_orders(user, 3)
    row = next(r for r in table.rows if r["order_no"] == a)
    assert row["merged"]
    user.find(marker="orders-table").trigger("unmerge", row)
    await user.should_see("已取消合并")
    with db().read() as session:
        assert session.execute(text("SELECT count(*) FROM orders WHERE merge_group_id IS NOT NULL")).scalar() == 0


async def test_batch_dialog_counts_orders_and_the_numbers_their_parcels_take(user: User):
    await login_staff(user)
    seed_catalogue(db())
    add_stock(db(), "ZTO", 3)
    [split] = add_orders(db(), 1, prefix="P")
    [plain] = add_orders(db(), 1, prefix="Q")
    from waybill_ui.services.orders import splitting

    splitting.split(db(), order_no=split, parcels=3, actor="t")
    table = await open_orders(user, 2)
    pick = list(table.rows)
    with user:
        table.selected = pick
    user.find(marker="orders-table").trigger("selection", {"added": True, "rows": pick, "keys": []})
    user.find(marker="batch-ship").click()
    await user.should_see(marker="batch-dialog")
    # two orders, four numbers (three parcels + one), three in stock: one number short
    await user.should_see("2 个订单（4 个包裹，需 4 个单号），库存 3", retries=100)
    await user.should_see("缺 1 个单号")
    assert text_of(user, "batch-confirm") == "确认发货 2 个订单"
