"""The orders list: filters, search, sort, pages — all in SQL."""

from datetime import timedelta

import pytest
from sqlalchemy import text

from tests.fixtures.shop import add_orders, add_stock, seed_catalogue
from waybill_ui.clock import SHANGHAI, utcnow
from waybill_ui.services.orders import listing as orders
from waybill_ui.services.shipping import single as shipping
from waybill_ui.services.orders.listing import OrderFilter


def nos(db, **kwargs):
    sort = kwargs.pop("sort", "order_no")
    descending = kwargs.pop("descending", False)
    rows, total = orders.list_orders(db, filters=OrderFilter(**kwargs), sort=sort, descending=descending, size=500)
    assert total == len(rows)
    return [r.order_no for r in rows]


def test_filters_search_and_sort(db):
    seed_catalogue(db)
    add_stock(db, "YTO", 2)
    hz = add_orders(db, 3, prefix="1000")
    xj = add_orders(db, 2, prefix="2000", province="新疆维吾尔自治区", city="乌鲁木齐市", district="天山区")
    closed = add_orders(
        db, 1, prefix="3000", status="closed", external_carrier="中通快递", external_number="75000000000001"
    )
    shipped = shipping.ship_order(db, order_no=hz[0], carrier="YTO", actor="t")
    assert nos(db, status="pending") == hz[1:] + xj
    assert nos(db, province="新疆") == xj
    assert nos(db, carrier="YTO") == [hz[0]]
    assert nos(db, carrier="ZTO") == closed  # shipped elsewhere with 中通快递
    assert nos(db, q="2000") == xj  # order number prefix
    assert nos(db, q="buyer1") == [hz[1], xj[1]]  # buyer nick prefix (buyer1 in both groups)
    assert nos(db, q="张2") == [hz[2]]
    assert nos(db, q="1380000000") == sorted(hz + xj + closed)  # phone prefix
    assert nos(db, q="0002") == [hz[2]]  # last four digits of the phone
    assert nos(db, q=shipped.number) == [hz[0]]
    assert nos(db, q="75000000000001") == closed
    assert nos(db, sort="amount", status="pending", q="1000") == hz[1:]
    page_rows, total = orders.list_orders(db, filters=OrderFilter(), page=2, size=4)
    assert total == 6 and len(page_rows) == 2
    newest = nos(db, sort="ordered_at", descending=True)
    assert newest[0] in (hz[0], xj[0], closed[0])  # minute 0 of each group is the newest
    row = orders.list_orders(db, filters=OrderFilter(q=hz[0]))[0][0]
    assert (row.carrier, row.waybill_number, row.shipment_status) == ("YTO", shipped.number, "pending")
    pending_ids = [r.id for r in orders.list_orders(db, filters=OrderFilter(status="pending"))[0]]
    assert orders.matching_ids(db, filters=OrderFilter(status="pending")) == sorted(pending_ids)
    assert sorted(orders.order_nos(db, ids=pending_ids)) == sorted(hz[1:] + xj)
    assert orders.count_by_status(db) == {"pending": 4, "shipped": 1, "closed": 1}


def test_date_range_is_in_shop_time(db):
    [order_no] = add_orders(db, 1)
    local_day = (utcnow().astimezone(SHANGHAI)).date()
    assert nos(db, date_from=local_day, date_to=local_day) == [order_no]
    assert nos(db, date_from=local_day + timedelta(days=1)) == []
    assert nos(db, date_to=local_day - timedelta(days=1)) == []


@pytest.mark.sqlite_only  # reads SQLite's query plan
def test_the_page_queries_use_indexes(db):
    """No full scan for the first page of either tab (the ≤150 ms target on 100,000 orders)."""
    clauses = {"pending": "WHERE o.status = 'pending' ORDER BY o.ordered_at DESC", "all": "ORDER BY o.ordered_at DESC"}
    with db.read() as session:
        for name, tail in clauses.items():
            plan = session.execute(text(f"EXPLAIN QUERY PLAN SELECT o.id FROM orders o {tail} LIMIT 50")).all()
            details = " ".join(str(row[-1]) for row in plan)
            assert "USING INDEX" in details or "USING COVERING INDEX" in details, (name, details)
            assert "TEMP B-TREE" not in details, (name, details)


def test_unprinted_filter_counts_pages_and_selects(db):
    """未打印面单: orders whose live shipment's label was never printed; cancelled shipments do not count."""
    seed_catalogue(db)
    add_stock(db, "YTO", 6)
    printed, fresh_a, fresh_b, cancelled, reshipped, waiting = add_orders(db, 6, prefix="4000")
    shipments = {
        no: shipping.ship_order(db, order_no=no, carrier="YTO", actor="t").id
        for no in (printed, fresh_a, fresh_b, cancelled, reshipped)
    }
    shipping.cancel_shipment(db, shipment_id=shipments[cancelled], actor="t")  # unprinted but cancelled
    shipping.cancel_shipment(db, shipment_id=shipments[reshipped], actor="t")  # unprinted but cancelled …
    again = shipping.ship_order(db, order_no=reshipped, carrier="YTO", actor="t").id  # … the live one is printed
    with db.write() as session:
        session.execute(
            text("UPDATE shipment SET printed_count = 2 WHERE id IN (:a, :b)"), {"a": shipments[printed], "b": again}
        )
    assert nos(db, unprinted=True) == [fresh_a, fresh_b]
    assert nos(db) == [printed, fresh_a, fresh_b, cancelled, reshipped, waiting]  # off: every order
    assert nos(db, unprinted=True, status="shipped") == [fresh_a, fresh_b]
    assert nos(db, unprinted=True, status="pending") == []  # waiting or cancelled: nothing to print
    assert nos(db, unprinted=True, carrier="YTO") == [fresh_a, fresh_b]
    assert nos(db, unprinted=True, q=fresh_b) == [fresh_b]
    first, total = orders.list_orders(
        db, filters=OrderFilter(unprinted=True), sort="order_no", descending=False, page=1, size=1
    )
    second, _ = orders.list_orders(
        db, filters=OrderFilter(unprinted=True), sort="order_no", descending=False, page=2, size=1
    )
    assert total == 2 and [r.order_no for r in first + second] == [fresh_a, fresh_b]
    assert all(r.shipment_id == shipments[r.order_no] for r in first + second)
    # "select all N matching" takes the same filter
    assert orders.order_nos(db, ids=orders.matching_ids(db, filters=OrderFilter(unprinted=True))) == [fresh_a, fresh_b]
    with db.write() as session:
        session.execute(text("UPDATE shipment SET printed_count = 1 WHERE id = :s"), {"s": shipments[fresh_a]})
    assert nos(db, unprinted=True) == [fresh_b]
