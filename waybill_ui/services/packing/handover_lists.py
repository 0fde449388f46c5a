"""The lists around the courier handover, paged on the server: the parcels still on the shelf at
the end of a day (shipped, never handed over, not picked up), past handovers, and the check of
one scanned parcel before it joins a handover (services/packing/handover.py records it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlmodel import col

from waybill_ui.carriers import codes
from waybill_ui.db import Database
from waybill_ui.db.models import Handover, Order, Shipment
from waybill_ui.clock import SHANGHAI, utcnow
from waybill_ui.services.common.errors import Conflict, Invalid, NotFound

PAGE_MAX = 500  # the API's largest page (api/paging.py)


@dataclass
class LeftParcel:
    carrier: str
    number: str
    order_no: str
    shipped_at: datetime
    packed: bool


@dataclass
class HandoverRow:
    id: int
    carrier: str
    count: int
    created_at: datetime
    created_by: str


def end_of_day(day: date | None = None, *, now: datetime | None = None) -> datetime:
    """The end of a shop day (Asia/Shanghai) as a UTC moment; today when no day is given."""
    day = day or (now or utcnow()).astimezone(SHANGHAI).date()
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=SHANGHAI)


def _limit(limit: int) -> int:
    return max(1, min(int(limit), PAGE_MAX))


def left_over(
    db: Database,
    *,
    day: date | None = None,
    carrier: str | None = None,
    offset: int = 0,
    limit: int = 50,
    now: datetime | None = None,
) -> tuple[list[LeftParcel], int]:
    """Parcels shipped by the end of `day`, never handed to a courier and not picked up (oldest
    first), one page of them and how many there are."""
    conds = [
        col(Shipment.handover_id).is_(None),
        col(Shipment.cancelled_at).is_(None),
        col(Shipment.picked_up_at).is_(None),
        col(Shipment.shipped_at) < end_of_day(day, now=now),
    ]
    if carrier:
        code = codes.resolve(carrier)
        if code is None:
            raise Invalid("ship.unknown_carrier", carrier=carrier)
        conds.append(col(Shipment.carrier_code) == code)
    with db.read() as session:
        total = session.execute(select(func.count()).select_from(Shipment).where(*conds)).scalar_one()
        rows = session.execute(
            select(
                col(Shipment.carrier_code),
                col(Shipment.number),
                col(Order.order_no),
                col(Shipment.shipped_at),
                col(Shipment.packed_at),
            )
            .join(Order, col(Order.id) == col(Shipment.order_id))
            .where(*conds)
            .order_by(col(Shipment.shipped_at), col(Shipment.id))
            .offset(max(0, int(offset)))
            .limit(_limit(limit))
        ).all()
    return [LeftParcel(c, n, o, s, p is not None) for c, n, o, s, p in rows], int(total)


def recent(db: Database, *, offset: int = 0, limit: int = 20) -> tuple[list[HandoverRow], int]:
    """Past handovers, newest first."""
    with db.read() as session:
        total = session.execute(select(func.count()).select_from(Handover)).scalar_one()
        rows = session.execute(
            select(
                col(Handover.id),
                col(Handover.carrier_code),
                col(Handover.count),
                col(Handover.created_at),
                col(Handover.created_by),
            )
            .order_by(col(Handover.id).desc())
            .offset(max(0, int(offset)))
            .limit(_limit(limit))
        ).all()
    return [HandoverRow(*r) for r in rows], int(total)


def check_parcel(db: Database, *, carrier: str, number: str) -> str:
    """One scanned parcel, before it joins the handover list: its number when it is a shipped,
    live parcel of this carrier not yet handed over; else the reason (the record re-checks all)."""
    code = codes.resolve(carrier)
    if code is None:
        raise Invalid("ship.unknown_carrier", carrier=carrier)
    number = (number or "").strip()
    if not number:
        raise Invalid("handover.empty")
    with db.read() as session:
        row = session.execute(
            select(col(Shipment.carrier_code), col(Shipment.handover_id)).where(
                col(Shipment.number) == number, col(Shipment.cancelled_at).is_(None)
            )
        ).first()
    if row is None:
        raise NotFound("handover.unknown", code="not_shipped", number=number)
    if row.carrier_code != code:
        raise Conflict(
            "handover.other_carrier", code="other_carrier", number=number, carrier=codes.name_of(row.carrier_code)
        )
    if row.handover_id is not None:
        raise Conflict("handover.twice", code="handed_over", number=number)
    return number
