"""预警 center: every alert of every kind in one list (the tracking rules', the pool's
low-stock and expiring numbers, stuck purchases…), with acknowledge and resolve-with-a-note."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, select, update
from sqlmodel import col, Session
from typing import Any

from waybill_ui.events import AlertsChanged, emit
from waybill_ui.db import Database
from waybill_ui.db.models import Alert, Order, Shipment
from waybill_ui.clock import utcnow
from waybill_ui.services.alerts import rules as alert_rules
from waybill_ui.services.accounts import audit
from waybill_ui.services.alerts.raising import OPEN_STATES
from waybill_ui.services.common.errors import Conflict, Invalid, NotFound
from waybill_ui.texts import TEXTS, tr

STATUS_FILTERS = ("open", "acknowledged", "resolved", "all")  # "open" = not resolved yet


@dataclass
class AlertRow:
    id: int
    kind: str
    status: str
    message: str
    created_at: datetime
    shipment_id: int | None = None
    purchase_id: int | None = None
    carrier_code: str | None = None
    number: str = ""
    order_no: str = ""
    details: dict[str, Any] | None = None
    note: str = ""
    acknowledged_by: str = ""
    acknowledged_at: datetime | None = None
    resolved_by: str = ""
    resolved_at: datetime | None = None


def kind_label(kind: str, lang: str = "zh") -> str:
    """The kind in words; a kind without a text (raised by a newer version) shows as it is."""
    key = f"alerts.kind.{kind}"
    return tr(key, lang) if key in TEXTS else kind


def localized_message(row: AlertRow, lang: str = "zh") -> str:
    """Alerts raised with message params are shown in the reader's language."""
    params = (row.details or {}).get("params")
    key = alert_rules.message_key(row.kind, params) if isinstance(params, dict) else f"alerts.msg.{row.kind}"
    if isinstance(params, dict) and key in TEXTS:
        try:
            return tr(key, lang, **params)
        except (KeyError, IndexError, ValueError):
            pass
    return row.message


def _status_filter(query: Select[Any], status: str) -> Select[Any]:
    if status not in STATUS_FILTERS:
        raise Invalid("alerts.bad_status", value=status)
    if status == "open":
        return query.where(col(Alert.status).in_(OPEN_STATES))
    if status != "all":
        return query.where(col(Alert.status) == status)
    return query


def list_alerts(
    db: Database,
    *,
    status: str = "open",
    kind: str | None = None,
    shipment_id: int | None = None,
    alert_id: int | None = None,
    page: int = 1,
    size: int = 50,
) -> tuple[list[AlertRow], int]:
    base = _status_filter(select(col(Alert.id)), status)
    if alert_id:
        base = base.where(col(Alert.id) == alert_id)
    if kind:
        base = base.where(col(Alert.kind) == kind)
    if shipment_id:
        base = base.where(col(Alert.shipment_id) == shipment_id)
    ids = base.subquery()
    query = (
        select(Alert, col(Shipment.number), col(Order.order_no))
        .join(ids, ids.c.id == Alert.id)
        .outerjoin(Shipment, col(Shipment.id) == col(Alert.shipment_id))
        .outerjoin(Order, col(Order.id) == col(Shipment.order_id))
        .order_by(col(Alert.created_at).desc(), col(Alert.id).desc())
        .offset((page - 1) * size)
        .limit(size)
    )
    with db.read() as session:
        total = session.execute(select(func.count()).select_from(ids)).scalar_one()
        rows = [
            AlertRow(
                id=a.id,
                kind=a.kind,
                status=a.status,
                message=a.message,
                created_at=a.created_at,
                shipment_id=a.shipment_id,
                purchase_id=a.purchase_id,
                carrier_code=a.carrier_code,
                number=number or "",
                order_no=order_no or "",
                details=a.details,
                note=a.note,
                acknowledged_by=a.acknowledged_by,
                acknowledged_at=a.acknowledged_at,
                resolved_by=a.resolved_by,
                resolved_at=a.resolved_at,
            )
            for a, number, order_no in session.execute(query)
        ]
    return rows, total


