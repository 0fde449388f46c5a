"""退货 / 退回: a parcel coming back to the shop. A record is opened automatically when tracking
shows the parcel refused (拒签), returning (退回中) or returned (退签), or when an interception
back to the sender succeeds (services/aftership/interception.py); the seller marks it received when it is
back on the shelf, and the order's after-sale state follows:

    orders.after_sale  ''  →  'returning' (record open)  →  'returned' (received)

One record per shipment (a unique constraint), so sweeping again opens nothing twice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlmodel import Session, col
from typing import Any

from typing import TYPE_CHECKING
from waybill_ui.events import ReturnsChanged, emit
from waybill_ui.db import Database
from waybill_ui.db.models import Order, ReturnRecord, Shipment
from waybill_ui.db.rows import changed_rows, row_id
from waybill_ui.clock import utcnow
from waybill_ui.services.accounts import audit
from waybill_ui.services.common.errors import Conflict, Invalid, NotFound

if TYPE_CHECKING:  # annotations only
    from waybill_ui.services.reports.tables import Period, Table

COMING_BACK = ("refused", "returning", "returned")
REASONS = (*COMING_BACK, "intercepted")
STATUSES = ("open", "received")


def open_for(session: Session, *, shipments: list[Shipment], reason: str | None, actor: str, now: datetime) -> int:
    """Open a record for each shipment that has none yet (reason: the shipment's status unless given)."""
    if not shipments:
        return 0
    ids = [s.id for s in shipments]
    have = set(
        session.execute(select(col(ReturnRecord.shipment_id)).where(col(ReturnRecord.shipment_id).in_(ids))).scalars()
    )
    fresh = [s for s in shipments if s.id not in have]
    if not fresh:
        return 0
    provinces = dict(
        session.execute(
            select(col(Order.id), col(Order.province)).where(col(Order.id).in_([s.order_id for s in fresh]))
        ).all()
    )
    for s in fresh:
        record = ReturnRecord(
            shipment_id=row_id(s),
            order_id=s.order_id,
            carrier_code=s.carrier_code,
            province=provinces.get(s.order_id) or "",
            reason=reason or s.status,
            return_number=s.number,
            opened_at=now,
        )
        session.add(record)
    session.execute(
        update(Order)
        .where(col(Order.id).in_([s.order_id for s in fresh]), col(Order.after_sale) == "")
        .values(after_sale="returning")
    )
    session.flush()
    audit.record(
        session,
        actor=actor,
        entity="return",
        entity_id=",".join(str(s.id) for s in fresh[:50]),
        action="open",
        details={"shipments": len(fresh), "reason": reason or "tracking"},
    )
    emit(session, ReturnsChanged(opened=len(fresh)))
    return len(fresh)


def sweep(db: Database, *, now: datetime | None = None, limit: int = 2000) -> int:
    """Open records for refused/returning/returned parcels that have none. Returns how many."""
    now = now or utcnow()
    query = (
        select(Shipment)
        .where(
            col(Shipment.status).in_(COMING_BACK),
            col(Shipment.cancelled_at).is_(None),
            ~select(col(ReturnRecord.id)).where(col(ReturnRecord.shipment_id) == col(Shipment.id)).exists(),
        )
        .limit(limit)
    )
    with db.write() as session:
        found = list(session.execute(query).scalars())
        return open_for(session, shipments=found, reason=None, actor="job:returns", now=now)


def mark_received(
    db: Database, *, return_id: int, actor: str, note: str = "", now: datetime | None = None
) -> ReturnRecord:
    """The parcel is back: the record closes and the order's after-sale state becomes 'returned'."""
    now = now or utcnow()
    with db.write() as session:
        record = session.get(ReturnRecord, return_id)
        if record is None:
            raise NotFound("returns.not_found", id=return_id)
        changed = changed_rows(
            session.execute(
                update(ReturnRecord)
                .where(col(ReturnRecord.id) == return_id, col(ReturnRecord.status) == "open")
                .values(status="received", received_at=now, received_by=actor, note=note[:300])
            )
        )
        if not changed:
            raise Conflict("returns.already_received", id=return_id, code="already_received")
        session.execute(update(Order).where(col(Order.id) == record.order_id).values(after_sale="returned"))
        audit.record(
            session,
            actor=actor,
            entity="return",
            entity_id=return_id,
            action="received",
            from_status="open",
            to_status="received",
            details={"note": note[:300]},
        )
        emit(session, ReturnsChanged(received=1))
        session.refresh(record)
        return record


def list_returns(
    db: Database, *, status: str | None = None, page: int = 1, size: int = 50, return_id: int | None = None
) -> tuple[list[dict[str, Any]], int]:
    if status and status not in STATUSES:
        raise Invalid("returns.bad_status", value=status)
    query = (
        select(ReturnRecord, col(Order.order_no), col(Order.receiver_name), col(Shipment.number), col(Shipment.status))
        .join(Order, col(Order.id) == col(ReturnRecord.order_id))
        .join(Shipment, col(Shipment.id) == col(ReturnRecord.shipment_id))
    )
    count = select(func.count()).select_from(ReturnRecord)
    if status:
        query = query.where(col(ReturnRecord.status) == status)
        count = count.where(col(ReturnRecord.status) == status)
    if return_id is not None:
        query = query.where(col(ReturnRecord.id) == return_id)
        count = count.where(col(ReturnRecord.id) == return_id)
    with db.read() as session:
        total = session.execute(count).scalar_one()
        rows = session.execute(
            query.order_by(col(ReturnRecord.opened_at).desc(), col(ReturnRecord.id).desc())
            .offset((page - 1) * size)
            .limit(size)
        ).all()
    return [
        {
            "id": r.id,
            "order_no": order_no,
            "receiver": receiver,
            "number": number,
            "carrier": r.carrier_code,
            "province": r.province,
            "reason": r.reason,
            "status": r.status,
            "tracking": tracking,
            "opened_at": r.opened_at,
            "received_at": r.received_at,
            "received_by": r.received_by,
            "note": r.note,
        }
        for r, order_no, receiver, number, tracking in rows
    ], total


def open_count(db: Database) -> int:
    with db.read() as session:
        return int(
            session.execute(
                select(func.count()).select_from(ReturnRecord).where(col(ReturnRecord.status) == "open")
            ).scalar_one()
        )


def rates_in(session: Session, *, by: str, since: datetime, until: datetime) -> list[dict[str, Any]]:
    """Shipments shipped in [since, until) and how many of them came back, per carrier or province."""
    if by not in ("carrier", "province"):
        raise Invalid("returns.bad_group", by=by)
    key = col(Shipment.carrier_code) if by == "carrier" else col(Order.province)
    shipped_q = (
        select(key, func.count())
        .select_from(Shipment)
        .join(Order, col(Order.id) == col(Shipment.order_id))
        .where(
            col(Shipment.cancelled_at).is_(None), col(Shipment.shipped_at) >= since, col(Shipment.shipped_at) < until
        )
        .group_by(key)
    )
    returned_q = shipped_q.join(ReturnRecord, col(ReturnRecord.shipment_id) == col(Shipment.id))
    shipped = dict(session.execute(shipped_q).all())
    returned = dict(session.execute(returned_q).all())
    out = [
        {
            "key": k or "",
            "shipped": n,
            "returns": returned.get(k, 0),
            "rate": round(returned.get(k, 0) / n, 4) if n else 0.0,
        }
        for k, n in shipped.items()
    ]
    return sorted(out, key=lambda r: (-r["rate"], -r["shipped"], r["key"]))


def return_rates(db: Database, *, by: str, since: datetime, until: datetime) -> list[dict[str, Any]]:
    with db.read() as session:
        return rates_in(session, by=by, since=since, until=until)


def report_table(session: Session, period: Period, lang: str = "zh") -> Table:
    """The reports page's 退货 section: return rate per carrier, then per province, over the period."""
    from waybill_ui.carriers import codes
    from waybill_ui.services.reports.tables import Column, Table

    rows = [
        {"group": codes.name_of(r["key"]), "shipments": r["shipped"], "returns": r["returns"], "return_rate": r["rate"]}
        for r in rates_in(session, by="carrier", since=period.since, until=period.until)
    ]
    rows += [
        {"group": r["key"] or "—", "shipments": r["shipped"], "returns": r["returns"], "return_rate": r["rate"]}
        for r in rates_in(session, by="province", since=period.since, until=period.until)
    ]
    return Table(
        "returns",
        [Column("group", "text"), Column("shipments"), Column("returns"), Column("return_rate", "pct")],
        rows,
        notes=["reports.note.returns"],
    )
