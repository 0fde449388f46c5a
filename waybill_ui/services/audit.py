"""The audit trail: call `record` inside the same transaction as the change."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import insert
from sqlmodel import Session

from waybill_ui.db.models import AuditLog
from waybill_ui.db.types import utcnow


def record(session: Session, *, actor: str, entity: str, entity_id: object, action: str,
           from_status: str = "", to_status: str = "", reason: str = "", details: dict | None = None) -> None:
    session.add(AuditLog(actor=actor, entity=entity, entity_id=str(entity_id), action=action,
                         from_status=from_status, to_status=to_status, reason=reason, details=details or {}))


def record_many(session: Session, rows: Iterable[dict], *, actor: str) -> None:
    """Bulk form for batch operations (thousands of rows in one statement)."""
    now = utcnow()
    payload = [{"at": now, "actor": actor, "from_status": "", "to_status": "", "reason": "", "details": {},
                **row, "entity_id": str(row["entity_id"])} for row in rows]
    if payload:
        # Core insert on the session's connection: the ORM's bulk path costs several times more
        session.connection().execute(insert(AuditLog.__table__), payload)
