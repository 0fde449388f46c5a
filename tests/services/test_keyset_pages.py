"""Keyset pages (db/keyset.py) of the orders and number lists: walking next and previous cursors
visits every row exactly once, in the list's order, with ties and NULLs in the sort column."""

from datetime import timedelta

import pytest
from sqlalchemy import text

from tests.fixtures.shop import seed_catalogue
from tests.pool_helpers import add_numbers, zto
from waybill_ui.clock import utcnow
from waybill_ui.db import keyset
from waybill_ui.db.models import Order, Waybill
from waybill_ui.services.orders import listing as orders
from waybill_ui.services.pool import numbers as pool_numbers
from waybill_ui.services.common.errors import Invalid
from waybill_ui.services.orders.listing import OrderFilter

START = utcnow().replace(microsecond=0)


def add_tied_orders(db, count: int = 47) -> None:
    """Few distinct amounts and times (many ties), every fifth order without a time."""
    with db.write() as session:
        session.add_all(
            Order(
                order_no=f"9{i:05d}",
                amount_fen=(i % 4) * 100,
                buyer_nick=f"b{i}",
                receiver_name=f"r{i % 3}",
                province=["浙江省", "广东省"][i % 2],
                phone=f"1380000{i % 7:04d}",
                status=["pending", "shipped", "closed"][i % 3],
                ordered_at=None if i % 5 == 0 else START - timedelta(hours=i % 6),
                paid_at=None if i % 2 else START,
            )
            for i in range(count)
        )


def expected(db, sort: str, descending: bool, where: str = "1 = 1") -> list[str]:
    """The list's order spelt out: non-NULL values in the direction, ties by id, NULLs last."""
    column = orders.SORTS[sort].removeprefix("o.")
    with db.read() as session:
        rows = session.execute(text(f"SELECT order_no, {column}, id FROM orders o WHERE {where}")).all()
    present = sorted((r for r in rows if r[1] is not None), key=lambda r: (r[1], r[2]), reverse=descending)
    missing = sorted((r for r in rows if r[1] is None), key=lambda r: r[2], reverse=descending)
    return [r[0] for r in present + missing]


def walk(fetch, size: int) -> tuple[list, list]:
    """Every page forward by next_cursor, then back from the last page by prev_cursor."""
    pages = [fetch(None)]
    while pages[-1].next_cursor:
        pages.append(fetch(pages[-1].next_cursor))
    forward = [page.rows for page in pages]
    back = [pages[-1].rows]
    page = pages[-1]
    while page.prev_cursor:
        page = fetch(page.prev_cursor)
        back.append(page.rows)
    assert all(len(rows) == size for rows in forward[:-1])
    return forward, back[::-1]


@pytest.mark.parametrize("sort", ["ordered_at", "paid_at", "amount", "status", "receiver", "order_no"])
@pytest.mark.parametrize("descending", [True, False])
def test_order_pages_visit_every_row_once_both_ways(db, sort, descending):
    seed_catalogue(db)
    add_tied_orders(db)
    want = expected(db, sort, descending)

    def fetch(cursor):
        return orders.list_orders(db, filters=OrderFilter(), sort=sort, descending=descending, size=5, cursor=cursor)

    forward, back = walk(fetch, 5)
    assert [r.order_no for rows in forward for r in rows] == want
    assert [[r.order_no for r in rows] for rows in back] == [[r.order_no for r in rows] for rows in forward]
    # numbered pages (OFFSET, the API's `page`) show the same rows in the same order
    numbered = [
        orders.list_orders(db, filters=OrderFilter(), sort=sort, descending=descending, size=5, page=p)
        for p in range(1, len(forward) + 1)
    ]
    assert [[r.order_no for r in page.rows] for page in numbered] == [[r.order_no for r in rows] for rows in forward]
    # and from a numbered page, its next cursor goes on where it ended
    assert [r.order_no for r in fetch(numbered[2].next_cursor).rows] == [r.order_no for r in forward[3]]


