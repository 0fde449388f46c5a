"""The audit trail: call `record` inside the same transaction as the change."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from itertools import chain

from sqlalchemy import Connection, insert
from sqlmodel import Session
from typing import Any

from waybill_ui.db.bulk import blocks
from waybill_ui.db.models import AuditLog
from waybill_ui.db.rows import table_of
from waybill_ui.clock import utcnow
from waybill_ui.db.types import stored_utc


def record(
    session: Session,
    *,
    actor: str,
    entity: str,
    entity_id: object,
    action: str,
    from_status: str = "",
    to_status: str = "",
    reason: str = "",
    details: dict[str, Any] | None = None,
) -> None:
    session.add(
        AuditLog(
            actor=actor,
            entity=entity,
            entity_id=str(entity_id),
            action=action,
            from_status=from_status,
            to_status=to_status,
            reason=reason,
            details=details or {},
        )
    )


_COLUMNS = ("at", "actor", "entity", "entity_id", "action", "from_status", "to_status", "reason", "details")


def record_many(session: Session, rows: Iterable[dict[str, Any]], *, actor: str) -> None:
    """Bulk form for batch operations (thousands of rows in one statement)."""
    now = utcnow()
    payload = [
        {
            "at": now,
            "actor": actor,
            "from_status": "",
            "to_status": "",
            "reason": "",
            "details": {},
            **row,
            "entity_id": str(row["entity_id"]),
        }
        for row in rows
    ]
    if not payload:
        return
    connection = session.connection()
    if connection.dialect.name == "sqlite" and all(p.keys() == _KEYS for p in payload):
        _insert_sqlite(connection, payload, now)
        return
    # Core insert on the session's connection: the ORM's bulk path costs several times more
    connection.execute(insert(table_of(AuditLog)), payload)


_KEYS = frozenset(_COLUMNS)


def _stored_time(value: datetime | None) -> str | None:
    """The text SQLAlchemy stores for a UTCDateTime on SQLite ("YYYY-MM-DD HH:MM:SS.ffffff", UTC)."""
    if value is None:
        return None
    return stored_utc(value).isoformat(" ", "microseconds")


def _insert_sqlite(connection: Connection, payload: list[dict[str, Any]], now: datetime) -> None:
    """The same rows as the Core insert, in the form it stores them (time text, JSON text), as
    multi-row statements on the driver: one SQLite step per few hundred rows instead of one per
    row, and no bind processors run row by row (a tracking refresh writes thousands from a worker
    thread that shares the interpreter lock with the event loop)."""
    stamp = _stored_time(now)
    empty = json.dumps({})
    values = []
    for p in payload:
        at, details = p["at"], p["details"]
        values.append(
            (
                stamp if at is now else _stored_time(at),
                p["actor"],
                p["entity"],
                p["entity_id"],
                p["action"],
                p["from_status"],
                p["to_status"],
                p["reason"],
                empty if details == {} and type(details) is dict else json.dumps(details),
            )
        )
    one = f"({', '.join('?' * len(_COLUMNS))})"
    for part in blocks(values, len(_COLUMNS)):
        connection.exec_driver_sql(
            f"INSERT INTO audit_log ({', '.join(_COLUMNS)}) VALUES {', '.join([one] * len(part))}",
            tuple(chain.from_iterable(part)),
        )
