"""订单列表: orders paged, sorted, filtered and searched in SQL (1,000,000 orders, ≤ 150 ms a page:
keyset pages and capped/estimated counts, db/keyset.py; the indexes behind each sort are in
db/models/orders.py).

Search looks at the starts of the order number, buyer nick, recipient and phone (index range
scans), the last four digits of a phone, and exact waybill numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from collections.abc import Iterator, Sequence
from sqlalchemy import Row, text
from sqlmodel import Session
from typing import Any

from waybill_ui.carriers import codes, geo
from waybill_ui.db import Database, dialect, keyset
from waybill_ui.db.models import Order, OrderStatus
from waybill_ui.clock import SHANGHAI
from waybill_ui.services.orders import address_check as order_address
from waybill_ui.services.orders import carrier_key
from waybill_ui.services.common.errors import Invalid, NotFound

STATUSES = tuple(s.value for s in OrderStatus)
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
CARRIER_KEY = "o.carrier_code = :carrier"  # the carrier filter's indexed part (OrderFilter.where)
_HIGH = "\U0010ffff"  # sorts after every character: [q, q+_HIGH) is "starts with q"


def utc_text(moment: datetime) -> str:
    """A time as UTCDateTime stores it on SQLite, for comparisons in raw SQL."""
    return moment.astimezone(timezone.utc).replace(tzinfo=None).isoformat(" ", "microseconds")


def _from_db(value: str | datetime | None) -> datetime | None:
    """A stored UTC time from raw SQL: text on SQLite, a naive datetime on PostgreSQL."""
    if not value:
        return None
    return (value if isinstance(value, datetime) else datetime.fromisoformat(value)).replace(tzinfo=timezone.utc)


# the last four characters of the phone, as spelt in the expression index ix_orders_phone_tail
# (db/models/orders.py): both engines use the index only for this exact expression
PHONE_TAIL = "substr(phone, length(phone) - 3)"


def _live_shipment(condition: str) -> str:
    """Orders with a live (not cancelled) shipment meeting `condition` (SQL on the shipment table).
    Correlated, so a page walking a sort index checks its rows one by one (ux_shipment_live_order)
    instead of first listing every shipment. Spelt as a scalar subquery rather than EXISTS:
    PostgreSQL turns an EXISTS inside an OR into a hash of every matching shipment, built for
    each query (180,000 rows for a big carrier), where one index probe per row read is enough."""
    return f"(SELECT 1 FROM shipment WHERE order_id = o.id AND {condition} AND cancelled_at IS NULL LIMIT 1) = 1"


@dataclass
class OrderFilter:
    status: str | None = None  # None: every status
    q: str = ""
    province: str | None = None
    date_from: date | None = None  # shop-local dates of the order time, inclusive
    date_to: date | None = None
    carrier: str | None = None
    unprinted: bool = False  # only orders whose live shipment's label was never printed
    needs_address: bool = False  # only waiting orders that cannot ship yet (待补地址, services/orders/address_check.py)
    shop_id: int | None = None  # one shop (services/orders/shops.py); None: every shop
    only_ids: tuple[int, ...] | None = None  # only these orders (可合并: services/orders/merging.mergeable_ids)

    def where(self, *, broad: bool = False) -> tuple[list[str], dict[str, Any]]:
        """WHERE clauses and their parameters. `broad`: the search matches many orders (a surname),
        so it is spelt as conditions on the row itself, checked as the sort index passes each
        row — the first 50 of many come soon — rather than as the set of every match, built for
        each page (the same orders either way)."""
        clauses: list[str] = []
        params: dict[str, Any] = {}
        if self.status:
            if self.status not in STATUSES:
                raise Invalid("orders.bad_status", value=self.status)
            clauses.append("o.status = :status")
            params["status"] = self.status
        if self.province:
            params["province"] = geo.normalize_province(self.province) or self.province
            clauses.append("o.province = :province")
        if self.date_from:
            clauses.append("o.ordered_at >= :date_from")
            params["date_from"] = utc_text(datetime.combine(self.date_from, time(), SHANGHAI))
        if self.date_to:
            clauses.append("o.ordered_at < :date_to")
            params["date_to"] = utc_text(datetime.combine(self.date_to + timedelta(days=1), time(), SHANGHAI))
        if self.carrier:
            code = codes.resolve(self.carrier) or self.carrier
            names = sorted({name for name, c in codes.ALIASES.items() if c == code} | {code})
            marks = ", ".join(f":ext{i}" for i in range(len(names)))
            params.update({f"ext{i}": name for i, name in enumerate(names)})
            params["carrier"] = code
            # the key on the order row (carrier_key.py) gives a carrier's orders by index; the few
            # orders with several keys are checked as they always were
            several = f"o.carrier_code = '{carrier_key.SEVERAL}' AND ({_live_shipment('carrier_code = :carrier')} OR o.external_carrier IN ({marks}))"
            clauses.append(f"({several})" if code == carrier_key.SEVERAL else f"({CARRIER_KEY} OR ({several}))")
        if self.unprinted:  # few, and listed by ix_shipment_unprinted: found from the shipment side
            clauses.append("o.id IN (SELECT order_id FROM shipment WHERE printed_count = 0 AND cancelled_at IS NULL)")
        if self.only_ids is not None:
            clauses.append(f"o.id IN ({','.join(str(int(i)) for i in self.only_ids)})" if self.only_ids else "1 = 0")
        if self.needs_address:
            clauses.append(order_address.needs_sql("o"))
        if self.shop_id is not None:
            clauses.append("o.shop_id = :shop_id")
            params["shop_id"] = int(self.shop_id)
        q = (self.q or "").strip()
        if q:
            # One indexed lookup per field, united: SQLite's planner would rather scan 100,000 rows
            # than combine six OR-ed range conditions.
            params.update(q=q, q_high=q + _HIGH)
            parts = [
                f"SELECT id FROM orders WHERE {c} >= :q AND {c} < :q_high"
                for c in ("order_no", "buyer_nick", "receiver_name", "phone")
            ]
            parts.append("SELECT order_id FROM shipment WHERE number = :q")
            # every order of a merged parcel, not only the one its shipment hangs on
            parts.append(
                "SELECT id FROM orders WHERE merge_group_id IN "
                "(SELECT merge_group_id FROM shipment WHERE number = :q AND merge_group_id IS NOT NULL)"
            )
            parts.append("SELECT id FROM orders WHERE external_number = :q")
            if len(q) == 4 and q.isdigit():  # the last four digits of a phone, as buyers quote them
                parts.append(f"SELECT id FROM orders WHERE {PHONE_TAIL} = :q")
            if broad:
                row = [
                    f"(o.{c} >= :q AND o.{c} < :q_high)" for c in ("order_no", "buyer_nick", "receiver_name", "phone")
                ]
                row += [f"o.id IN ({parts[4]})", f"o.id IN ({parts[5]})", "o.external_number = :q"]
                if len(q) == 4 and q.isdigit():
                    row.append("substr(o.phone, length(o.phone) - 3) = :q")
                clauses.append("(" + " OR ".join(row) + ")")
            else:
                clauses.append("o.id IN (" + " UNION ALL ".join(parts) + ")")
        return clauses, params

    def candidates(self) -> str | None:
        """SQL listing a superset of the matching ids from a small index (unprinted labels,
        待补地址, a search), or None when no filter names such a set. Uses where()'s params."""
        if self.only_ids is not None:  # 可合并: the few ids the merge rule named
            return f"SELECT id FROM orders WHERE id IN ({','.join(str(int(i)) for i in self.only_ids) or 'NULL'})"
        if self.unprinted:
            return "SELECT order_id FROM shipment WHERE printed_count = 0 AND cancelled_at IS NULL"
        if self.needs_address:
            return f"SELECT id FROM orders o WHERE {order_address.needs_sql('o')}"
        if (self.q or "").strip():
            return self.where()[0][-1].removeprefix("o.id IN (")[:-1]
        if self.date_from or self.date_to:  # a few days of orders, by ix_orders_ordered_at_id
            return "SELECT id FROM orders o WHERE " + " AND ".join(
                c for c in self.where()[0] if c.startswith("o.ordered_at")
            )
        return None