def test_order_pages_with_a_filter_and_search(db):
    seed_catalogue(db)
    add_tied_orders(db, 60)
    want = expected(db, "amount", True, "status = 'pending' AND substr(phone, length(phone) - 3) = '0003'")
    assert want  # orders 3, 24, 45 …

    def fetch(cursor):
        return orders.list_orders(
            db, filters=OrderFilter(status="pending", q="0003"), sort="amount", descending=True, size=2, cursor=cursor
        )

    forward, back = walk(fetch, 2)
    assert [r.order_no for rows in forward for r in rows] == want
    assert fetch(None).total == len(want) and not fetch(None).estimated


@pytest.mark.parametrize(
    ("sort", "filters", "where"),
    [
        ("status", OrderFilter(status="pending"), "status = 'pending'"),
        ("province", OrderFilter(province="广东省"), "province = '广东省'"),
        ("province", OrderFilter(province="广东省", status="shipped"), "province = '广东省' AND status = 'shipped'"),
    ],
)
@pytest.mark.parametrize("descending", [True, False])
def test_sorted_by_the_column_the_filter_holds(db, sort, filters, where, descending):
    """Sort by status within one status (every row ties): pages by id alone, same rows as ever."""
    seed_catalogue(db)
    add_tied_orders(db, 60)
    want = expected(db, sort, descending, where)

    def fetch(cursor):
        return orders.list_orders(db, filters=filters, sort=sort, descending=descending, size=3, cursor=cursor)

    forward, back = walk(fetch, 3)
    assert [r.order_no for rows in forward for r in rows] == want
    assert [[r.order_no for r in rows] for rows in back] == [[r.order_no for r in rows] for rows in forward]
    numbered = [
        orders.list_orders(db, filters=filters, sort=sort, descending=descending, size=3, page=p)
        for p in range(1, len(forward) + 1)
    ]
    assert [[r.order_no for r in page.rows] for page in numbered] == [[r.order_no for r in rows] for rows in forward]


@pytest.mark.parametrize(("sort", "filters"), [("status", {"status": "used"}), ("carrier", {"carrier": "ZTO"})])
@pytest.mark.parametrize("descending", [True, False])
def test_number_pages_sorted_by_the_column_the_filter_holds(db, sort, filters, descending):
    add_numbers(db, [zto(i) for i in range(0, 9)], expires_in_days=30)
    add_numbers(db, [zto(i) for i in range(9, 20)], status="used")
    f = pool_numbers.NumberFilter(**filters)
    column, where = (
        pool_numbers._SORT_SQL[sort],
        " AND ".join(f"{k if k != 'carrier' else 'carrier_code'} = '{v}'" for k, v in filters.items()),
    )
    with db.read() as session:
        rows = session.execute(text(f"SELECT number, {column}, id FROM waybill WHERE {where}")).all()
    want = [r[0] for r in sorted(rows, key=lambda r: (r[1], r[2]), reverse=descending)]

    def fetch(cursor):
        return pool_numbers.list_numbers(db, filters=f, sort=sort, descending=descending, size=4, cursor=cursor)

    forward, back = walk(fetch, 4)
    assert [r["number"] for rows in forward for r in rows] == want
    assert back == forward


@pytest.mark.parametrize("q", ["r1", "0003", "b1", "9000", "nothing"])
def test_a_broad_search_finds_the_same_orders(db, monkeypatch, q):
    """A search matching more than FEW orders is checked row by row (listing.OrderFilter.where's
    `broad`): the same orders, in the same pages, as the set of matches gives."""
    seed_catalogue(db)
    add_tied_orders(db, 60)

    def pages(status=None):
        f = OrderFilter(q=q, status=status)
        fetch = lambda cursor: orders.list_orders(db, filters=f, sort="amount", size=4, cursor=cursor)  # noqa: E731
        forward, back = walk(fetch, 4)
        assert back == forward
        return [r.order_no for rows in forward for r in rows], fetch(None).total

    narrow = pages(), pages("pending")
    monkeypatch.setattr(orders, "FEW", 0)
    assert (pages(), pages("pending")) == narrow


