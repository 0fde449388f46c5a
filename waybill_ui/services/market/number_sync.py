"""快递单号同步: getting a paid purchase's numbers from the provider into the pool.

Every answer is handled: all numbers → `synced`; an error, a timeout or a malformed answer →
`sync_pending` with exponential backoff in `next_attempt_at`; a partial answer keeps what came
and asks for the rest (from the offset reached) soon after; after the retry budget the purchase
is `refunded` for the numbers that never came. The state lives in the database only, so a restart
loses nothing: the scheduler picks up whatever is due.

While a call for a purchase is in flight, the purchase is marked in this process's memory, so the
scheduler does not start a second call for it; the mark dies with the process, so after a crash
the purchase is simply due again (and the first scheduler run after startup tries every open
purchase at once). Two calls for the same purchase would still be harmless: the provider's
answer for an order is idempotent and a number is never inserted twice.
"""

from __future__ import annotations

import asyncio
import re
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from waybill_ui.carriers.protocol import CarrierProvider, IssuedNumbers, ProviderError
from waybill_ui.db import Database
from waybill_ui.db.models import Purchase, PurchaseStatus, Waybill, WaybillOrigin, WaybillStatus
from waybill_ui.db.rows import must_get, row_id
from waybill_ui.clock import utcnow
from waybill_ui.db.types import stored_utc
from waybill_ui.services.alerts import raising as alerts
from waybill_ui.services.accounts import audit
from waybill_ui.services.pool import history as pool_audit
from waybill_ui.services.market import purchases
from waybill_ui.services.common.errors import NotFound
from waybill_ui.events import PoolChanged, PurchaseChanged, publish
from waybill_ui.services.market.purchases import OPEN, PurchaseInfo
from waybill_ui.texts import tr

JOB_ACTOR = "job:purchase_sync"
BACKOFF_BASE_S = 30
BACKOFF_CAP_S = 1800
MAX_ATTEMPTS = 10  # failed attempts in a row (about two hours of backoff), then refund
STUCK_ALERT_AFTER = 3  # failed attempts before the owner is alerted
PROGRESS_RETRY_S = 5  # after a partial answer: ask for the rest soon
_NUMBER = re.compile(r"^[0-9A-Za-z]{6,40}$")
_CHUNK = 500
_in_flight: set[int] = set()
_in_flight_lock = threading.Lock()


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(BACKOFF_BASE_S * 2 ** max(0, attempts - 1), BACKOFF_CAP_S))


@dataclass
class Claim:
    id: int
    ref: str
    carrier: str
    numbers_count: int
    offset: int
    validity_days: int
    paid_at: datetime | None
    scheduled: datetime | None  # next_attempt_at before the claim (a manual retry keeps the schedule)


def due_purchase_ids(
    db: Database, *, now: datetime | None = None, limit: int = 50, all_open: bool = False
) -> list[int]:
    """Open purchases whose next try is due (`all_open`: every open purchase, e.g. at startup),
    leaving out those with a call in flight."""
    now = now or utcnow()
    with db.read() as session:
        query = select(col(Purchase.id)).where(col(Purchase.status).in_([s.value for s in OPEN]))
        if not all_open:
            query = query.where((col(Purchase.next_attempt_at).is_(None)) | (col(Purchase.next_attempt_at) <= now))
        ids = list(
            session.execute(query.order_by(col(Purchase.next_attempt_at), col(Purchase.id)).limit(limit)).scalars()
        )
    with _in_flight_lock:
        return [i for i in ids if i not in _in_flight]


def in_flight(purchase_id: int) -> bool:
    with _in_flight_lock:
        return purchase_id in _in_flight


def _claim(db: Database, purchase_id: int, now: datetime, manual: bool, force: bool) -> Claim | None:
    """Mark the purchase in flight and read what the call needs; None when there is nothing to do."""
    with _in_flight_lock:
        if purchase_id in _in_flight and not manual:
            return None  # another call for it is running
        _in_flight.add(purchase_id)
    try:
        claim = _read_claim(db, purchase_id, now, run_anyway=manual or force)
    except BaseException:
        _release(purchase_id)
        raise
    if claim is None:
        _release(purchase_id)
    return claim


def _read_claim(db: Database, purchase_id: int, now: datetime, *, run_anyway: bool) -> Claim | None:
    with db.read() as session:
        purchase = session.get(Purchase, purchase_id)
        if purchase is None:
            raise NotFound("purchase.not_found", id=purchase_id)
        due = purchase.next_attempt_at is None or purchase.next_attempt_at <= now
        if purchase.status not in OPEN or not (due or run_anyway):
            return None
        return Claim(
            id=row_id(purchase),
            ref=purchases.order_ref(purchase),
            carrier=purchase.carrier_code,
            numbers_count=purchase.numbers_count,
            offset=purchases.received_in(session, row_id(purchase)),
            validity_days=purchase.validity_days,
            paid_at=purchase.paid_at,
            scheduled=purchase.next_attempt_at,
        )


