"""Merge and split (issue 19 item 6): one number for a merged parcel, one per split parcel."""

import threading

import pytest
from sqlalchemy import text

from tests.fixtures.shop import add_orders, add_stock, seed_catalogue, status_of, waybill_status
from waybill_ui.services.orders import merging as merge_orders
from waybill_ui.services.orders import shipback as exports
from waybill_ui.services.orders import splitting as split_orders
from waybill_ui.services.shipping import single as shipping
from waybill_ui.services.common.errors import Conflict, Invalid


@pytest.fixture
def shop(db):
    seed_catalogue(db)
    return db


def twins(db, count=2, prefix="M", **fields):
    """`count` waiting orders of one buyer to one address."""
    nos = []
    for i in range(count):
        nos += add_orders(
            db,
            1,
            prefix=f"{prefix}{i}",
            **{
                "buyer_nick": "小王",
                "receiver_name": "王五",
                "phone": "13800138000",
                "address": "文三路90号",
                **fields,
            },
        )
    return nos


def shipments(db):
    with db.read() as session:
        return session.execute(
            text("SELECT order_id, number, merge_group_id, parcel_seq, cancelled_at IS NULL FROM shipment ORDER BY id")
        ).all()


def test_merge_key_normalises_spaces_width_and_extension():
    class Bare:  # an order, as merge_key reads it
        buyer_nick, receiver_name, province, city, district = "小王", "王五", "浙江省", "杭州市", "西湖区"
        phone, landline, address = "138-0013-8000", "", "文三路 90 号"
        shop_id, phone_ext = 1, ""

    other = Bare()
    other.phone, other.address, other.receiver_name = "13800138000", "文三路９０号", " 王五 "
    assert merge_key_of(Bare()) == merge_key_of(other)
    other.phone_ext = "123"  # a privacy number's extension is another receiver
    assert merge_key_of(other) != merge_key_of(Bare())
    other.phone_ext, other.shop_id = "", 2  # the same buyer in another shop: that shop ships its own
    assert merge_key_of(other) != merge_key_of(Bare())
    assert merge_orders._phone("13800138000-123") == merge_orders._phone("13800138000转123") == "13800138000-123"
    assert merge_orders._phone("0571-88888888") == "057188888888"


def merge_key_of(order):
    return merge_orders.merge_key(order)


def test_suggested_merged_shipped_with_one_number(shop):
    db = shop
    numbers = add_stock(db, "ZTO", 3)
    a, b = twins(db)
    add_orders(db, 2, prefix="X")  # other buyers
    found, total = merge_orders.suggestions(db)
    assert total == 1 and found[0].order_nos == [a, b]
    assert merge_orders.mergeable_ids(db) == set(found[0].order_ids)
    group = merge_orders.merge(db, order_nos=[a, b], actor="clerk")
    assert merge_orders.group_of(db, order_no=b) == [a, b]
    assert merge_orders.suggestions(db)[1] == 0  # merged orders are no longer suggested
    result = shipping.ship_order(db, order_no=b, carrier="ZTO", actor="clerk")  # either order ships the parcel
    assert result.number == numbers[0] and result.order_nos == [a, b]
    assert status_of(db, a) == status_of(db, b) == "shipped"
    [(order_id, number, group_id, seq, live)] = shipments(db)
    assert (number, group_id, seq, live) == (numbers[0], group, 1, 1)
    assert waybill_status(db, numbers[1]) == "available"  # one number only
    rows = exports.batch_ship_rows(db, shipment_ids=[result.id])
    assert [(r[0], r[2]) for r in rows] == [(a, numbers[0]), (b, numbers[0])]
    with pytest.raises(Conflict) as again:
        shipping.ship_order(db, order_no=a, carrier="ZTO", actor="clerk")
    assert again.value.code == "already_shipped"
    with pytest.raises(Conflict) as late:
        merge_orders.unmerge(db, order_no=a, actor="clerk")
    assert "不能取消合并" in late.value.message("zh")
    # cancel before pickup: every order of the group waits again, still merged
    shipping.cancel_shipment(db, shipment_id=result.id, actor="clerk")
    assert status_of(db, a) == status_of(db, b) == "pending"
    again = shipping.ship_order(db, order_no=a, carrier="ZTO", actor="clerk")
    assert again.number == numbers[1] and status_of(db, b) == "shipped"