@dataclass
class OrderRow:
    id: int
    order_no: str
    status: str
    buyer_nick: str
    receiver_name: str
    phone: str
    province: str
    city: str
    district: str
    address: str
    items: str
    item_count: int
    amount_fen: int
    buyer_message: str
    seller_memo: str
    ordered_at: datetime | None
    paid_at: datetime | None
    carrier: str | None  # ours, or the shipped-elsewhere carrier's code/name
    waybill_number: str | None
    shipment_id: int | None
    shipment_status: str | None
    shop_id: int = 1
    shop_name: str = ""
    phone_ext: str = ""
    # merge and split (docs/merge-split.md): the merge group, parcels planned and parcels out
    merge_group_id: int | None = None
    parcels: int = 1
    parcels_shipped: int = 0

    @property
    def partly_shipped(self) -> bool:
        """部分发货: a split order with some parcels out and some not (its status stays pending)."""
        return self.status == OrderStatus.pending and self.parcels_shipped > 0


_SELECT = """
SELECT o.id, o.order_no, o.status, o.buyer_nick, o.receiver_name, o.phone, o.province, o.city, o.district, o.address,
       o.items, o.item_count, o.amount_fen, o.buyer_message, o.seller_memo, o.ordered_at, o.paid_at,
       o.external_carrier, o.external_number, s.id, s.carrier_code, s.number, s.status,
       o.shop_id, (SELECT name FROM shop WHERE shop.id = o.shop_id), o.phone_ext, {sort_key}, o.merge_group_id
FROM orders o LEFT JOIN shipment s ON s.order_id = o.id AND s.cancelled_at IS NULL AND s.parcel_seq = 1
"""
SORT_KEY = 26  # the position of {sort_key} in _SELECT: keyset cursors are made from it