def _release(purchase_id: int) -> None:
    with _in_flight_lock:
        _in_flight.discard(purchase_id)


def _check_answer(issued: IssuedNumbers, claim: Claim) -> None:
    """An answer for another order, another carrier or another position is as good as garbage."""
    if issued.order_ref != claim.ref or issued.carrier != claim.carrier or issued.offset != claim.offset:
        raise ProviderError("the answer belongs to another order or position", code="malformed")
    bad = next((n for n in issued.numbers if not isinstance(n, str) or not _NUMBER.match(n)), None)
    if bad is not None:
        raise ProviderError(f"the answer holds an invalid number {str(bad)[:40]!r}", code="malformed")


async def sync_purchase(
    db: Database,
    *,
    provider: CarrierProvider,
    purchase_id: int,
    actor: str = JOB_ACTOR,
    manual: bool = False,
    force: bool = False,
    now: datetime | None = None,
    max_attempts: int = MAX_ATTEMPTS,
) -> PurchaseInfo:
    """One attempt to get a purchase's missing numbers. `manual` (重新同步) runs even when the
    purchase is not due yet, and its failure does not count against the retry budget; `force`
    (first run after startup) runs even when not due, counting as a scheduled try."""
    now = now or utcnow()
    claim = await asyncio.to_thread(_claim, db, purchase_id, now, manual, force)
    if claim is None:
        return await asyncio.to_thread(purchases.get_purchase, db, purchase_id)
    try:
        try:
            issued = await provider.issue_numbers(
                order_ref=claim.ref,
                carrier=claim.carrier,
                quantity=claim.numbers_count,
                offset=claim.offset,
                validity_days=claim.validity_days,
            )
            _check_answer(issued, claim)
        except ProviderError as exc:
            message = f"{exc.code}: {exc}"
            return await asyncio.to_thread(_record, db, claim, None, message, actor, manual, now, max_attempts)
        info = await asyncio.to_thread(_record, db, claim, issued, "", actor, manual, now, max_attempts)
        publish(PoolChanged(reason="purchase", counts={claim.carrier: info.purchase.numbers_received}))
        return info
    finally:
        _release(claim.id)
        publish(PurchaseChanged(purchase_id=claim.id))


def _existing(session: Session, carrier: str, numbers: list[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(numbers), _CHUNK):
        chunk = numbers[i : i + _CHUNK]
        found.update(
            session.execute(
                select(col(Waybill.number)).where(col(Waybill.carrier_code) == carrier, col(Waybill.number).in_(chunk))
            ).scalars()
        )
    return found


def _insert_numbers(session: Session, purchase: Purchase, issued: IssuedNumbers, actor: str, now: datetime) -> int:
    """Put the new numbers of an answer in the pool; never one twice, never more than paid for."""
    have = purchases.received_in(session, row_id(purchase))
    room = purchase.numbers_count - have
    fresh = list(dict.fromkeys(issued.numbers))  # keeps order, drops repeats
    known = _existing(session, purchase.carrier_code, fresh)
    new = [n for n in fresh if n not in known][: max(0, room)]
    if not new:
        return 0
    expires = issued.expires_at
    if expires is not None and expires.tzinfo is None:
        expires = expires.replace(tzinfo=timezone.utc)
    expires = expires or (purchase.paid_at or now) + timedelta(days=purchase.validity_days)
    # One executemany straight on the driver (a big purchase is tens of thousands of rows); the
    # times are written exactly as the UTCDateTime columns store them.
    last_id = session.execute(select(func.coalesce(func.max(Waybill.id), 0))).scalar_one()
    expires_s, now_s = _stamp(expires), _stamp(now)
    session.connection().exec_driver_sql(
        "INSERT INTO waybill (carrier_code, number, status, origin, purchase_id, cost_fen, expires_at, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                purchase.carrier_code,
                n,
                WaybillStatus.available.value,
                WaybillOrigin.purchase.value,
                purchase.id,
                purchase.unit_price_fen,
                expires_s,
                now_s,
            )
            for n in new
        ],
    )
    rows = session.execute(
        select(col(Waybill.id), col(Waybill.number)).where(
            col(Waybill.purchase_id) == purchase.id, Waybill.id > last_id
        )
    ).all()
    # a number's history is keyed "CARRIER:NUMBER" (services/pool/history.py), like all its later changes
    pool_audit.record_numbers(
        session,
        [(purchase.carrier_code, number, waybill_id) for waybill_id, number in rows],
        action="purchased",
        from_status="",
        to_status=WaybillStatus.available.value,
        actor=actor,
        reason=f"purchase {purchase.id}",
    )
    # The embedded network credits the same purchase to the carrier's e-waybill account there;
    # the local count follows (services/ewaybill/accounts.py).
    from waybill_ui.services.ewaybill import accounts as ewaybill_accounts

    ewaybill_accounts.top_up(session, carrier=purchase.carrier_code, count=len(rows))
    return len(rows)