def test_unmerge_before_shipping(shop):
    db = shop
    add_stock(db, "ZTO", 3)
    a, b = twins(db)
    merge_orders.merge(db, order_nos=[a, b], actor="clerk")
    assert merge_orders.unmerge(db, order_no=b, actor="clerk") == [a, b]
    assert merge_orders.group_of(db, order_no=a) == []
    one = shipping.ship_order(db, order_no=a, carrier="ZTO", actor="clerk")
    assert one.order_nos == [a] and status_of(db, b) == "pending"
    with pytest.raises(Conflict):
        merge_orders.unmerge(db, order_no=b, actor="clerk")


def test_merge_guards(shop):
    db = shop
    add_stock(db, "ZTO", 5)
    a, b, c = twins(db, 3)
    [stranger] = add_orders(db, 1, prefix="S", receiver_name="李四", phone="13900000000")
    with pytest.raises(Invalid) as other:
        merge_orders.merge(db, order_nos=[a, stranger], actor="t")
    assert other.value.code == "not_same_buyer" and "不能合并" in other.value.message("zh")
    with pytest.raises(Invalid):
        merge_orders.merge(db, order_nos=[a], actor="t")
    shipping.ship_order(db, order_no=c, carrier="ZTO", actor="t")
    with pytest.raises(Conflict) as shipped:
        merge_orders.merge(db, order_nos=[a, c], actor="t")
    assert shipped.value.code == "already_shipped"
    merge_orders.merge(db, order_nos=[a, b], actor="t")
    [d] = twins(db, 1, prefix="N")
    with pytest.raises(Conflict) as twice:  # one group per order
        merge_orders.merge(db, order_nos=[b, d], actor="t")
    assert twice.value.code == "already_merged"
    [closed] = twins(db, 1, prefix="C", status="closed")
    with pytest.raises(Conflict) as refunded:
        merge_orders.merge(db, order_nos=[d, closed], actor="t")
    assert refunded.value.code == "not_shippable"
    with pytest.raises(Conflict):
        split_orders.split(db, order_no=a, parcels=2, actor="t")


def test_split_ships_one_number_per_parcel(shop):
    db = shop
    numbers = add_stock(db, "ZTO", 4)
    [order_no] = add_orders(db, 1, prefix="P")
    parcels = split_orders.split(db, order_no=order_no, parcels=3, items=["上衣", "裤子", "鞋"], actor="t")
    assert [(p.seq, p.items, p.number) for p in parcels] == [(1, "上衣", None), (2, "裤子", None), (3, "鞋", None)]
    result = shipping.ship_order(db, order_no=order_no, carrier="ZTO", actor="t")
    assert [p[2] for p in result.parcels] == numbers[:3] and result.complete
    assert status_of(db, order_no) == "shipped"
    assert [p.number for p in split_orders.parcels_of(db, order_no=order_no)] == numbers[:3]
    rows = exports.batch_ship_rows(db, shipment_ids=[p[0] for p in result.parcels])
    assert rows == [(order_no, "中通快递", numbers[0])]  # one row per order: the first parcel's number


def test_split_parcels_one_at_a_time_is_partly_shipped(shop):
    db = shop
    numbers = add_stock(db, "ZTO", 3)
    [order_no] = add_orders(db, 1, prefix="P")
    split_orders.split(db, order_no=order_no, parcels=2, actor="t")
    first = shipping.ship_order(db, order_no=order_no, carrier="ZTO", actor="t", parcel=2)
    assert not first.complete and status_of(db, order_no) == "pending"
    assert exports.batch_ship_rows(db, shipment_ids=[first.id]) == []  # not on the marketplace until all are out
    with pytest.raises(Conflict):
        split_orders.split(db, order_no=order_no, parcels=3, actor="t")
    with pytest.raises(Conflict):
        shipping.ship_order(db, order_no=order_no, carrier="ZTO", actor="t", parcel=2)
    rest = shipping.ship_order(db, order_no=order_no, carrier="ZTO", actor="t")
    assert rest.complete and [p[1] for p in rest.parcels] == [1] and status_of(db, order_no) == "shipped"
    assert [p.number for p in split_orders.parcels_of(db, order_no=order_no)] == [numbers[1], numbers[0]]
    shipping.cancel_shipment(db, shipment_id=rest.id, actor="t")  # one parcel back: partly shipped again
    assert status_of(db, order_no) == "pending"