def _row(r: Any) -> OrderRow:
    carrier = r[20] or (codes.resolve(r[17]) or r[17] or None)
    return OrderRow(
        id=r[0],
        order_no=r[1],
        status=r[2],
        buyer_nick=r[3],
        receiver_name=r[4],
        phone=r[5],
        province=r[6],
        city=r[7],
        district=r[8],
        address=r[9],
        items=r[10],
        item_count=r[11],
        amount_fen=r[12],
        buyer_message=r[13],
        seller_memo=r[14],
        ordered_at=_from_db(r[15]),
        paid_at=_from_db(r[16]),
        carrier=carrier,
        waybill_number=r[21] or r[18] or None,
        shipment_id=r[19],
        shipment_status=r[22],
        shop_id=r[23],
        shop_name=r[24] or "",
        phone_ext=r[25],
        merge_group_id=r[27],
    )


def _fill_parcels(session: Session, rows: list[OrderRow]) -> None:
    """A page's parcels: planned and shipped counts of split orders, and a merged order's number
    (its group's one shipment hangs on the group's first order)."""
    ids = ",".join(str(r.id) for r in rows)
    if not ids:
        return
    planned = dict(
        session.execute(
            text(f"SELECT order_id, count(*) FROM order_parcel WHERE order_id IN ({ids}) GROUP BY order_id")
        ).all()
    )
    out = {
        order_id: (count, first)
        for order_id, count, first in session.execute(
            text(
                f"SELECT order_id, count(*), min(id) FROM shipment WHERE cancelled_at IS NULL AND order_id IN ({ids}) "
                "GROUP BY order_id"
            )
        ).all()
    }
    groups = ",".join(str(g) for g in {r.merge_group_id for r in rows if r.merge_group_id})
    by_group = (
        {
            g: rest
            for g, *rest in session.execute(
                text(
                    f"SELECT merge_group_id, id, carrier_code, number, status FROM shipment WHERE cancelled_at IS NULL "
                    f"AND merge_group_id IN ({groups})"
                )
            ).all()
        }
        if groups
        else {}
    )
    firsts = [out[r.id][1] for r in rows if r.shipment_id is None and r.id in out]
    first_of = (
        {
            sid: rest
            for sid, *rest in session.execute(
                text(
                    f"SELECT id, carrier_code, number, status FROM shipment WHERE id IN ({','.join(map(str, firsts))})"
                )
            ).all()
        }
        if firsts
        else {}
    )
    for r in rows:
        r.parcels = planned.get(r.id, 1)
        r.parcels_shipped = out.get(r.id, (0, None))[0]
        found = None
        if r.shipment_id is None and r.merge_group_id in by_group:
            found = by_group[r.merge_group_id]
            r.parcels_shipped = 1
        elif r.shipment_id is None and r.id in out:  # parcel 1 not out yet: show the first that is
            found = [out[r.id][1], *first_of[out[r.id][1]]]
        if found:
            r.shipment_id, r.carrier, r.waybill_number, r.shipment_status = found


@dataclass
class OrderPage:
    """One page of the list. `total` is exact unless `estimated` (then the page says "约 N").
    Unpacks as `rows, total` like the list of old."""

    rows: list[OrderRow]
    total: int
    estimated: bool = False
    next_cursor: str | None = None  # the page after this one (None: this is the last)
    prev_cursor: str | None = None  # the page before (None: this is the first or a numbered page)

    def __iter__(self) -> Iterator[list[OrderRow] | int]:
        return iter((self.rows, self.total))

    def __getitem__(self, index: int) -> list[OrderRow] | int:
        return (self.rows, self.total)[index]


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
        if seek is None and page > 1:
            rows = keyset.offset_rows(
                fetch,
                count,
                column=column,
                id_column="o.id",
                descending=descending,
                offset=(page - 1) * size,
                size=size,
                nullable=nullable,
                fixed=fixed,
            )
            found = keyset.KeysetPage(rows[:size], None, None)
            if len(rows) > size:
                found.next_cursor = _cursor(sort, descending, rows[size - 1])
        else:
            found = keyset.read_page(
                fetch,
                sort=sort,
                descending=descending,
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


def _cursor(sort: str, descending: bool, row: Any) -> str:  # a result row (or a tuple like one)
    return keyset.Cursor(sort, descending, row[SORT_KEY], row[0]).encode()


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
