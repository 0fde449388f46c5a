"""Handing out numbers from the pool — the one place that turns an available number into a used
one, so "never the same number to two shipments" is guarded in one spot:

* a conditional UPDATE … WHERE status='available' only takes rows still free;
* it runs inside the caller's write transaction (writes serialized, see db/engine.py);
* the unique constraints (carrier+number on waybill, waybill_id on shipment) back it up.

Soonest-expiring first; expired, reserved-by-someone-else, voided and refunded numbers are never
handed out.

Every state change made here also writes its audit row (entity "waybill", entity_id
"CARRIER:NUMBER", see services/pool/history.py) in the caller's transaction, so callers need not
audit the number themselves; `actor` and `reason` say who and why.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import Row, text
from sqlmodel import Session

from collections.abc import Sequence
from typing import Any
from waybill_ui.db.rows import changed_rows
from waybill_ui.clock import utcnow
from waybill_ui.db.types import stored_utc

# Soonest-expiring first, numbers without expiry last. Each half walks ix_waybill_alloc
# (carrier, status, expires_at, id) in order, so taking N numbers reads about N rows instead of
# sorting the carrier's whole stock; the outer sort only orders those 2N candidates.
_CANDIDATES = """
    SELECT id FROM (
        SELECT * FROM (SELECT id, 0 AS g, expires_at AS e FROM waybill
                       WHERE carrier_code = :carrier AND status = 'available' AND expires_at > :now
                         AND (reserved_until IS NULL OR reserved_until <= :now)
                       ORDER BY expires_at, id LIMIT :count) AS soonest
        UNION ALL
        SELECT * FROM (SELECT id, 1 AS g, CAST(NULL AS TIMESTAMP) AS e FROM waybill
                       WHERE carrier_code = :carrier AND status = 'available' AND expires_at IS NULL
                         AND (reserved_until IS NULL OR reserved_until <= :now)
                       ORDER BY id LIMIT :count) AS undated) AS candidates
    ORDER BY g, e, id LIMIT :count"""

_TAKE = text(f"""
UPDATE waybill SET status = 'used', updated_at = :now, reserved_token = NULL, reserved_until = NULL
WHERE id IN ({_CANDIDATES})
  AND status = 'available'
RETURNING id, number, expires_at
""")


def _audit(
    session: Session,
    rows: Sequence[Row[Any]],
    *,
    carrier: str | None,
    action: str,
    from_status: str,
    to_status: str,
    actor: str,
    reason: str,
) -> None:
    from waybill_ui.services.pool import history as pool_audit  # the pool's own audit writer (fast for batches)

    pool_audit.record_numbers(
        session,
        ((carrier or r.carrier_code, r.number, r.id) for r in rows),
        action=action,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        reason=reason,
    )


_RESERVE = text(f"""
UPDATE waybill SET reserved_token = :token, reserved_until = :until, updated_at = :now
WHERE id = ({_CANDIDATES})
  AND status = 'available'
