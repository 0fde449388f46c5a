"""The history of every number: who (a user, or "job:<name>"), when, from which status to which,
and why. Rows are written in the same transaction as the change (audit.record / record_many);
a number's rows are keyed "CARRIER:NUMBER" so one carrier or one number is found on the index.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlmodel import Session, col
from typing import Any

from waybill_ui.db import Database
from waybill_ui.db.models import AuditLog
from waybill_ui.db.bulk import driver_of
from waybill_ui.db.rows import chunks_by_id
from waybill_ui.clock import utcnow
from waybill_ui.db.types import stored_utc
from waybill_ui.services.accounts import audit

ENTITY = "waybill"
ACTIONS = ("purchased", "import", "allocate", "void", "expire", "refund", "extend", "recycle")


def key(carrier: str, number: str) -> str:
    return f"{carrier}:{number}"


def split_key(entity_id: str) -> tuple[str, str]:
    carrier, _, number = entity_id.partition(":")
    return carrier, number


_INSERT = (
    "INSERT INTO audit_log (at, actor, entity, entity_id, action, from_status, to_status, reason, details) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def record_numbers(
    session: Session,
    rows: Iterable[tuple[str, str, int | None]],
    *,
    action: str,
    from_status: str,
    to_status: str,
    actor: str,
    reason: str,
    details: dict[str, Any] | None = None,
) -> None:
    """One audit row per (carrier, number, waybill id), in one statement.

    Batches reach 100,000 rows (an outlet import, a batch ship), so on SQLite the rows go to the
    driver's executemany directly, in the caller's transaction, in exactly the form the ORM
    stores (timestamp text, JSON text); elsewhere audit.record_many does the same more slowly."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        audit.record_many(
            session,
            (
                {
                    "entity": ENTITY,
                    "entity_id": key(c, n),
                    "action": action,
                    "from_status": from_status,
                    "to_status": to_status,
                    "reason": reason[:300],
                    "details": {**(details or {}), "waybill_id": wid},
                }
                for c, n, wid in rows
            ),
            actor=actor,
        )
        return
    stamp = stored_utc(utcnow()).strftime("%Y-%m-%d %H:%M:%S.%f")
    extra = json.dumps(details or {}, ensure_ascii=False)[1:-1]
    extra = f"{extra}, " if extra else ""
    driver_of(connection).executemany(
        _INSERT,
        (
            (
                stamp,
                actor,
                ENTITY,
                key(c, n),
                action,
                from_status,
                to_status,
                reason[:300],
                f'{{{extra}"waybill_id": {"null" if wid is None else int(wid)}}}',
            )
            for c, n, wid in rows
        ),
    )


@dataclass
class AuditFilter:
    carrier: str | None = None
    q: str | None = None  # part of a number
    action: str | None = None
    actor: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def _where(f: AuditFilter) -> list[ColumnElement[bool]]:
    conds = [col(AuditLog.entity) == ENTITY]
    if f.carrier:
        # "ZTO:" <= entity_id < "ZTO;" (";" follows ":"): a range on the (entity, entity_id) index
        conds += [col(AuditLog.entity_id) >= f"{f.carrier}:", col(AuditLog.entity_id) < f"{f.carrier};"]
    if f.q:
        needle = f.q.strip().upper().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conds.append(col(AuditLog.entity_id).like(f"%{needle}%", escape="\\"))
    if f.action:
        conds.append(col(AuditLog.action) == f.action)
    if f.actor:
        conds.append(col(AuditLog.actor) == f.actor.strip())
    if f.since:
        conds.append(col(AuditLog.at) >= f.since)
    if f.until:
        conds.append(col(AuditLog.at) < f.until)
    return conds


def _row(a: AuditLog) -> dict[str, Any]:
    carrier, number = split_key(a.entity_id)
    return {
        "id": a.id,
        "at": a.at,
        "actor": a.actor,
        "carrier": carrier,
        "number": number,
        "action": a.action,
        "from_status": a.from_status,
        "to_status": a.to_status,
        "reason": a.reason,
        "details": a.details,
    }


def list_audit(
    db: Database, *, filters: AuditFilter | None = None, page: int = 1, size: int = 50
) -> tuple[list[dict[str, Any]], int]:
    """Newest first, paged."""
    conds = _where(filters or AuditFilter())
    with db.read() as session:
        total = session.execute(select(func.count()).select_from(AuditLog).where(*conds)).scalar_one()
        rows = (
            session.execute(
                select(AuditLog)
                .where(*conds)
                .order_by(col(AuditLog.at).desc(), col(AuditLog.id).desc())
                .offset((max(page, 1) - 1) * size)
                .limit(size)
            )
            .scalars()
            .all()
        )
    return [_row(a) for a in rows], int(total)


def iter_audit(db: Database, *, filters: AuditFilter | None = None, chunk: int = 5000) -> Iterator[dict[str, Any]]:
    """Every matching row, oldest first, in chunks (exports)."""
    for rows, _ in chunks_by_id(db, AuditLog, _where(filters or AuditFilter()), chunk=chunk):
        yield from (_row(a) for a in rows)


def history_in(session: Session, *, carrier: str, number: str, waybill_id: int | None = None) -> list[dict[str, Any]]:
    """A number's rows, oldest first. Rows another writer keyed by the waybill id are included too."""
    ids = [key(carrier, number)] + ([str(waybill_id)] if waybill_id is not None else [])
    rows = (
        session.execute(
            select(AuditLog)
            .where(col(AuditLog.entity) == ENTITY, col(AuditLog.entity_id).in_(ids))
            .order_by(col(AuditLog.at), col(AuditLog.id))
        )
        .scalars()
        .all()
    )
    out = [_row(a) for a in rows]
    for row in out:
        if row["carrier"] and not row["number"]:  # keyed by id: say which number it is
            row["carrier"], row["number"] = carrier, number
    return out