@pytest.mark.parametrize("sort", ["order_no", "ordered_at", "receiver", "amount"])
def test_many_orders_of_one_province_page_the_same(db, monkeypatch, sort):
    """Beyond COUNT_CAP matches a province filter is checked row by row on SQLite (the sort's
    index is walked): the same pages as ever."""
    seed_catalogue(db)
    add_tied_orders(db, 60)
    monkeypatch.setattr(keyset, "COUNT_CAP", 5)
    f = OrderFilter(province="广东省", status="pending")
    fetch = lambda cursor: orders.list_orders(db, filters=f, sort=sort, size=4, cursor=cursor)  # noqa: E731
    assert fetch(None).estimated
    forward, back = walk(fetch, 4)
    assert [r.order_no for rows in forward for r in rows] == expected(
        db, sort, True, "province = '广东省' AND status = 'pending'"
    )
    assert back == forward


@pytest.mark.parametrize("descending", [True, False])
def test_usable_numbers_by_expiry_page_the_same(db, descending):
    """The 可用 filter sorted by expiry: undated numbers last, expired ones never (the dated run
    is read as the range "later than now", pool/numbers.list_numbers)."""
    add_numbers(db, [zto(i) for i in range(0, 9)], expires_in_days=30)
    add_numbers(db, [zto(i) for i in range(9, 15)], expires_in_days=None)
    add_numbers(db, [zto(i) for i in range(15, 23)], expires_in_days=5)  # expired by `later`
    add_numbers(db, [zto(i) for i in range(23, 26)], status="used")
    later = utcnow() + timedelta(days=10)
    with db.read() as session:
        rows = session.execute(text("SELECT number, expires_at, id FROM waybill WHERE status = 'available'")).all()
    dated = sorted(
        (r for r in rows if r[1] is not None and r[0] not in {zto(i) for i in range(15, 23)}),
        key=lambda r: (r[1], r[2]),
        reverse=descending,
    )
    undated = sorted((r for r in rows if r[1] is None), key=lambda r: r[2], reverse=descending)
    f = pool_numbers.NumberFilter(status="available")

    def fetch(cursor):
        return pool_numbers.list_numbers(
            db, filters=f, sort="expires_at", descending=descending, size=4, cursor=cursor, now=later
        )

    forward, back = walk(fetch, 4)
    assert [r["number"] for rows in forward for r in rows] == [r[0] for r in dated + undated]
    assert back == forward


@pytest.mark.parametrize("sort", ["paid_at", "ordered_at", "amount"])
@pytest.mark.parametrize("descending", [True, False])
def test_many_orders_of_one_status_page_the_same(db, monkeypatch, sort, descending):
    """Beyond COUNT_CAP a status filter sorted by a column of a (status, column, id) index is
    ordered by the status first on PostgreSQL (listing.list_orders): the same pages, NULLs last."""
    seed_catalogue(db)
    add_tied_orders(db, 60)
    monkeypatch.setattr(keyset, "COUNT_CAP", 5)
    f = OrderFilter(status="shipped")
    fetch = lambda cursor: orders.list_orders(  # noqa: E731
        db, filters=f, sort=sort, descending=descending, size=4, cursor=cursor
    )
    assert fetch(None).estimated
    forward, back = walk(fetch, 4)
    assert [r.order_no for rows in forward for r in rows] == expected(db, sort, descending, "status = 'shipped'")
    assert back == forward


