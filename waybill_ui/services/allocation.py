"""Handing out numbers from the pool — the one place that turns an available number into a used
one, so "never the same number to two shipments" is guarded in one spot:

* a conditional UPDATE … WHERE status='available' only takes rows still free;
* it runs inside the caller's write transaction (BEGIN IMMEDIATE, writes serialized);
* the unique constraints (carrier+number on waybill, waybill_id on shipment) back it up.

Soonest-expiring first; expired, reserved-by-someone-else, voided and refunded numbers are never
handed out.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import text
from sqlmodel import Session

from waybill_ui.db.types import UTCDateTime, utcnow

_TAKE = text("""
UPDATE waybill SET status = 'used', updated_at = :now, reserved_token = NULL, reserved_until = NULL
WHERE id IN (
    SELECT id FROM waybill
    WHERE carrier_code = :carrier AND status = 'available'
      AND (expires_at IS NULL OR expires_at > :now)
      AND (reserved_until IS NULL OR reserved_until <= :now)
    ORDER BY expires_at IS NULL, expires_at, id
    LIMIT :count)
  AND status = 'available'
RETURNING id, number, expires_at
""")

_RESERVE = text("""
UPDATE waybill SET reserved_token = :token, reserved_until = :until, updated_at = :now
WHERE id = (
    SELECT id FROM waybill
    WHERE carrier_code = :carrier AND status = 'available'
      AND (expires_at IS NULL OR expires_at > :now)
      AND (reserved_until IS NULL OR reserved_until <= :now)
    ORDER BY expires_at IS NULL, expires_at, id
    LIMIT 1)
  AND status = 'available'
RETURNING id, number
""")


def _ts(value: datetime) -> str:
    # exactly the text SQLAlchemy stores for UTCDateTime on SQLite, so SQL comparisons are exact
    return UTCDateTime().process_bind_param(value, None).strftime("%Y-%m-%d %H:%M:%S.%f")


def take(session: Session, *, carrier: str, count: int, now: datetime | None = None) -> list[tuple[int, str]]:
    """Mark up to `count` available numbers of `carrier` as used; returns (waybill id, number)
    in allocation order. Fewer than asked means the stock ran out."""
    if count <= 0:
        return []
    stamp = _ts(now or utcnow())
    rows = session.execute(_TAKE, {"carrier": carrier, "count": count, "now": stamp}).all()
    # RETURNING order is not guaranteed; hand numbers out soonest-expiring first.
    rows.sort(key=lambda r: (r.expires_at is None, r.expires_at or "", r.id))
    return [(r.id, r.number) for r in rows]


def reserve(session: Session, *, carrier: str, ttl: timedelta = timedelta(minutes=10),
            now: datetime | None = None) -> tuple[int, str, str] | None:
    """Hold one number for an open ship dialog: (waybill id, number, token) or None if no stock.
    The hold lapses by itself after `ttl`."""
    now = now or utcnow()
    token = secrets.token_hex(16)
    row = session.execute(_RESERVE, {"carrier": carrier, "token": token, "until": _ts(now + ttl),
                                     "now": _ts(now)}).first()
    return (row.id, row.number, token) if row else None


def take_reserved(session: Session, *, token: str, now: datetime | None = None) -> tuple[int, str] | None:
    """Use the number held under `token`, if the hold is still valid."""
    stamp = _ts(now or utcnow())
    row = session.execute(text(
        "UPDATE waybill SET status='used', updated_at=:now, reserved_token=NULL, reserved_until=NULL "
        "WHERE reserved_token=:token AND status='available' AND reserved_until > :now RETURNING id, number"),
        {"token": token, "now": stamp}).first()
    return (row.id, row.number) if row else None


def release(session: Session, *, token: str) -> bool:
    """Give a held number back (dialog cancelled)."""
    result = session.execute(text(
        "UPDATE waybill SET reserved_token=NULL, reserved_until=NULL WHERE reserved_token=:token AND status='available'"),
        {"token": token})
    return result.rowcount > 0


def void(session: Session, *, waybill_id: int, now: datetime | None = None) -> bool:
    """used → voided (its shipment was cancelled before pickup); a voided number never returns."""
    result = session.execute(text(
        "UPDATE waybill SET status='voided', updated_at=:now WHERE id=:id AND status='used'"),
        {"id": waybill_id, "now": _ts(now or utcnow())})
    return result.rowcount == 1


def take_number(session: Session, *, carrier: str, number: str, now: datetime | None = None) -> int | None:
    """Use one particular pool number (scanned from a pre-printed label of an outlet range) if it
    is available right now: same rules as `take` (not expired, not held by someone else)."""
    stamp = _ts(now or utcnow())
    row = session.execute(text(
        "UPDATE waybill SET status='used', updated_at=:now, reserved_token=NULL, reserved_until=NULL "
        "WHERE carrier_code=:carrier AND number=:number AND status='available' "
        "AND (expires_at IS NULL OR expires_at > :now) AND (reserved_until IS NULL OR reserved_until <= :now) "
        "RETURNING id"), {"carrier": carrier, "number": number, "now": stamp}).first()
    return row.id if row else None
