"""拆单/多包裹: one waiting order sent as several parcels (docs/merge-split.md).

Splitting only writes the plan (`order_parcel`, seq 1..N and what goes in each); shipping it
takes one number per parcel (services/shipping/parcels.py; an e-waybill provider may give one parent
number and child numbers instead, services/ewaybill/issue.py). The order stays `pending` until every
parcel is out — shown as 部分发货 in between — and is `shipped` once the last one is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from sqlmodel import Session

from waybill_ui.clock import utcnow
from waybill_ui.db import Database
from waybill_ui.db.models import Order, OrderParcel, OrderStatus
from waybill_ui.db.rows import row_id
from waybill_ui.events import OrdersChanged, publish
from waybill_ui.services.orders import shops
from waybill_ui.services.accounts import audit
from waybill_ui.services.shipping import parcels as parcel_ship
from waybill_ui.services.common.errors import Conflict, Invalid, NotFound

MAX_PARCELS = 20


@dataclass
class Parcel:
    seq: int
    items: str
    shipment_id: int | None  # live shipment, when this parcel is out
    carrier: str | None
    number: str | None
    status: str | None  # tracking status of that shipment


def _order(session: Session, order_no: str) -> Order:
    found = shops.order_id(session, order_no)  # a number in two shops is refused, never guessed
    order = session.get(Order, found) if found else None
    if order is None:
        raise NotFound("ship.order_not_found", order_no=order_no)
    return order


def split(
    db: Database,
    *,
    order_no: str,
    parcels: int,
    items: list[str] | None = None,
    actor: str,
    now: datetime | None = None,
) -> list[Parcel]:
    """Plan `parcels` parcels for a waiting order (1 = back to one parcel); `items`: what goes in
    each, in order (optional)."""
    if not 1 <= parcels <= MAX_PARCELS:
        raise Invalid("parcels.split_count", max=MAX_PARCELS)
    items = [i.strip()[:300] for i in (items or [])]
    if items and len(items) != parcels:
        raise Invalid("parcels.split_items", count=parcels, given=len(items))
    now = now or utcnow()
    with db.write() as session:
        order = _order(session, order_no)
        if order.status == OrderStatus.shipped:
            raise Conflict("parcels.split_shipped", code="already_shipped", order_no=order_no)
        if order.status != OrderStatus.pending:
            raise Conflict("parcels.merge_not_waiting", code="not_shippable", order_no=order_no)
        if order.merge_group_id is not None:
            raise Conflict("parcels.split_merged", code="already_merged", order_no=order_no)
        order_id = row_id(order)
        if parcel_ship.shipped_parcels(session, order_id):  # some parcels are out: the plan is kept
            raise Conflict("parcels.split_partly_shipped", code="already_shipped", order_no=order_no)
        before = len(parcel_ship.plan_of(session, order_id)) or 1
        session.execute(text("DELETE FROM order_parcel WHERE order_id = :o"), {"o": order_id})
        if parcels > 1:
            for seq in range(1, parcels + 1):
                session.add(
                    OrderParcel(
                        order_id=order_id,
                        seq=seq,
                        items=items[seq - 1] if items else "",
                        created_at=now,
                        created_by=actor,
                    )
                )
        audit.record(
            session,
            actor=actor,
            entity="order",
            entity_id=order_no,
            action="split",
            details={"parcels": parcels, "before": before, **({"items": items} if items else {})},
        )
    publish(OrdersChanged(reason="split", count=1))
    return parcels_of(db, order_no=order_no)


def parcels_of(db: Database, *, order_no: str) -> list[Parcel]:
    """The order's parcels with the number each went out with (one parcel unless split)."""
    with db.read() as session:
        order = _order(session, order_no)
        order_id = row_id(order)
        plan = parcel_ship.plan_of(session, order_id) or {1: ""}
        if order.merge_group_id is not None:
            where, params = "merge_group_id = :g", {"g": order.merge_group_id}
        else:
            where, params = "order_id = :o", {"o": order_id}
        live = {
            seq: (sid, carrier, number, status)
            for sid, seq, carrier, number, status in session.execute(
                text(
                    f"SELECT id, parcel_seq, carrier_code, number, status FROM shipment WHERE {where} "
                    "AND cancelled_at IS NULL"
                ),
                params,
            ).all()
        }
    return [Parcel(seq, items, *live.get(seq, (None, None, None, None))) for seq, items in sorted(plan.items())]
