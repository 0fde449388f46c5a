"""What the 物流跟踪 pages and the JSON API read: shipments filtered and paged on the server,
counts per status, one shipment with its events oldest first; and the one small edit a seller
makes here (the phone tail a privacy carrier needs)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, exists, func, or_, select
from sqlmodel import col, Session
from typing import Any

from collections.abc import Iterable, Sequence
from waybill_ui.carriers.formats import clean
from waybill_ui.carriers.status import TrackingStatus
from waybill_ui.db import Database
from waybill_ui.db.models import Alert, Order, Shipment, TrackingEvent
from waybill_ui.clock import utcnow
from waybill_ui.services.accounts import audit
from waybill_ui.services.printing import labels
from waybill_ui.services.alerts.raising import OPEN_STATES
from waybill_ui.services.common.errors import Invalid, NotFound

STATUSES = [s.value for s in TrackingStatus]


@dataclass
class Filters:
    status: str | None = None
    carrier: str | None = None
    alert: str | None = None  # "any", "none" or an alert kind
    q: str | None = None  # number, order no, recipient, phone
    since: datetime | None = None  # shipped at or after
    until: datetime | None = None  # shipped before
    unprinted: bool = False  # only parcels whose label was never printed


@dataclass
class ShipmentRow:
    id: int
    order_no: str
    carrier_code: str
    number: str
    status: str
    receiver_name: str
    province: str
    city: str
    shipped_at: datetime
    last_event_at: datetime | None
    last_checked_at: datetime | None
    next_check_at: datetime | None
    last_error: str
    printed_count: int = 0  # 0: the label was never printed
    alert_kinds: list[str] = field(default_factory=list)
    last_text: str = ""


@dataclass
class EventRow:
    time: datetime
    status: str
    location: str
    text: str
    raw_code: str
    raw_state: str
    provider: str


@dataclass
class ShipmentDetail:
    row: ShipmentRow
    phone_tail: str
    buyer_nick: str
    items: str
    district: str
    address: str
    picked_up_at: datetime | None
    delivered_at: datetime | None
    check_failures: int
    raw_state: str
    cancelled_at: datetime | None
    events: list[EventRow]


def _where(f: Filters) -> list[Any]:
    where: list[ColumnElement[bool]] = []
    if f.status:
        if f.status not in STATUSES:
            raise Invalid("tracking.bad_status", value=f.status)
        where.append(col(Shipment.status) == f.status)
    if f.carrier:
        where.append(col(Shipment.carrier_code) == f.carrier)
    if f.alert:
        has = exists().where(col(Alert.shipment_id) == col(Shipment.id), col(Alert.status).in_(OPEN_STATES))
        if f.alert == "any":
            where.append(has)
        elif f.alert == "none":
            where.append(~has)
        else:
            where.append(
                exists().where(
                    col(Alert.shipment_id) == col(Shipment.id),
                    col(Alert.status).in_(OPEN_STATES),
                    col(Alert.kind) == f.alert,
                )
            )
    if f.q and f.q.strip():
        text = f.q.strip()
        number = clean(text)
        where.append(
            or_(
                col(Shipment.number) == number,
                col(Shipment.number).like(f"{number}%"),
                col(Order.order_no) == text,
                col(Order.receiver_name) == text,
                col(Order.phone).like(f"%{text}"),
                col(Order.buyer_nick) == text,
            )
        )
    if f.unprinted:
        where.append(labels.not_printed())
    if f.since:
        where.append(col(Shipment.shipped_at) >= f.since)
    if f.until:
        where.append(col(Shipment.shipped_at) < f.until)
    return where


_ROW_COLS = (
    col(Shipment.id),
    col(Order.order_no),
    col(Shipment.carrier_code),
    col(Shipment.number),
    col(Shipment.status),
    col(Order.receiver_name),
    col(Order.province),
    col(Order.city),
    col(Shipment.shipped_at),
    col(Shipment.last_event_at),
    col(Shipment.last_checked_at),
    col(Shipment.next_check_at),
    col(Shipment.last_error),
    col(Shipment.printed_count),
)


def _rows(session: Session, records: Iterable[Sequence[Any]]) -> list[ShipmentRow]:
    rows = [ShipmentRow(*r) for r in records]
    ids = [r.id for r in rows]
    if not ids:
        return rows
    kinds: dict[int, list[str]] = {}
    for sid, kind in session.execute(
        select(col(Alert.shipment_id), col(Alert.kind))
        .where(col(Alert.shipment_id).in_(ids), col(Alert.status).in_(OPEN_STATES))
        .order_by(col(Alert.id))
    ):
        kinds.setdefault(sid, []).append(kind)
    # the newest event per shipment (equal times: the one stored last)
    ranked = (
        select(
            col(TrackingEvent.shipment_id),
            col(TrackingEvent.text),
            func.row_number()
            .over(
                partition_by=col(TrackingEvent.shipment_id),
                order_by=(col(TrackingEvent.event_time).desc(), col(TrackingEvent.id).desc()),
            )
            .label("rank"),
        )
        .where(col(TrackingEvent.shipment_id).in_(ids))
        .subquery()
    )
    latest = {
        sid: text
        for sid, text in session.execute(select(ranked.c.shipment_id, ranked.c.text).where(ranked.c.rank == 1))
    }
    for row in rows:
        row.alert_kinds = kinds.get(row.id, [])
        row.last_text = latest.get(row.id, "")
    return rows


def list_shipments(db: Database, filters: Filters, *, page: int = 1, size: int = 50) -> tuple[list[ShipmentRow], int]:
    where = [col(Shipment.cancelled_at).is_(None), *_where(filters)]
    base = select(*_ROW_COLS).join(Order, col(Order.id) == col(Shipment.order_id)).where(*where)
    with db.read() as session:
        total = session.execute(
            select(func.count()).select_from(
                select(col(Shipment.id)).join(Order, col(Order.id) == col(Shipment.order_id)).where(*where).subquery()
            )
        ).scalar_one()
        records = session.execute(
            base.order_by(col(Shipment.shipped_at).desc(), col(Shipment.id).desc())
            .offset((page - 1) * size)
            .limit(size)
        ).all()
        return _rows(session, records), total


MAX_SELECTED = 50_000


def matching_ids(db: Database, filters: Filters, *, limit: int = MAX_SELECTED) -> list[int]:
    """Every shipment the filters show (for "select all matching"), newest first, up to `limit`."""
    where = [col(Shipment.cancelled_at).is_(None), *_where(filters)]
    with db.read() as session:
        return list(
            session.scalars(
                select(col(Shipment.id))
                .join(Order, col(Order.id) == col(Shipment.order_id))
                .where(*where)
                .order_by(col(Shipment.shipped_at).desc(), col(Shipment.id).desc())
                .limit(limit)
            )
        )


def status_counts(db: Database, filters: Filters) -> dict[str, int]:
    """Shipments per status under the other filters (for the status chips)."""
    where = [col(Shipment.cancelled_at).is_(None), *_where(Filters(**{**filters.__dict__, "status": None}))]
    with db.read() as session:
        return {
            status: count
            for status, count in session.execute(
                select(col(Shipment.status), func.count())
                .join(Order, col(Order.id) == col(Shipment.order_id))
                .where(*where)
                .group_by(col(Shipment.status))
            )
        }


def detail(db: Database, shipment_id: int) -> ShipmentDetail:
    with db.read() as session:
        record = session.execute(
            select(
                *_ROW_COLS,
                col(Shipment.phone_tail),
                col(Order.buyer_nick),
                col(Order.items),
                col(Order.district),
                col(Order.address),
                col(Shipment.picked_up_at),
                col(Shipment.delivered_at),
                col(Shipment.check_failures),
                col(Shipment.raw_state),
                col(Shipment.cancelled_at),
            )
            .join(Order, col(Order.id) == col(Shipment.order_id))
            .where(col(Shipment.id) == shipment_id)
        ).first()
        if record is None:
            raise NotFound("tracking.not_found", id=shipment_id)
        row = _rows(session, [tuple(record)[: len(_ROW_COLS)]])[0]
        events = [
            EventRow(
                time=e.event_time,
                status=e.status,
                location=e.location,
                text=e.text,
                raw_code=e.raw_substate or e.raw_state,
                raw_state=e.raw_state,
                provider=e.provider,
            )
            for e in session.scalars(
                select(TrackingEvent)
                .where(col(TrackingEvent.shipment_id) == shipment_id)
                .order_by(col(TrackingEvent.event_time), col(TrackingEvent.id))
            )
        ]
    (
        phone_tail,
        buyer_nick,
        items,
        district,
        address,
        picked_up_at,
        delivered_at,
        check_failures,
        raw_state,
        cancelled_at,
    ) = tuple(record)[len(_ROW_COLS) :]
    return ShipmentDetail(
        row,
        phone_tail,
        buyer_nick,
        items,
        district,
        address,
        picked_up_at,
        delivered_at,
        check_failures,
        raw_state,
        cancelled_at,
        events=events,
    )


def find_by_number(db: Database, number: str) -> int | None:
    with db.read() as session:
        return session.execute(
            select(col(Shipment.id))
            .where(col(Shipment.number) == clean(number))
            .order_by(col(Shipment.cancelled_at).is_not(None), col(Shipment.id).desc())
            .limit(1)
        ).scalar()


def set_phone_tail(db: Database, *, shipment_id: int, phone: str, actor: str) -> str:
    """Privacy carriers (SF, ZTO…) need the recipient's last 4 digits; the parcel is looked at again right away."""
    digits = "".join(ch for ch in (phone or "") if ch.isdigit())
    if len(digits) < 4:
        raise Invalid("tracking.bad_phone")
    with db.write() as session:
        shipment = session.get(Shipment, shipment_id)
        if shipment is None:
            raise NotFound("tracking.not_found", id=shipment_id)
        shipment.phone_tail = digits[-4:]
        if shipment.status not in ("delivered", "returned", "refused", "cancelled"):
            shipment.next_check_at = utcnow()
        session.add(shipment)
        audit.record(session, actor=actor, entity="shipment", entity_id=shipment_id, action="set_phone_tail")
        return shipment.phone_tail