def open_counts(db: Database) -> dict[str, int]:
    """Open (not yet resolved) alerts per kind."""
    with db.read() as session:
        rows = session.execute(
            select(col(Alert.kind), func.count()).where(col(Alert.status).in_(OPEN_STATES)).group_by(Alert.kind)
        )
        return {kind: count for kind, count in rows}


def open_total(db: Database) -> int:
    with db.read() as session:
        return int(
            session.execute(
                select(func.count()).select_from(Alert).where(col(Alert.status).in_(OPEN_STATES))
            ).scalar_one()
        )


def _get_open(session: Session, alert_id: int) -> Alert:
    alert = session.get(Alert, alert_id)
    if alert is None:
        raise NotFound("alerts.not_found", id=alert_id)
    if alert.status == "resolved":
        raise Conflict("alerts.already_resolved", id=alert_id)
    return alert


def acknowledge(db: Database, *, alert_id: int, actor: str) -> Alert:
    """ "I have seen it and I am on it": stays in the open list, marked."""
    with db.write() as session:
        alert = _get_open(session, alert_id)
        if alert.status == "acknowledged":
            return alert
        alert.status, alert.acknowledged_at, alert.acknowledged_by = "acknowledged", utcnow(), actor
        session.add(alert)
        audit.record(
            session,
            actor=actor,
            entity="alert",
            entity_id=alert.id,
            action="acknowledge",
            from_status="open",
            to_status="acknowledged",
        )
        emit(session, AlertsChanged(kind=alert.kind))
        return alert


def resolve(db: Database, *, alert_id: int, note: str, actor: str) -> Alert:
    note = (note or "").strip()
    if len(note) > 500:
        raise Invalid("alerts.note_too_long")
    with db.write() as session:
        alert = _get_open(session, alert_id)
        before = alert.status
        alert.status, alert.resolved_at, alert.resolved_by, alert.note = "resolved", utcnow(), actor, note
        session.add(alert)
        audit.record(
            session,
            actor=actor,
            entity="alert",
            entity_id=alert.id,
            action="resolve",
            from_status=before,
            to_status="resolved",
            reason=note,
        )
        emit(session, AlertsChanged(kind=alert.kind, resolved=1))
        return alert


BULK_ACTIONS = ("acknowledge", "resolve")


def bulk(
    db: Database,
    *,
    action: str,
    actor: str,
    note: str = "",
    ids: list[int] | None = None,
    status: str = "open",
    kind: str | None = None,
    chunk: int = 500,
) -> int:
    """Acknowledge or resolve many alerts at once: the given ids, or every alert the filter shows
    (批量处理 / 全部处理). Already-resolved ones are skipped; returns how many changed."""
    if action not in BULK_ACTIONS:
        raise Invalid("alerts.bad_action", value=action)
    note = (note or "").strip()
    if len(note) > 500:
        raise Invalid("alerts.note_too_long")
    if ids is None:
        query = _status_filter(select(col(Alert.id)), status)
        if kind:
            query = query.where(col(Alert.kind) == kind)
        with db.read() as session:
            ids = list(session.scalars(query.order_by(col(Alert.id))))
    wanted = ("open",) if action == "acknowledge" else OPEN_STATES
    changed = 0
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        with db.write() as session:
            rows = session.execute(
                select(col(Alert.id), col(Alert.status)).where(col(Alert.id).in_(part), col(Alert.status).in_(wanted))
            ).all()
            if not rows:
                continue
            now = utcnow()
            values = (
                {"status": "acknowledged", "acknowledged_at": now, "acknowledged_by": actor}
                if action == "acknowledge"
                else {"status": "resolved", "resolved_at": now, "resolved_by": actor, "note": note}
            )
            # conditional on the status read above: a concurrent change is not overwritten
            session.execute(
                update(Alert)
                .where(col(Alert.id).in_([r.id for r in rows]), col(Alert.status).in_(wanted))
                .values(**values)
            )
            audit.record_many(
                session,
                [
                    {
                        "entity": "alert",
                        "entity_id": r.id,
                        "action": action,
                        "from_status": r.status,
                        "to_status": values["status"],
                        "reason": note if action == "resolve" else "",
                    }
                    for r in rows
                ],
                actor=actor,
            )
            changed += len(rows)
            emit(session, AlertsChanged(resolved=len(rows) if action == "resolve" else 0))
    return changed
