"""订单列表: orders paged, sorted, filtered and searched in SQL (1,000,000 orders, ≤ 150 ms a page:
keyset pages and capped/estimated counts, db/keyset.py; the indexes behind each sort are in
db/models/orders.py).

Search looks at the starts of the order number, buyer nick, recipient and phone (index range
scans), the last four digits of a phone, and exact waybill numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from collections.abc import Sequence
from sqlalchemy import Row, text
from sqlmodel import Session

from waybill_ui.db import Database, dialect, keyset
from waybill_ui.db.models import Order
from waybill_ui.carriers import geo
from waybill_ui.services.common.errors import Invalid, NotFound

# The filter and the rows have modules of their own; pages, routes and exports keep importing
# their public names from here (`X as X`: re-exported on purpose).
from waybill_ui.services.orders.order_filter import CARRIER_KEY
from waybill_ui.services.orders.order_filter import STATUSES as STATUSES
from waybill_ui.services.orders.order_filter import OrderFilter as OrderFilter
from waybill_ui.services.orders.order_filter import utc_text as utc_text
from waybill_ui.services.orders.order_rows import _SELECT, SORT_KEY, _fill_parcels, _row
from waybill_ui.services.orders.order_rows import OrderPage as OrderPage
from waybill_ui.services.orders.order_rows import OrderRow as OrderRow

SORTS = {
    "ordered_at": "o.ordered_at",
    "paid_at": "o.paid_at",
    "amount": "o.amount_fen",
    "order_no": "o.order_no",
    "province": "o.province",
    "receiver": "o.receiver_name",
    "status": "o.status",
}
_NULLABLE_SORTS = frozenset({"ordered_at", "paid_at"})
_STATUS_INDEXED = frozenset({"ordered_at", "paid_at", "amount"})  # (status, column, id) indexes: db/models/orders.py


def list_orders(
    db: Database,
    *,
    filters: OrderFilter,
    sort: str = "ordered_at",
    descending: bool = True,
    page: int = 1,
    size: int = 50,
    cursor: str | None = None,
) -> OrderPage:
    """A page after/before `cursor` (keyset, db/keyset.py: same cost at any depth), else page
    number `page` (OFFSET: fine for the first pages, slower the deeper)."""
    clauses, params = filters.where()
    sort = sort if sort in SORTS else "ordered_at"
    column, nullable = SORTS[sort], sort in _NULLABLE_SORTS
    # sorted by the very column the filter holds to one value: every row ties (db/keyset.segments)
    fixed = (sort == "status" and bool(filters.status)) or (sort == "province" and bool(filters.province))
    size = max(1, min(size, 500))
    try:
        seek = keyset.Cursor.decode(cursor, sort=sort, descending=descending) if cursor else None
    except keyset.BadCursor as exc:
        raise Invalid("orders.bad_cursor") from exc

    def sql(segment: keyset.Segment) -> str:
        order_by, seek_where = segment.order_by, segment.where
        if few and dialect.name(session) == "postgresql":
            # few matches: PostgreSQL's planner, seeing ORDER BY … LIMIT, walks the sort index and
            # checks each row (seconds when the few are far apart or absent); in a subquery with
            # OFFSET 0 (which it never flattens) it finds them by the filter's own index instead;
            # the page's rows are sorted out of those few before the shipments are joined to them
            where = " AND ".join([*clauses, seek_where])
            few_rows = f"SELECT * FROM orders o WHERE {where} OFFSET 0"
            page_rows = f"SELECT * FROM ({few_rows}) o ORDER BY {order_by} LIMIT :limit + :offset"
            select = _SELECT.replace("{sort_key}", column).replace("FROM orders o ", f"FROM ({page_rows}) o ", 1)
            return f"{select} ORDER BY {order_by}"
        if filters.status and sort in _STATUS_INDEXED and not few and dialect.name(session) == "postgresql":
            # one status, sorted by a column indexed after it: PostgreSQL estimated "closed and
            # paid" independently (9 % of a million; none in truth), walked the payment time's own
            # index and filtered 900,000 rows. Ordered by the status first, only (status, column,
            # id) gives the order — with the status as a one-value list, as `= :status` would make
            # it a constant the planner drops from the ORDER BY
            way = order_by.split(",")[0].split()[-1]
            order_by = f"o.status {way}, {order_by}"
            pinned = [
                c.replace("o.status = :status", "o.status = ANY(ARRAY[CAST(:status AS VARCHAR)])") for c in clauses
            ]
            return f"{_SELECT.replace('{sort_key}', column)} WHERE {' AND '.join([*pinned, seek_where])} ORDER BY {order_by}"
        if (
            filters.carrier
            and sort == "status"
            and not few
            and any(c.startswith(f"({CARRIER_KEY} OR ") for c in clauses)
        ):
            return _carrier_by_status(clauses, order_by, seek_where, column, dialect.name(session))
        if few and dialect.name(session) == "sqlite":
            # few matches: SQLite would still walk the sort index (ORDER BY … LIMIT) past a million
            # rows that fail the filter; a unary + (a no-op on any value) keeps it off the sort
            # column's indexes, so it finds the matches by the filter's own and sorts those few
            # (PostgreSQL weighs this itself)
            order_by = ", ".join("+" + part.strip() for part in order_by.split(","))
            seek_where = seek_where.replace(column, "+" + column).replace("o.id", "+o.id")
        return (
            f"{_SELECT.replace('{sort_key}', column)} WHERE {' AND '.join([*clauses, seek_where])} ORDER BY {order_by}"
        )

    def fetch(segment: keyset.Segment, limit: int, offset: int = 0) -> Sequence[Row[Any]]:
        return session.execute(
            text(f"{sql(segment)} LIMIT :limit OFFSET :offset"),
            {**params, **segment.params, "limit": limit, "offset": offset},
        ).all()

    def count(segment: keyset.Segment) -> int:
        return counter(segment.where, segment.params, None)

    def counter(extra: str, extra_params: dict[str, Any], limit: int | None) -> int:
        where = " AND ".join([*clauses, extra] if extra else clauses) or "1 = 1"
        inner = f"SELECT 1 FROM orders o WHERE {where}" + (f" LIMIT {int(limit)}" if limit else "")
        return int(
            session.execute(text(f"SELECT count(*) FROM ({inner}) matched"), {**params, **extra_params}).scalar_one()
        )

    with db.read() as session:
        narrow = _few(session, filters.candidates(), params)  # None: the filter names no small set
        broad = narrow is False and bool((filters.q or "").strip())
        if broad:  # a search matching many: checked on each row as the sort index passes it
            clauses, params = filters.where(broad=True)
        total, estimated = keyset.estimated_count(
            session, counter, table="orders", id_column="o.id", cap=keyset.COUNT_CAP
        )
        few = not broad and ((not estimated and bool(clauses)) or bool(narrow))
        if estimated and few:  # at most FEW candidates: the exact count is cheap after all
            total, estimated = counter("", {}, None), False
        if estimated and filters.province and dialect.name(session) == "sqlite":
            # more than COUNT_CAP orders of one province (≥ 0.1 %): SQLite would list all of them
            # by ix_orders_province_status and sort them (150 ms for 60,000); walking the sort's own
            # index and checking the province on each row finds a page sooner (a unary +, a no-op
            # on any value, keeps it off the province index)
            clauses = [c.replace("o.province = :province", "+o.province = :province") for c in clauses]
        if estimated and filters.carrier and sort != "status" and dialect.name(session) == "sqlite":
            # a carrier with more than COUNT_CAP orders, in another sort's order: as for a province,
            # walking that sort's index and checking the key on each row beats listing and sorting
            # every order of the carrier by ix_orders_carrier_status_id (a unary + keeps it off).
            # likelihood() (SQLite's own hint) says few rows pass: with its estimate of 1/4 of a
            # million SQLite built a Bloom filter of every live shipment for the join (60–270 ms)
            clauses = [
                f"likelihood({c.replace(CARRIER_KEY, '+' + CARRIER_KEY, 1)}, 0.05)"
                if c.startswith(f"({CARRIER_KEY} OR ")
                else c
                for c in clauses
            ]
        found = keyset.list_page(
            fetch,
            count,
            sort=sort,
            descending=descending,
            page=page,
            cursor=seek,
            size=size,
            key=_sort_key,
            column=column,
            id_column="o.id",
            nullable=nullable,
            fixed=fixed,
        )
        rows = [_row(r) for r in found.rows]
        _fill_parcels(session, rows)
    return OrderPage(rows, total, estimated, found.next_cursor, found.prev_cursor)


def _carrier_by_status(clauses: list[str], order_by: str, seek_where: str, column: str, engine: str) -> str:
    """A carrier's orders in status order: the page's rows among those whose key is the carrier,
    read in order from ix_orders_carrier_status_id, and those with several keys (few, by the same
    index) checked as before; the two short lists are merged and the page sorted out of them. As
    one OR, neither engine could read the index in order (they walked the status index instead,
    past 700,000 orders shipped with other carriers)."""
    at = next(i for i, c in enumerate(clauses) if c.startswith(f"({CARRIER_KEY} OR "))
    several = clauses[at][len(f"({CARRIER_KEY} OR ") : -1]
    sqlite = engine == "sqlite"
    # SQLite: a unary + (a no-op on any value) keeps the few several-key rows and the merged page
    # off the status index, so they are found by the key and sorted (PostgreSQL weighs it itself)
    plus_order = ", ".join("+" + part.strip() for part in order_by.split(",")) if sqlite else order_by
    plus_seek = seek_where.replace(column, "+" + column).replace("o.id", "+o.id") if sqlite else seek_where
    keyed = " AND ".join([*clauses[:at], CARRIER_KEY, *clauses[at + 1 :], seek_where])
    rest = " AND ".join([*clauses[:at], several, *clauses[at + 1 :], plus_seek])
    ids = (
        f"SELECT id FROM (SELECT o.id FROM orders o WHERE {keyed} ORDER BY {order_by} LIMIT :limit + :offset) k "
        f"UNION ALL SELECT id FROM (SELECT o.id FROM orders o WHERE {rest} ORDER BY {plus_order} "
        "LIMIT :limit + :offset) s"
    )
    fence = "" if sqlite else " OFFSET 0"  # PostgreSQL never flattens it: the page is sorted from these ids
    page_rows = f"SELECT * FROM orders WHERE id IN ({ids}){fence}"
    select = _SELECT.replace("{sort_key}", column).replace("FROM orders o ", f"FROM ({page_rows}) o ", 1)
    return f"{select} ORDER BY {plus_order}"


FEW = 20_000  # up to this many candidates, SQLite sorts them rather than walk the sort index


def _few(session: Session, candidates: str | None, params: dict[str, Any]) -> bool | None:
    """Whether the candidate set has at most FEW orders (None: the filter names no such set)."""
    if candidates is None:
        return None
    found = int(session.execute(text(f"SELECT count(*) FROM ({candidates} LIMIT {FEW + 1}) c"), params).scalar_one())
    return found <= FEW


def _sort_key(row: Any) -> tuple[object, int]:  # keyset.read_page's key: any row it was given
    return (row[SORT_KEY], row[0])


def matching_ids(db: Database, *, filters: OrderFilter) -> list[int]:
    """Every order the filter matches ("select all 3,412 matching")."""
    clauses, params = filters.where()
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    with db.read() as session:
        return list(session.execute(text(f"SELECT o.id FROM orders o{where} ORDER BY o.id"), params).scalars())


def get_order(
    db: Database, *, order_no: str | None = None, order_id: int | None = None, shop_id: int | None = None
) -> Order:
    from waybill_ui.services.orders import shops  # numbers are unique per shop: shops.py refuses to guess

    with db.read() as session:
        if order_id is not None:
            order = session.get(Order, order_id)
        else:
            order = shops.find_order(session, order_no or "", shop_id)
        if order is None:
            raise NotFound("ship.order_not_found", order_no=order_no or order_id)
        return order


def order_nos(db: Database, *, ids: list[int]) -> list[str]:
    out: list[str] = []
    with db.read() as session:
        for start in range(0, len(ids), 900):
            part = ids[start : start + 900]
            marks = ",".join(str(int(i)) for i in part)
            out += session.execute(text(f"SELECT order_no FROM orders WHERE id IN ({marks})")).scalars().all()
    return out


def provinces_present(db: Database) -> list[str]:
    with db.read() as session:
        found = set(session.execute(text("SELECT DISTINCT province FROM orders WHERE province != ''")).scalars())
    return [p for p in geo.PROVINCES if p in found]


def count_by_status(db: Database) -> dict[str, int]:
    """Exact counts (a whole scan at 1M orders: reports and tests; the tabs use status_counts)."""
    with db.read() as session:
        return dict(session.execute(text("SELECT status, count(*) FROM orders GROUP BY status")).all())


@dataclass
class StatusCounts:
    """The tabs' counts: `counts[status]` is exact unless the status is in `estimated` (then the
    tab says "约 N", as the list's own total does)."""

    counts: dict[str, int]
    estimated: frozenset[str]


def status_counts(db: Database, *, cap: int | None = None) -> StatusCounts:
    """The counts the tabs show on every page load, each as the list of that status counts its
    total (db/keyset.estimated_count: exact up to COUNT_CAP, else from id windows) — the same
    figure the tab's list then shows, and a few index probes instead of a scan of every order."""
    counts: dict[str, int] = {}
    estimated: set[str] = set()
    cap = keyset.COUNT_CAP if cap is None else cap
    with db.read() as session:
        for status in STATUSES:

            def counter(extra: str, extra_params: dict[str, Any], limit: int | None, status: str = status) -> int:
                where = " AND ".join(["o.status = :status", extra] if extra else ["o.status = :status"])
                inner = f"SELECT 1 FROM orders o WHERE {where}" + (f" LIMIT {int(limit)}" if limit else "")
                found = session.execute(
                    text(f"SELECT count(*) FROM ({inner}) matched"), {"status": status, **extra_params}
                )
                return int(found.scalar() or 0)

            total, guessed = keyset.estimated_count(session, counter, table="orders", id_column="o.id", cap=cap)
            if total:
                counts[status] = total
            if guessed:
                estimated.add(status)
    return StatusCounts(counts, frozenset(estimated))