def _stamp(value: datetime) -> str:
    return stored_utc(value).strftime("%Y-%m-%d %H:%M:%S.%f")


def _record(
    db: Database,
    claim: Claim,
    issued: IssuedNumbers | None,
    error: str,
    actor: str,
    manual: bool,
    now: datetime,
    max_attempts: int,
) -> PurchaseInfo:
    with db.write() as session:
        purchase = must_get(session, Purchase, claim.id)
        if purchase.status in OPEN:
            _apply(session, purchase, claim, issued, error, actor, manual, now, max_attempts)
        else:
            # Cancelled and refunded while the call was in flight: the refund covered these numbers.
            audit.record(
                session,
                actor=actor,
                entity="purchase",
                entity_id=purchase.id,
                action="late_answer_ignored",
                reason=error or f"{len(issued.numbers) if issued else 0} numbers",
            )
    return purchases.get_purchase(db, claim.id)


def _apply(
    session: Session,
    purchase: Purchase,
    claim: Claim,
    issued: IssuedNumbers | None,
    error: str,
    actor: str,
    manual: bool,
    now: datetime,
    max_attempts: int,
) -> None:
    """The answer (or the error) moves an open purchase on: synced, partial, or failed."""
    added = _insert_numbers(session, purchase, issued, actor, now) if issued is not None else 0
    have = purchases.received_in(session, row_id(purchase))
    before = purchase.status
    purchase.numbers_received = have
    if have >= purchase.numbers_count:
        purchase.status, purchase.synced_at, purchase.next_attempt_at = PurchaseStatus.synced, now, None
        purchase.last_error = ""
        alerts.clear_alert(session, dedupe_key=purchases.alert_key(row_id(purchase)), actor=actor, note="synced")
        action = "synced"
    elif added:
        # progress: the rest is asked for soon; the retry budget counts failures in a row only
        purchase.status, purchase.attempts = PurchaseStatus.sync_pending, 0
        purchase.next_attempt_at = now + timedelta(seconds=PROGRESS_RETRY_S)
        purchase.last_error = tr("sync.partial", "en", have=have, total=purchase.numbers_count)
        action = "partial"
    else:
        error = error or tr("sync.no_progress", "en")
        action = _failed(session, purchase, claim, error, actor, manual, now, max_attempts)
    audit.record(
        session,
        actor=actor,
        entity="purchase",
        entity_id=purchase.id,
        action=action,
        from_status=before,
        to_status=purchase.status,
        reason=(error or "")[:300],
        details={"added": added, "received": have, "attempts": purchase.attempts},
    )


def _failed(
    session: Session,
    purchase: Purchase,
    claim: Claim,
    error: str,
    actor: str,
    manual: bool,
    now: datetime,
    max_attempts: int,
) -> str:
    purchase.last_error = error[:500]
    if manual:
        # a person pressed 重新同步: keep the scheduler's plan, do not spend the retry budget
        purchase.status = PurchaseStatus.sync_pending
        purchase.next_attempt_at = (
            claim.scheduled if claim.scheduled and claim.scheduled > now else now + backoff(max(1, purchase.attempts))
        )
        return "sync_failed"
    purchase.attempts += 1
    if purchase.attempts >= max_attempts:
        refund = purchases.refund_missing(session, purchase, actor=actor, reason="retry_budget_spent", now=now)
        _stuck(
            session,
            purchase,
            actor,
            "sync.alert_refunded",
            {"refund": f"¥{refund / 100:,.2f}"},
            {"refund_fen": refund, "error": error[:200]},
        )
        return "gave_up"
    purchase.status = PurchaseStatus.sync_pending
    purchase.next_attempt_at = now + backoff(purchase.attempts)
    if purchase.attempts >= STUCK_ALERT_AFTER:
        _stuck(session, purchase, actor, "sync.alert_stuck", {"attempts": purchase.attempts}, {"error": error[:200]})
    return "sync_failed"


def _stuck(
    session: Session, purchase: Purchase, actor: str, key: str, words: dict[str, Any], details: dict[str, Any]
) -> None:
    """The one open 采购卡住 alert of a purchase (deduplicated by its key), with what it received."""
    alerts.raise_alert(
        session,
        kind="purchase_stuck",
        dedupe_key=purchases.alert_key(row_id(purchase)),
        actor=actor,
        purchase_id=purchase.id,
        carrier_code=purchase.carrier_code,
        message=tr(
            key, "zh", id=purchase.id, received=purchase.numbers_received, total=purchase.numbers_count, **words
        ),
        details=details,
    )
