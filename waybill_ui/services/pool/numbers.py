"""单号列表: the pool's numbers one page at a time, and one number's page (单号详情).

The list is what the pool page, the JSON API and the CSV export (services/pool/export.py) read:
filtered, sorted on the server and paged by keyset (db/keyset.py), so a page of a million numbers
costs the same at any depth. A number shows with the status the stock counts give it
(services/pool/stock.py): an available number past its `expires_at` is listed and filtered as
expired even before the daily expiry job has marked it.

One number's page gathers what is known about a number: its pool row, every shipment that used
it, where the duplicate guard knows it from (services/pool/known.py) and its history
(services/pool/history.py); a number only seen in an order export has a page too.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy import Integer, Row, Select, TextClause, bindparam, func, literal_column, or_, select, text
from sqlalchemy.orm import Mapped
from sqlmodel import Session, col

from waybill_ui.carriers import codes
from waybill_ui.carriers.formats import clean
from waybill_ui.clock import utcnow
from waybill_ui.db import Database, keyset
from waybill_ui.db.models import Order, Shipment, Waybill
from waybill_ui.db.rows import chunks_by_id, row_id
from waybill_ui.services.common.errors import Invalid, NotFound
from waybill_ui.services.pool import history as pool_audit
from waybill_ui.services.pool.known import KnownNumber, known_numbers
from waybill_ui.services.pool.stock import past, usable

STATUSES = ("available", "used", "voided", "expired", "refunded")
ORIGINS = ("purchase", "imported", "manual", "external")


# --- the number list ---------------------------------------------------------------------------


@dataclass
class NumberFilter:
    carrier: str | None = None
    status: str | None = None
    origin: str | None = None
    expires_from: datetime | None = None
    expires_to: datetime | None = None
    q: str | None = None  # part of a number


SORTS: dict[str, Mapped[Any]] = {
    "number": col(Waybill.number),
    "expires_at": col(Waybill.expires_at),
    "created_at": col(Waybill.created_at),
    "carrier": col(Waybill.carrier_code),
    "status": col(Waybill.status),
}


def _where(f: NumberFilter, now: datetime) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if f.carrier:
        conds.append(col(Waybill.carrier_code) == f.carrier)
    if f.status == "available":
        conds.append(usable(now))
    elif f.status == "expired":
        conds.append(or_(col(Waybill.status) == "expired", past(now)))
    elif f.status:
        conds.append(col(Waybill.status) == f.status)
    if f.origin:
        conds.append(col(Waybill.origin) == f.origin)
    if f.expires_from:
        conds.append(col(Waybill.expires_at) >= f.expires_from)
    if f.expires_to:
        conds.append(col(Waybill.expires_at) <= f.expires_to)
    if f.q:
        needle = clean(f.q).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conds.append(col(Waybill.number).like(f"%{needle}%", escape="\\"))
    return conds


def effective_status(status: str, expires_at: datetime | None, now: datetime) -> str:
    return "expired" if status == "available" and expires_at is not None and expires_at <= now else status


def _row(w: Waybill, now: datetime, shipments: dict[int, tuple[str, datetime]]) -> dict[str, Any]:
    ship = shipments.get(row_id(w))
    return {
        "id": w.id,
        "carrier": w.carrier_code,
        "number": w.number,
        "status": effective_status(w.status, w.expires_at, now),
        "origin": w.origin,
        "expires_at": w.expires_at,
        "created_at": w.created_at,
        "purchase_id": w.purchase_id,
        "cost_fen": w.cost_fen,
        "recycled_at": w.recycled_at,
        "held": bool(w.reserved_until and w.reserved_until > now and w.status == "available"),
        "order_no": ship[0] if ship else None,
        "shipped_at": ship[1] if ship else None,
    }


def shipments_of(session: Session, waybill_ids: list[int]) -> dict[int, tuple[str, datetime]]:
    """(order no, shipped at) of the shipment each number went out with."""
    if not waybill_ids:
        return {}
    rows = session.execute(
        select(col(Shipment.waybill_id), col(Order.order_no), col(Shipment.shipped_at))
        .join(Order, col(Order.id) == col(Shipment.order_id))
        .where(col(Shipment.waybill_id).in_(waybill_ids))
    ).all()
    return {wid: (order_no, shipped_at) for wid, order_no, shipped_at in rows}


def spent_shipments(session: Session, rows: Sequence[Waybill]) -> dict[int, tuple[str, datetime]]:
    """`shipments_of` for the used and voided numbers among `rows` (only those went out)."""
    return shipments_of(session, [row_id(w) for w in rows if w.status in ("used", "voided")])


@dataclass
class NumberPage:
    """One page of numbers; `total` exact unless `estimated` ("约 N"). Unpacks as `rows, total`."""

    rows: list[dict[str, Any]]
    total: int
    estimated: bool = False
    next_cursor: str | None = None
    prev_cursor: str | None = None

    def __iter__(self) -> Iterator[list[dict[str, Any]] | int]:
        return iter((self.rows, self.total))

    def __getitem__(self, index: int) -> list[dict[str, Any]] | int:
        return (self.rows, self.total)[index]


_SORT_SQL = {
    "number": "number",
    "expires_at": "expires_at",
    "created_at": "created_at",
    "carrier": "carrier_code",
    "status": "status",
}


def list_numbers(
    db: Database,
    *,
    filters: NumberFilter | None = None,
    page: int = 1,
    size: int = 50,
    sort: str = "expires_at",
    descending: bool = False,
    cursor: str | None = None,
    now: datetime | None = None,
) -> NumberPage:
    """One page of numbers matching the filters: after/before `cursor` (keyset, same cost at any
    depth, db/keyset.py) or page number `page` (OFFSET), and how many match in all."""
    f, now = filters or NumberFilter(), now or utcnow()
    conds = _where(f, now)
    sort = sort if sort in _SORT_SQL else "expires_at"
    column, nullable = f"waybill.{_SORT_SQL[sort]}", sort == "expires_at"
    # sorted by the very column the filter holds to one value (every row ties: db/keyset.segments);
    # "expired" is two stored statuses, so not held
    fixed = (sort == "carrier" and bool(f.carrier)) or (sort == "status" and f.status not in (None, "", "expired"))
    try:
        seek = keyset.Cursor.decode(cursor, sort=sort, descending=descending) if cursor else None
    except keyset.BadCursor as exc:
        raise Invalid("pool.bad_cursor") from exc

    def bound(segment: keyset.Segment) -> TextClause:
        """The segment's clause with its values typed as the sort column (a time as a time)."""
        params = dict(segment.params)
        if "ks_v" in params and sort in ("expires_at", "created_at") and isinstance(params["ks_v"], str):
            params["ks_v"] = datetime.fromisoformat(params["ks_v"]).replace(tzinfo=timezone.utc)
        typed = [
            bindparam(k, v, type_=getattr(Waybill, _SORT_SQL[sort]).type if k == "ks_v" else Integer())
            for k, v in params.items()
        ]
        return text(segment.where).bindparams(*typed)

    def query(segment: keyset.Segment) -> Select[Waybill, Any]:
        extra = []
        if f.status == "available" and sort == "expires_at" and segment.where.startswith(f"{column} IS NOT NULL"):
            # the dated run of the usable numbers: "not expired" as the range it is there, which
            # both planners read from (status, expires_at, id); left as "NULL or later than now"
            # PostgreSQL read every dated available number (545,000) to find the page
            extra.append(col(Waybill.expires_at) > now)
        return (
            select(Waybill, literal_column(column))
            .where(*conds, *extra, bound(segment))
            .order_by(text(segment.order_by))
        )

    def fetch(segment: keyset.Segment, limit: int, offset: int = 0) -> Sequence[Row[Waybill, Any]]:
        return session.execute(query(segment).offset(offset).limit(limit)).all()

    def count(segment: keyset.Segment) -> int:
        inner = select(col(Waybill.id)).where(*conds, bound(segment))
        return int(session.execute(select(func.count()).select_from(inner.subquery())).scalar_one())

    def counter(extra: str, extra_params: dict[str, Any], limit: int | None) -> int:
        inner = select(col(Waybill.id)).where(*conds, *([text(extra).bindparams(**extra_params)] if extra else []))
        inner = inner.limit(limit) if limit else inner
        return int(session.execute(select(func.count()).select_from(inner.subquery())).scalar_one())

    def sort_key(r: Any) -> tuple[object, int]:
        return r[1], r[0].id

    with db.read() as session:
        total, estimated = keyset.estimated_count(session, counter, table="waybill", id_column="waybill.id")
        found = keyset.list_page(
            fetch,
            count,
            sort=sort,
            descending=descending,
            page=page,
            cursor=seek,
            size=size,
            key=sort_key,
            column=column,
            id_column="waybill.id",
            nullable=nullable,
            fixed=fixed,
        )
        rows = [r[0] for r in found.rows]
        ships = spent_shipments(session, rows)
    return NumberPage([_row(w, now, ships) for w in rows], total, estimated, found.next_cursor, found.prev_cursor)