RETURNING id, number
""")


def _ts(value: datetime) -> str:
    # exactly the text SQLAlchemy stores for UTCDateTime on SQLite, so SQL comparisons are exact
    return stored_utc(value).strftime("%Y-%m-%d %H:%M:%S.%f")


def take(
    session: Session,
    *,
    carrier: str,
    count: int,
    now: datetime | None = None,
    actor: str = "system",
    reason: str = "allocated",
) -> list[tuple[int, str]]:
    """Mark up to `count` available numbers of `carrier` as used; returns (waybill id, number)
    in allocation order. Fewer than asked means the stock ran out."""
    if count <= 0:
        return []
    stamp = _ts(now or utcnow())
    rows = list(session.execute(_TAKE, {"carrier": carrier, "count": count, "now": stamp}).all())
    _audit(
        session,
        rows,
        carrier=carrier,
        action="allocate",
        from_status="available",
        to_status="used",
        actor=actor,
        reason=reason,
    )
    # RETURNING order is not guaranteed; hand numbers out soonest-expiring first.
    rows.sort(key=lambda r: (r.expires_at is None, r.expires_at or "", r.id))
    return [(r.id, r.number) for r in rows]


def reserve(
    session: Session, *, carrier: str, ttl: timedelta = timedelta(minutes=10), now: datetime | None = None
) -> tuple[int, str, str] | None:
    """Hold one number for an open ship dialog: (waybill id, number, token) or None if no stock.
    The hold lapses by itself after `ttl`."""
    now = now or utcnow()
    token = secrets.token_hex(16)
    row = session.execute(
        _RESERVE, {"carrier": carrier, "token": token, "until": _ts(now + ttl), "now": _ts(now), "count": 1}
    ).first()
    return (row.id, row.number, token) if row else None


def take_reserved(
    session: Session, *, token: str, now: datetime | None = None, actor: str = "system", reason: str = "allocated"
) -> tuple[int, str] | None:
    """Use the number held under `token`, if the hold is still valid and the number not expired."""
    row = _use_one(
        session,
        "reserved_token=:token AND reserved_until > :now",
        {"token": token, "now": _ts(now or utcnow())},
        actor=actor,
        reason=reason,
    )
    return (row.id, row.number) if row is not None else None


def _use_one(session: Session, which: str, params: dict[str, Any], *, actor: str, reason: str) -> Row[Any] | None:
    """available → used for the one number `which` names, if it has not expired; audited. The
    shared tail of `take_reserved` and `take_number`: a number past its expiry is never used."""
    row = session.execute(
        text(
            "UPDATE waybill SET status='used', updated_at=:now, reserved_token=NULL, reserved_until=NULL "
            f"WHERE {which} AND status='available' AND (expires_at IS NULL OR expires_at > :now) "
            "RETURNING id, carrier_code, number"
        ),
        params,
    ).first()
    if row is not None:
        _audit(
            session,
            [row],
            carrier=None,
            action="allocate",
            from_status="available",
            to_status="used",
            actor=actor,
            reason=reason,
        )
    return row


def release(session: Session, *, token: str) -> bool:
    """Give a held number back (dialog cancelled)."""
    result = session.execute(
        text(
            "UPDATE waybill SET reserved_token=NULL, reserved_until=NULL WHERE reserved_token=:token AND status='available'"
        ),
        {"token": token},
    )
    return changed_rows(result) > 0


def void(
    session: Session,
    *,
    waybill_id: int,
    now: datetime | None = None,
    actor: str = "system",
    reason: str = "shipment_cancelled",
) -> bool:
    """used → voided (its shipment was cancelled before pickup); a voided number never returns.
    A purchased one is then handed back to the provider by the recycle job (jobs/pool_recycle.py)."""
    row = session.execute(
        text(
            "UPDATE waybill SET status='voided', updated_at=:now WHERE id=:id AND status='used' "
            "RETURNING id, carrier_code, number"
        ),
        {"id": waybill_id, "now": _ts(now or utcnow())},
    ).first()
    if row is None:
        return False
    _audit(
        session, [row], carrier=None, action="void", from_status="used", to_status="voided", actor=actor, reason=reason
    )
    return True


def take_number(
    session: Session,
    *,
    carrier: str,
    number: str,
    now: datetime | None = None,
    actor: str = "system",
    reason: str = "shipped",
) -> int | None:
    """Use one particular pool number (scanned from a pre-printed label of an outlet range) if it
    is available right now: same rules as `take` (not expired, not held by someone else)."""
    row = _use_one(
        session,
        "carrier_code=:carrier AND number=:number AND (reserved_until IS NULL OR reserved_until <= :now)",
        {"carrier": carrier, "number": number, "now": _ts(now or utcnow())},
        actor=actor,
        reason=reason,
    )
    return int(row.id) if row is not None else None
