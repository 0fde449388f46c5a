"""Raising and clearing alerts (物流预警). Any rule anywhere raises alerts through here, inside its
own transaction; an alert is identified by its `dedupe_key`, so re-running a rule never
duplicates an open alert."""

from __future__ import annotations

from sqlmodel import Session, select
from typing import Any

from waybill_ui.db.models import Alert
from waybill_ui.events import AlertsChanged, emit
from waybill_ui.clock import utcnow
from waybill_ui.services.accounts import audit

OPEN_STATES = ("open", "acknowledged")


def raise_alert(
    session: Session,
    *,
    kind: str,
    dedupe_key: str,
    message: str,
    actor: str,
    shipment_id: int | None = None,
    purchase_id: int | None = None,
    carrier_code: str | None = None,
    details: dict[str, Any] | None = None,
) -> Alert:
    """Open an alert, or refresh the message of the one already open for this key."""
    # `!= 'resolved'` (not IN open states: the same rows) so SQLite uses the partial unique index
    existing = session.exec(select(Alert).where(Alert.dedupe_key == dedupe_key, Alert.status != "resolved")).first()
    if existing:
        if existing.message != message or (details and existing.details != details):
            existing.message = message
            existing.details = details or existing.details
            session.add(existing)
            emit(session, AlertsChanged(kind=kind))
        return existing
    alert = Alert(
        kind=kind,
        dedupe_key=dedupe_key,
        message=message,
        shipment_id=shipment_id,
        purchase_id=purchase_id,
        carrier_code=carrier_code,
        details=details or {},
    )
    session.add(alert)
    session.flush()
    audit.record(
        session, actor=actor, entity="alert", entity_id=alert.id, action="raise", to_status="open", reason=kind
    )
    emit(session, AlertsChanged(kind=kind))
    return alert


def clear_alert(session: Session, *, dedupe_key: str, actor: str, note: str = "") -> int:
    """Resolve the open alert for a key once its cause went away (e.g. stock was topped up)."""
    cleared = 0
    now = utcnow()
    for alert in session.exec(select(Alert).where(Alert.dedupe_key == dedupe_key, Alert.status != "resolved")):
        before = alert.status
        alert.status, alert.resolved_at, alert.resolved_by = "resolved", now, actor
        alert.note = note or alert.note
        session.add(alert)
        audit.record(
            session,
            actor=actor,
            entity="alert",
            entity_id=alert.id,
            action="resolve",
            from_status=before,
            to_status="resolved",
            reason=note or "cause cleared",
        )
        cleared += 1
        emit(session, AlertsChanged(kind=alert.kind, resolved=1))
    return cleared