def test_a_cursor_of_another_sort_or_garbage_is_refused(db):
    seed_catalogue(db)
    add_tied_orders(db, 12)
    page = orders.list_orders(db, filters=OrderFilter(), sort="amount", size=5)
    with pytest.raises(Invalid):
        orders.list_orders(db, filters=OrderFilter(), sort="ordered_at", size=5, cursor=page.next_cursor)
    with pytest.raises(Invalid):
        orders.list_orders(db, filters=OrderFilter(), sort="amount", size=5, cursor="not-a-cursor!")


@pytest.mark.parametrize("sort", ["expires_at", "number", "created_at", "status"])
@pytest.mark.parametrize("descending", [True, False])
def test_number_pages_visit_every_row_once_both_ways(db, sort, descending):
    add_numbers(db, [zto(i) for i in range(0, 9)], expires_in_days=30)  # ties
    add_numbers(db, [zto(i) for i in range(9, 15)], expires_in_days=None)  # NULLs
    add_numbers(db, [zto(i) for i in range(15, 23)], expires_in_days=5)
    add_numbers(db, [zto(i) for i in range(23, 26)], status="used")
    column = pool_numbers._SORT_SQL[sort]
    with db.read() as session:
        rows = session.execute(text(f"SELECT number, {column}, id FROM waybill")).all()
    present = sorted((r for r in rows if r[1] is not None), key=lambda r: (r[1], r[2]), reverse=descending)
    missing = sorted((r for r in rows if r[1] is None), key=lambda r: r[2], reverse=descending)
    want = [r[0] for r in present + missing]

    def fetch(cursor):
        return pool_numbers.list_numbers(db, sort=sort, descending=descending, size=4, cursor=cursor)

    forward, back = walk(fetch, 4)
    assert [r["number"] for rows in forward for r in rows] == want
    assert back == forward
    numbered = [
        pool_numbers.list_numbers(db, sort=sort, descending=descending, size=4, page=p)
        for p in range(1, len(forward) + 1)
    ]
    assert [page.rows for page in numbered] == forward
    assert pool_numbers.list_numbers(db, filters=pool_numbers.NumberFilter(status="used"), size=4).total == 3


def test_counts_are_exact_up_to_the_cap_then_estimated(db):
    add_numbers(db, [zto(i) for i in range(300)], expires_in_days=30)
    with db.read() as session:

        def count(extra, params, limit):
            sql = (
                "SELECT count(*) FROM (SELECT 1 FROM waybill WHERE status = 'available'"
                + (f" AND {extra}" if extra else "")
                + (f" LIMIT {limit}" if limit else "")
                + ") x"
            )
            return session.execute(text(sql), params).scalar()

        assert keyset.estimated_count(session, count, table="waybill", cap=300) == (300, False)
        total, estimated = keyset.estimated_count(session, count, table="waybill", cap=100)
    assert estimated and 101 <= total <= 330
    assert Waybill  # the model the table belongs to


def test_tab_counts_are_exact_up_to_the_cap_then_estimated(db):
    """The tabs' counts (status_counts): the same figures as the exact count while small, "约"
    beyond the cap, and each estimate is the total the list of that status shows."""
    add_tied_orders(db, 60)  # 20 pending, 20 shipped, 20 closed
    exact = orders.status_counts(db)
    assert exact.counts == orders.count_by_status(db) == {"pending": 20, "shipped": 20, "closed": 20}
    assert exact.estimated == frozenset()
    guessed = orders.status_counts(db, cap=10)
    assert guessed.estimated == {"pending", "shipped", "closed"}
    assert all(11 <= guessed.counts[s] <= 40 for s in ("pending", "shipped", "closed"))
    assert orders.status_counts(db, cap=19).counts["pending"] >= 20


def test_the_needs_address_index_spells_the_rule_as_the_service_does():
    """ix_orders_needs_address serves the 待补地址 filter only while both say the same SQL."""
    from waybill_ui.db.models.orders import NEEDS_ADDRESS_SQL
    from waybill_ui.services.orders import address_check as order_address

    assert NEEDS_ADDRESS_SQL == order_address.needs_sql()