def test_split_without_enough_stock_ships_nothing(shop):
    db = shop
    numbers = add_stock(db, "ZTO", 1)
    [order_no] = add_orders(db, 1, prefix="P")
    split_orders.split(db, order_no=order_no, parcels=2, actor="t")
    with pytest.raises(Conflict) as short:
        shipping.ship_order(db, order_no=order_no, carrier="ZTO", actor="t")
    assert short.value.code == "no_stock" and waybill_status(db, numbers[0]) == "available"
    with pytest.raises(Invalid):
        shipping.ship_order(db, order_no=order_no, carrier="ZTO", actor="t", number="12345678901")
    assert split_orders.split(db, order_no=order_no, parcels=1, actor="t")[0].seq == 1  # back to one parcel
    assert shipping.ship_order(db, order_no=order_no, carrier="ZTO", actor="t").number == numbers[0]


def test_two_concurrent_ships_of_one_group_ship_it_once(shop):
    db = shop
    add_stock(db, "ZTO", 10)
    a, b, c = twins(db, 3)
    merge_orders.merge(db, order_nos=[a, b, c], actor="t")
    barrier, outcomes = threading.Barrier(4), []

    def ship(order_no):
        barrier.wait()
        try:
            outcomes.append(shipping.ship_order(db, order_no=order_no, carrier="ZTO", actor="t").number)
        except Conflict as exc:
            outcomes.append(exc.code)

    threads = [threading.Thread(target=ship, args=(n,)) for n in (a, b, c, a)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes, key=str).count("already_shipped") == 3
    live = [s for s in shipments(db) if s[4]]
    assert len(live) == 1
    with db.read() as session:
        used = session.execute(text("SELECT count(*) FROM waybill WHERE status = 'used'")).scalar()
    assert used == 1


def test_batch_ship_treats_a_group_as_one_parcel_and_a_split_order_as_several(shop):
    from waybill_ui.services.shipping import batch as batch_ship

    db = shop
    numbers = add_stock(db, "ZTO", 10)
    a, b = twins(db)
    merge_orders.merge(db, order_nos=[a, b], actor="t")
    [split] = add_orders(db, 1, prefix="P")
    split_orders.split(db, order_no=split, parcels=3, actor="t")
    [plain] = add_orders(db, 1, prefix="Q")
    ids, _ = batch_ship.ids_for(db, [a, b, split, plain])
    preview = batch_ship.preview_batch(db, order_ids=ids, carrier="ZTO")
    # four orders; the numbers they take: 1 for the merged pair + 3 for the split one + 1
    assert [(g.carrier, g.orders, g.needed, g.short) for g in preview.groups] == [("ZTO", 4, 5, 0)]
    result = batch_ship.batch_ship(db, order_ids=ids, carrier="ZTO", actor="t")
    assert result.failed == []
    by_order: dict = {}
    for s in result.shipped:
        by_order.setdefault(s["order_no"], []).append(s["number"])
    assert by_order[a] == by_order[b] and len(by_order[a]) == 1
    assert len(by_order[split]) == 3 and len(by_order[plain]) == 1
    used = {n for ns in by_order.values() for n in ns}
    assert len(used) == 5 and used <= set(numbers)
    assert {status_of(db, n) for n in (a, b, split, plain)} == {"shipped"}
    again = batch_ship.batch_ship(db, order_ids=ids, carrier="ZTO", actor="t")
    assert again.shipped == [] and {f["code"] for f in again.failed} == {"already_shipped"}


def test_batch_short_of_numbers_for_a_split_order_ships_none_of_its_parcels(shop):
    from waybill_ui.services.shipping import batch as batch_ship

    db = shop
    add_stock(db, "ZTO", 2)
    [split] = add_orders(db, 1, prefix="P")
    split_orders.split(db, order_no=split, parcels=3, actor="t")
    ids, _ = batch_ship.ids_for(db, [split])
    result = batch_ship.batch_ship(db, order_ids=ids, carrier="ZTO", actor="t")
    assert result.shipped == [] and result.failed[0]["code"] == "no_stock"
    with db.read() as session:
        assert session.execute(text("SELECT count(*) FROM waybill WHERE status = 'available'")).scalar() == 2