def iter_numbers(
    db: Database, *, filters: NumberFilter | None = None, now: datetime | None = None, chunk: int = 5000
) -> Iterator[dict[str, Any]]:
    """Every matching number, in chunks (exports)."""
    f, now = filters or NumberFilter(), now or utcnow()
    for rows, ships in chunks_by_id(db, Waybill, _where(f, now), chunk=chunk, with_each=spent_shipments):
        yield from (_row(w, now, ships) for w in rows)


# --- one number --------------------------------------------------------------------------------


@dataclass
class NumberDetail:
    carrier: str
    number: str
    row: dict[str, Any] | None  # the pool row (as in the list), None when only seen in an order export
    shipments: list[dict[str, Any]]  # every shipment that used it (a cancelled one keeps its voided number)
    known: list[KnownNumber]
    history: list[dict[str, Any]]  # audit rows, oldest first


def number_detail(db: Database, *, carrier: str, number: str, now: datetime | None = None) -> NumberDetail:
    now, number = now or utcnow(), clean(number)
    with db.read() as session:
        w = session.execute(
            select(Waybill).where(col(Waybill.carrier_code) == carrier, col(Waybill.number) == number)
        ).scalar()
        ships = (
            []
            if w is None
            else [
                {
                    "id": s.id,
                    "order_no": o.order_no,
                    "shipped_at": s.shipped_at,
                    "status": s.status,
                    "cancelled_at": s.cancelled_at,
                    "cancel_reason": s.cancel_reason,
                    "printed_count": s.printed_count,
                }
                for s, o in session.execute(
                    select(Shipment, Order)
                    .join(Order, col(Order.id) == col(Shipment.order_id))
                    .where(Shipment.waybill_id == w.id)
                    .order_by(col(Shipment.shipped_at))
                )
            ]
        )
        known = known_numbers(session, [number], carrier=carrier).get(number, [])
        history = pool_audit.history_in(session, carrier=carrier, number=number, waybill_id=w.id if w else None)
        row = None if w is None else _row(w, now, shipments_of(session, [w.id]))
    if row is None and not known and not history:
        raise NotFound("pool.not_found", carrier=codes.name_of(carrier), number=number)
    return NumberDetail(carrier, number, row, ships, known, history)
