"""订单列表: orders paged, sorted, filtered and searched in SQL (100,000 orders, ≤ 150 ms a page).

Search looks at the starts of the order number, buyer nick, recipient and phone (index range
scans), the last four digits of a phone, and exact waybill numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import text
from typing import Any

from waybill_ui.carriers import codes, geo
from waybill_ui.db import Database
from waybill_ui.db.models import Order, OrderStatus
from waybill_ui.clock import SHANGHAI
from waybill_ui.services.orders import address_check as order_address
from waybill_ui.services.common.errors import Invalid, NotFound

STATUSES = tuple(s.value for s in OrderStatus)
SORTS = {"ordered_at": "o.ordered_at", "paid_at": "o.paid_at", "amount": "o.amount_fen", "order_no": "o.order_no",
         "province": "o.province", "receiver": "o.receiver_name", "status": "o.status"}
_HIGH = "\U0010ffff"  # sorts after every character: [q, q+_HIGH) is "starts with q"


def utc_text(moment: datetime) -> str:
    """A time as UTCDateTime stores it on SQLite, for comparisons in raw SQL."""
    return moment.astimezone(timezone.utc).replace(tzinfo=None).isoformat(" ", "microseconds")


def _from_db(value: str | datetime | None) -> datetime | None:
    """A stored UTC time from raw SQL: text on SQLite, a naive datetime on PostgreSQL."""
    if not value:
        return None
    return (value if isinstance(value, datetime) else datetime.fromisoformat(value)).replace(tzinfo=timezone.utc)


def _live_shipment(condition: str) -> str:
    """Orders with a live (not cancelled) shipment meeting `condition` (SQL on the shipment table)."""
    return f"o.id IN (SELECT order_id FROM shipment WHERE {condition} AND cancelled_at IS NULL)"


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

    def where(self) -> tuple[list[str], dict[str, Any]]:
        clauses, params = [], {}
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
            clauses.append(f"({_live_shipment('carrier_code = :carrier')} OR o.external_carrier IN ({marks}))")
        if self.unprinted:
            clauses.append(_live_shipment("printed_count = 0"))
        if self.needs_address:
            clauses.append(f"o.status = 'pending' AND NOT {order_address.complete_sql('o')}")
        q = (self.q or "").strip()
        if q:
            # One indexed lookup per field, united: SQLite's planner would rather scan 100,000 rows
            # than combine six OR-ed range conditions.
            params.update(q=q, q_high=q + _HIGH)
            parts = [f"SELECT id FROM orders WHERE {c} >= :q AND {c} < :q_high"
                     for c in ("order_no", "buyer_nick", "receiver_name", "phone")]
            parts.append("SELECT order_id FROM shipment WHERE number = :q")
            parts.append("SELECT id FROM orders WHERE external_number = :q")
            if len(q) == 4 and q.isdigit():  # the last four digits of a phone, as buyers quote them
                parts.append("SELECT id FROM orders WHERE phone LIKE :q_tail")
                params["q_tail"] = "%" + q
            clauses.append("o.id IN (" + " UNION ALL ".join(parts) + ")")
        return clauses, params


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


_SELECT = """
SELECT o.id, o.order_no, o.status, o.buyer_nick, o.receiver_name, o.phone, o.province, o.city, o.district, o.address,
       o.items, o.item_count, o.amount_fen, o.buyer_message, o.seller_memo, o.ordered_at, o.paid_at,
       o.external_carrier, o.external_number, s.id, s.carrier_code, s.number, s.status
FROM orders o LEFT JOIN shipment s ON s.order_id = o.id AND s.cancelled_at IS NULL
"""


def _row(r: Any) -> OrderRow:
    carrier = r[20] or (codes.resolve(r[17]) or r[17] or None)
    return OrderRow(id=r[0], order_no=r[1], status=r[2], buyer_nick=r[3], receiver_name=r[4], phone=r[5],
                    province=r[6], city=r[7], district=r[8], address=r[9], items=r[10], item_count=r[11],
                    amount_fen=r[12], buyer_message=r[13], seller_memo=r[14], ordered_at=_from_db(r[15]),
                    paid_at=_from_db(r[16]), carrier=carrier, waybill_number=r[21] or r[18] or None,
                    shipment_id=r[19], shipment_status=r[22])


def list_orders(db: Database, *, filters: OrderFilter, sort: str = "ordered_at", descending: bool = True,
                page: int = 1, size: int = 50) -> tuple[list[OrderRow], int]:
    clauses, params = filters.where()
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    order_by = SORTS.get(sort, SORTS["ordered_at"])
    direction = "DESC" if descending else "ASC"
    params.update(limit=max(1, min(size, 500)), offset=max(0, page - 1) * max(1, min(size, 500)))
    with db.read() as session:
        total: int = session.execute(text(f"SELECT count(*) FROM orders o{where}"), params).scalar_one()
        rows = session.execute(text(f"{_SELECT}{where} ORDER BY {order_by} {direction}, o.id {direction} "
                                    "LIMIT :limit OFFSET :offset"), params).all()
    return [_row(r) for r in rows], total


def matching_ids(db: Database, *, filters: OrderFilter) -> list[int]:
    """Every order the filter matches ("select all 3,412 matching")."""
    clauses, params = filters.where()
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    with db.read() as session:
        return list(session.execute(text(f"SELECT o.id FROM orders o{where} ORDER BY o.id"), params).scalars())


def get_order(db: Database, *, order_no: str | None = None, order_id: int | None = None) -> Order:
    with db.read() as session:
        if order_id is not None:
            order = session.get(Order, order_id)
        else:
            order = session.execute(text("SELECT id FROM orders WHERE order_no = :no"), {"no": order_no}).scalar()
            order = session.get(Order, order) if order else None
        if order is None:
            raise NotFound("ship.order_not_found", order_no=order_no or order_id)
        return order


def order_nos(db: Database, *, ids: list[int]) -> list[str]:
    out: list[str] = []
    with db.read() as session:
        for start in range(0, len(ids), 900):
            part = ids[start:start + 900]
            marks = ",".join(str(int(i)) for i in part)
            out += session.execute(text(f"SELECT order_no FROM orders WHERE id IN ({marks})")).scalars().all()
    return out


def provinces_present(db: Database) -> list[str]:
    with db.read() as session:
        found = set(session.execute(text("SELECT DISTINCT province FROM orders WHERE province != ''")).scalars())
    return [p for p in geo.PROVINCES if p in found]


def count_by_status(db: Database) -> dict[str, int]:
    with db.read() as session:
        return dict(session.execute(text("SELECT status, count(*) FROM orders GROUP BY status")).all())