def test_orders_list_shows_merged_split_and_mergeable_orders(shop):
    from waybill_ui.services.orders import listing as orders

    db = shop
    numbers = add_stock(db, "ZTO", 5)
    a, b = twins(db)
    c, d = twins(db, prefix="T", receiver_name="赵六", phone="13700137000")
    [split] = add_orders(db, 1, prefix="P")
    rows, _ = orders.list_orders(db, filters=orders.OrderFilter(status="pending"))
    assert merge_orders.mergeable_among(db, rows) == {r.id for r in rows if r.order_no in (a, b, c, d)}
    only = orders.OrderFilter(only_ids=tuple(merge_orders.mergeable_ids(db)))
    assert {r.order_no for r in orders.list_orders(db, filters=only)[0]} == {a, b, c, d}
    assert orders.list_orders(db, filters=orders.OrderFilter(only_ids=()))[1] == 0
    merge_orders.merge(db, order_nos=[a, b], actor="t")
    split_orders.split(db, order_no=split, parcels=2, actor="t")
    shipping.ship_order(db, order_no=a, carrier="ZTO", actor="t")
    shipping.ship_order(db, order_no=split, carrier="ZTO", actor="t", parcel=2)
    rows = {r.order_no: r for r in orders.list_orders(db, filters=orders.OrderFilter())[0]}
    assert rows[a].waybill_number == rows[b].waybill_number == numbers[0]
    assert rows[a].merge_group_id == rows[b].merge_group_id is not None
    assert (rows[split].parcels, rows[split].parcels_shipped, rows[split].partly_shipped) == (2, 1, True)
    assert rows[split].waybill_number == numbers[1]
    found = orders.list_orders(db, filters=orders.OrderFilter(q=numbers[0]))[0]
    assert {r.order_no for r in found} == {a, b}  # searching the number finds every merged order
    assert merge_orders.mergeable_among(db, list(rows.values())) == {rows[c].id, rows[d].id}


def test_labels_of_a_merged_parcel_and_of_split_parcels(shop):
    from waybill_ui.services.printing import labels

    db = shop
    add_stock(db, "ZTO", 5)
    a, b = twins(db, items="T恤")
    merge_orders.merge(db, order_nos=[a, b], actor="t")
    merged = shipping.ship_order(db, order_no=a, carrier="ZTO", actor="t")
    [split] = add_orders(db, 1, prefix="P")
    split_orders.split(db, order_no=split, parcels=2, items=["上衣", "裤子"], actor="t")
    parcels = shipping.ship_order(db, order_no=split, carrier="ZTO", actor="t").parcels
    made = labels.take_for_print(db, shipment_ids=[merged.id] + [p[0] for p in parcels], actor="t", size="76x130")
    assert made[0].order_no == f"{a} 等2单" and made[0].items.count("T恤") == 2
    assert [m.items for m in made[1:]] == ["包裹 1/2 上衣", "包裹 2/2 裤子"]


def test_two_concurrent_ships_of_one_split_order_ship_each_parcel_once(shop):
    db = shop
    add_stock(db, "ZTO", 10)
    [order_no] = add_orders(db, 1, prefix="P")
    split_orders.split(db, order_no=order_no, parcels=3, actor="t")
    barrier, outcomes = threading.Barrier(2), []

    def ship():
        barrier.wait()
        try:
            outcomes.append(len(shipping.ship_order(db, order_no=order_no, carrier="ZTO", actor="t").parcels))
        except Conflict as exc:
            outcomes.append(exc.code)

    threads = [threading.Thread(target=ship) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes, key=str) == [3, "already_shipped"]
    with db.read() as session:
        assert session.execute(text("SELECT count(*) FROM shipment WHERE cancelled_at IS NULL")).scalar() == 3
        assert session.execute(text("SELECT count(*) FROM waybill WHERE status = 'used'")).scalar() == 3


def test_a_merged_order_whose_address_changed_since_is_not_shipped_with_the_group(shop):
    db = shop
    numbers = add_stock(db, "ZTO", 2)
    a, b = twins(db)
    merge_orders.merge(db, order_nos=[a, b], actor="t")
    with db.write() as session:  # a re-import brought a new street for one of them
        session.execute(text("UPDATE orders SET address = '莫干山路1号' WHERE order_no = :n"), {"n": b})
    with pytest.raises(Conflict) as diverged:
        shipping.ship_order(db, order_no=a, carrier="ZTO", actor="t")
    assert "取消合并" in diverged.value.message("zh") and waybill_status(db, numbers[0]) == "available"
    merge_orders.unmerge(db, order_no=a, actor="t")
    assert shipping.ship_order(db, order_no=a, carrier="ZTO", actor="t").order_nos == [a]
