"""合并订单: waiting orders of one buyer and one address packed as ONE parcel (docs/merge-split.md).

`merge_key` is the one rule for "same buyer, same address"; suggestions, the 可合并 marker and
the merge itself all use it. Merging only writes `orders.merge_group_id` (conditional update:
an order joins at most one group); shipping a group is services/shipping/parcels.py. A group is
dissolved again (unmerge) as long as none of its orders is shipped."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Row, text
from sqlmodel import Session

from waybill_ui.clock import utcnow
from waybill_ui.db import Database
from waybill_ui.db.models import MergeGroup, Order, OrderStatus
from waybill_ui.db.rows import changed_rows, must_get, row_id
from waybill_ui.events import OrdersChanged, publish
from waybill_ui.services.orders import shops
from waybill_ui.services.accounts import audit
from waybill_ui.services.orders import address_check as order_address
from waybill_ui.services.shipping import parcels as parcel_ship
from waybill_ui.services.common.errors import Conflict, Invalid, NotFound

if TYPE_CHECKING:
    from waybill_ui.services.orders.listing import OrderRow

MAX_ORDERS = 50  # orders in one parcel: more is a wholesale shipment, not a merge
_EXTENSION_MARKS = str.maketrans({"转": "-", "#": "-", ",": "-", "，": "-", "—": "-", "－": "-"})


def _plain(value: str | None) -> str:
    """Full-width → half-width, no spaces, lower case: "浙江省 杭州市" and "浙江省杭州市" are one address."""
    return "".join(unicodedata.normalize("NFKC", value or "").split()).lower()


def _phone(value: str | None) -> str:
    """Digits with the extension kept apart: "138-0013-8000" → 13800138000, "13800138000转123" and
    "13800138000-123" → 13800138000-123 (a last dash group after a whole number is the extension)."""
    raw = _plain(value).translate(_EXTENSION_MARKS)
    main, extension = raw, ""
    if "-" in raw:
        *head, last = raw.split("-")
        whole = "".join(head)
        main, extension = (whole, last) if len(whole) >= 10 and 0 < len(last) <= 6 else (raw.replace("-", ""), "")
    digits = "".join(ch for ch in main if ch.isdigit() or ch == "*")
    return f"{digits}-{extension}" if extension else digits


def merge_key(order: Any) -> tuple[str, ...]:  # duck-typed: an Order or a candidate row
    """Same shop, same buyer, same receiver, same address: orders with equal keys may share one
    parcel (two shops' orders never do: each shop ships back its own orders)."""
    return (
        str(order.shop_id),
        _plain(order.buyer_nick),
        _plain(order.receiver_name),
        _phone((order.phone or "") + (f"-{order.phone_ext}" if getattr(order, "phone_ext", "") else "")),
        _phone(getattr(order, "landline", "")),
        _plain(order.province),
        _plain(order.city),
        _plain(order.district),
        _plain(order.address),
    )


def _digest(key: tuple[str, ...]) -> str:
    return hashlib.sha256("\x1f".join(key).encode()).hexdigest()


@dataclass
class Suggestion:
    order_ids: list[int]
    order_nos: list[str]
    receiver_name: str
    phone: str
    address: str  # province city district detail, for the list
    items: list[str]


_CANDIDATE_COLUMNS = (
    "id, order_no, buyer_nick, receiver_name, phone, landline, province, city, district, address, "
    "items, item_count, shop_id, phone_ext"
)
# waiting, not merged, not split, no parcel out, a usable address (each NOT EXISTS is one index probe)
_WAITING = (
    "status = 'pending' AND merge_group_id IS NULL "
    "AND NOT EXISTS (SELECT 1 FROM order_parcel p WHERE p.order_id = orders.id) "
    "AND NOT EXISTS (SELECT 1 FROM shipment s WHERE s.order_id = orders.id AND s.cancelled_at IS NULL) "
    f"AND {order_address.complete_sql()}"
)


def _groups(rows: Iterable[Row[Any]]) -> list[list[Row[Any]]]:
    by_key: dict[tuple[str, ...], list[Row[Any]]] = {}
    for row in rows:
        by_key.setdefault(merge_key(row), []).append(row)
    return [sorted(g, key=lambda r: r.id) for g in by_key.values() if len(g) > 1]


def _candidates(session: Session, phones: list[str] | None = None) -> list[Row[Any]]:
    """Waiting orders that could share a parcel. Equal keys need equal (raw) phones, so one
    GROUP BY over the phone narrows 100,000 waiting orders to the few with a twin before Python
    compares full keys."""
    if phones is None:
        twins = session.execute(
            text(f"SELECT phone, landline FROM orders WHERE {_WAITING} GROUP BY phone, landline HAVING count(*) > 1")
        ).all()
        phones = sorted({p for p, _ in twins})
    rows: list[Row[Any]] = []
    for start in range(0, len(phones), 500):
        part = phones[start : start + 500]
        marks = ", ".join(f":p{i}" for i in range(len(part)))
        # by the phone index first, then the waiting checks on those few rows (asked in one go,
        # SQLite would rather walk the status index over every waiting order)
        ids = (
            session.execute(
                text(f"SELECT id FROM orders WHERE phone IN ({marks})"), {f"p{i}": p for i, p in enumerate(part)}
            )
            .scalars()
            .all()
        )
        if ids:
            rows += session.execute(
                text(
                    f"SELECT {_CANDIDATE_COLUMNS} FROM orders WHERE id IN "
                    f"({','.join(str(int(i)) for i in ids)}) AND {_WAITING}"
                )
            ).all()
    return rows


def suggestions(db: Database, *, page: int = 1, size: int = 50) -> tuple[list[Suggestion], int]:
    """Groups of waiting orders that could go out as one parcel, biggest first, paged."""
    with db.read() as session:
        groups = _groups(_candidates(session))
    groups.sort(key=lambda g: (-len(g), g[0].id))
    total = len(groups)
    size = max(1, min(size, 200))
    out = [
        Suggestion(
            [r.id for r in g],
            [r.order_no for r in g],
            g[0].receiver_name,
            g[0].phone or g[0].landline,
            " ".join(p for p in (g[0].province, g[0].city, g[0].district, g[0].address) if p),
            [f"{r.items} ×{r.item_count}" for r in g],
        )
        for g in groups[(max(1, page) - 1) * size : max(1, page) * size]
    ]
    return out, total


def mergeable_ids(db: Database, *, phones: list[str] | None = None) -> set[int]:
    """Ids of waiting orders with a twin to merge with (all of them, or among these phones)."""
    if phones is not None and not phones:
        return set()
    with db.read() as session:
        return {r.id for g in _groups(_candidates(session, phones)) for r in g}


def mergeable_among(db: Database, rows: Iterable[OrderRow]) -> set[int]:
    """Which of a page's order rows (services/orders/listing.OrderRow) have a twin to merge with: the 可合并 marker."""
    waiting = [r for r in rows if r.status == OrderStatus.pending and not r.merge_group_id]
    phones = sorted({r.phone for r in waiting if r.phone})
    return mergeable_ids(db, phones=phones) & {r.id for r in waiting}


def _refuse(order: Order) -> None:
    if order.status == OrderStatus.shipped:
        raise Conflict("parcels.merge_shipped", code="already_shipped", order_no=order.order_no)
    if order.status != OrderStatus.pending or order.after_sale:
        raise Conflict("parcels.merge_not_waiting", code="not_shippable", order_no=order.order_no)
    if order.merge_group_id is not None:
        raise Conflict(
            "parcels.already_merged", code="already_merged", order_no=order.order_no, group=order.merge_group_id
        )
    if not order_address.of(order):
        raise Conflict("parcels.merge_needs_address", code="needs_address", order_no=order.order_no)


def merge(db: Database, *, order_nos: list[str], actor: str, now: datetime | None = None) -> int:
    """One parcel for these waiting orders of one buyer and address → the merge group's id."""
    nos = list(dict.fromkeys(n.strip() for n in order_nos if n and n.strip()))
    if len(nos) < 2:
        raise Invalid("parcels.merge_need_two")
    if len(nos) > MAX_ORDERS:
        raise Invalid("parcels.merge_too_many", count=MAX_ORDERS)
    now = now or utcnow()
    with db.write() as session:
        orders: list[Order] = []
        for no in nos:
            found = shops.order_id(session, no)  # a number in two shops is refused, never guessed
            if found is None:
                raise NotFound("ship.order_not_found", order_no=no)
            orders.append(must_get(session, Order, found))
        orders.sort(key=row_id)
        for order in orders:
            _refuse(order)
            if parcel_ship.plan_of(session, row_id(order)):
                raise Conflict("parcels.merge_split", code="already_split", order_no=order.order_no)
            if parcel_ship.shipped_parcels(session, row_id(order)):
                raise Conflict("parcels.merge_shipped", code="already_shipped", order_no=order.order_no)
        key = merge_key(orders[0])
        for order in orders[1:]:
            if merge_key(order) != key:
                raise Invalid(
                    "parcels.merge_mismatch", code="not_same_buyer", first=orders[0].order_no, other=order.order_no
                )
        group = MergeGroup(merge_key=_digest(key), created_at=now, created_by=actor)
        session.add(group)
        session.flush()
        ids = ",".join(str(o.id) for o in orders)
        joined = changed_rows(
            session.execute(
                text(
                    f"UPDATE orders SET merge_group_id = :g, updated_at = :now WHERE id IN ({ids}) "
                    "AND merge_group_id IS NULL AND status = 'pending'"
                ),
                {"g": group.id, "now": _stamp(now)},
            )
        )
        if joined != len(orders):  # someone merged or shipped one of them meanwhile
            raise Conflict("parcels.merge_raced", code="conflict")
        for order in orders:
            audit.record(
                session,
                actor=actor,
                entity="order",
                entity_id=order.order_no,
                action="merge",
                details={"merge_group_id": group.id, "orders": [o.order_no for o in orders]},
            )
        group_id = row_id(group)
    publish(OrdersChanged(reason="merge", count=len(orders)))
    return group_id


def _stamp(now: datetime) -> str:
    from waybill_ui.services.orders.listing import utc_text

    return utc_text(now)


def unmerge(db: Database, *, order_no: str, actor: str, now: datetime | None = None) -> list[str]:
    """Dissolve the merge group `order_no` is in (before shipping) → the orders that were in it."""
    now = now or utcnow()
    with db.write() as session:
        found = shops.order_id(session, order_no)
        order = session.get(Order, found) if found else None
        if order is None:
            raise NotFound("ship.order_not_found", order_no=order_no)
        if order.merge_group_id is None:
            raise Conflict("parcels.not_merged", code="not_merged", order_no=order_no)
        group_id = order.merge_group_id
        members = parcel_ship.group_members(session, group_id)
        live = session.execute(
            text("SELECT number FROM shipment WHERE merge_group_id = :g AND cancelled_at IS NULL"), {"g": group_id}
        ).scalar()
        if live or any(m.status == OrderStatus.shipped for m in members):
            raise Conflict("parcels.unmerge_shipped", code="already_shipped", order_no=order_no, number=live or "")
        session.execute(
            text("UPDATE orders SET merge_group_id = NULL, updated_at = :now WHERE merge_group_id = :g"),
            {"g": group_id, "now": _stamp(now)},
        )
        for member in members:
            audit.record(
                session,
                actor=actor,
                entity="order",
                entity_id=member.order_no,
                action="unmerge",
                details={"merge_group_id": group_id},
            )
        nos = [m.order_no for m in members]
    publish(OrdersChanged(reason="unmerge", count=len(nos)))
    return nos


def group_of(db: Database, *, order_no: str) -> list[str]:
    """The order numbers sharing a parcel with `order_no` (itself included; [] when not merged)."""
    with db.read() as session:
        found = shops.find_order(session, order_no)
        group = found.merge_group_id if found else None
        if group is None:
            return []
        return list(
            session.execute(
                text("SELECT order_no FROM orders WHERE merge_group_id = :g ORDER BY id"), {"g": group}
            ).scalars()
        )
