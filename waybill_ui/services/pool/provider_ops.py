"""Refund and extension of numbers through the provider (runtime.providers.market).

Each operation: check and hold locally (one transaction), call the provider, then record what
it confirmed (one transaction) — status, money and audit together.

* Refund: unused, unexpired, purchased numbers; each is credited at the price paid
  (`waybill.cost_fen`) with one ledger entry per purchase. While the provider is asked, the
  numbers are held (like an open ship dialog) so shipping cannot take them meanwhile.
* Extension: unused, unexpired, purchased numbers get a later expiry; the provider's fee becomes
  a ledger `fee` entry.

Voided numbers are handed back to the provider by services/pool/recycling.py.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Row, select, text, update
from sqlmodel import col, Session
from typing import Any

from collections.abc import Awaitable, Callable
from waybill_ui.carriers import codes
from waybill_ui.carriers.formats import clean
from waybill_ui.carriers.protocol import CarrierProvider, ProviderError
from waybill_ui.db import Database
from waybill_ui.db.models import Waybill
from waybill_ui.clock import utcnow
from waybill_ui.services.market import purchases
from waybill_ui.services.accounts import users
from waybill_ui.services.accounts.users import Principal
from waybill_ui.services.market import ledger
from waybill_ui.services.pool import history as pool_audit
from waybill_ui.services.common.errors import Invalid, ProviderUnavailable
from waybill_ui.events import PoolChanged, publish
from waybill_ui.texts import tr

log = logging.getLogger(__name__)

HOLD = timedelta(minutes=30)  # far longer than any provider call with its retries
CHUNK = 500  # numbers per provider call


@dataclass
class Outcome:
    done: list[str] = field(default_factory=list)
    rejected: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)  # (number, text key, params)
    amount_fen: int = 0  # refunded
    fee_fen: int = 0  # charged for an extension

    def rejected_texts(self, lang: str | None = "zh") -> list[dict[str, Any]]:
        return [{"number": n, "reason": tr(k, lang, **p)} for n, k, p in self.rejected]


# (number, text key, its parameters): why a number cannot be refunded or extended
Rejected = tuple[str, str, dict[str, Any]]


def _eligible(
    session: Session, *, carrier: str, numbers: list[str], now: datetime
) -> tuple[list[Waybill], list[Rejected]]:
    wanted = list(dict.fromkeys(clean(n) for n in numbers if n and str(n).strip()))
    rows = (
        {
            w.number: w
            for w in session.execute(
                select(Waybill).where(col(Waybill.carrier_code) == carrier, col(Waybill.number).in_(wanted))
            ).scalars()
        }
        if len(wanted) <= CHUNK
        else _rows_chunked(session, carrier, wanted)
    )
    ok: list[Waybill] = []
    rejected: list[Rejected] = []
    for number in wanted:
        w = rows.get(number)
        if w is None:
            rejected.append((number, "pool.act.unknown", {}))
        elif w.status != "available":
            rejected.append((number, "pool.act.not_available", {"status": tr(f"pool.status.{w.status}")}))
        elif w.expires_at is not None and w.expires_at <= now:
            rejected.append((number, "pool.act.expired", {}))
        elif w.origin != "purchase":
            rejected.append((number, "pool.act.not_purchased", {}))
        elif w.reserved_until is not None and w.reserved_until > now:
            rejected.append((number, "pool.act.held", {}))
        else:
            ok.append(w)
    return ok, rejected


def _rows_chunked(session: Session, carrier: str, wanted: list[str]) -> dict[str, Waybill]:
    out = {}
    for start in range(0, len(wanted), CHUNK):
        out.update(
            {
                w.number: w
                for w in session.execute(
                    select(Waybill).where(
                        col(Waybill.carrier_code) == carrier, col(Waybill.number).in_(wanted[start : start + CHUNK])
                    )
                ).scalars()
            }
        )
    return out


def _check_request(carrier: str, numbers: list[str]) -> None:
    if carrier not in codes.CARRIERS:
        raise Invalid("number.unknown_carrier")
    if not numbers:
        raise Invalid("pool.act.nothing")


async def _ask(
    call: Callable[[list[str]], Awaitable[Any]], numbers: list[str]
) -> tuple[list[str], dict[str, str], int]:
    """The provider in chunks; results merged."""
    done: list[str] = []
    rejected: dict[str, str] = {}
    fee = 0
    for start in range(0, len(numbers), CHUNK):
        result = await call(numbers[start : start + CHUNK])
        done += result.done
        rejected.update(result.rejected)
        fee += result.fee_fen
    return done, rejected, fee


# --- refund ------------------------------------------------------------------------------------


def _hold(
    db: Database, *, carrier: str, numbers: list[str], token: str, now: datetime
) -> tuple[list[str], list[Rejected]]:
    with db.write() as session:
        ok, rejected = _eligible(session, carrier=carrier, numbers=numbers, now=now)
        ids = [w.id for w in ok]
        for start in range(0, len(ids), CHUNK):
            session.execute(
                update(Waybill)
                .where(col(Waybill.id).in_(ids[start : start + CHUNK]))
                .values(reserved_token=token, reserved_until=now + HOLD)
            )
        return [w.number for w in ok], rejected


def _release(db: Database, *, token: str) -> None:
    with db.write() as session:
        session.execute(
            text(
                "UPDATE waybill SET reserved_token=NULL, reserved_until=NULL "
                "WHERE reserved_token=:token AND status='available'"
            ),
            {"token": token},
        )


def _finish_refund(db: Database, *, carrier: str, token: str, done: list[str], actor: str, now: datetime) -> int:
    refunded: list[Row[*tuple[Any, ...]]] = []
    with db.write() as session:
        for start in range(0, len(done), CHUNK):
            refunded += session.execute(
                update(Waybill)
                .where(
                    col(Waybill.carrier_code) == carrier,
                    col(Waybill.reserved_token) == token,
                    col(Waybill.status) == "available",
                    col(Waybill.number).in_(done[start : start + CHUNK]),
                )
                .values(status="refunded", updated_at=now, reserved_token=None, reserved_until=None)
                .returning(col(Waybill.id), col(Waybill.number), col(Waybill.cost_fen), col(Waybill.purchase_id))
                .execution_options(synchronize_session=False)
            ).all()
        if len(refunded) != len(done):
            log.error("refund: provider refunded %d numbers but %d were still held here", len(done), len(refunded))
        by_purchase: dict[int | None, list[Any]] = defaultdict(list)
        for row in refunded:
            by_purchase[row.purchase_id].append(row)
        for purchase_id, rows in by_purchase.items():
            amount = sum(r.cost_fen for r in rows)
            if amount > 0:
                ledger.append(
                    session,
                    kind="refund",
                    amount_fen=amount,
                    purchase_id=purchase_id,
                    actor=actor,
                    reference=f"refund {len(rows)} {carrier} numbers",
                )
            pool_audit.record_numbers(
                session,
                ((carrier, r.number, r.id) for r in rows),
                action="refund",
                from_status="available",
                to_status="refunded",
                actor=actor,
                reason="refund",
                details={"purchase_id": purchase_id, "amount_fen": rows[0].cost_fen},
            )
        session.execute(
            text(
                "UPDATE waybill SET reserved_token=NULL, reserved_until=NULL "
                "WHERE reserved_token=:token AND status='available'"
            ),
            {"token": token},
        )
    return sum(r.cost_fen for r in refunded)


async def refund(
    db: Database,
    provider: CarrierProvider,
    *,
    carrier: str,
    numbers: list[str],
    actor: Principal,
    channel: str = "",
    now: datetime | None = None,
) -> Outcome:
    """Refund unused, unexpired purchased numbers at the price paid (the owner only)."""
    users.require_owner(actor)
    actor_name = purchases.actor_name(actor, channel)
    _check_request(carrier, numbers)
    now = now or utcnow()
    token = "refund:" + secrets.token_hex(12)
    eligible, rejected = await asyncio.to_thread(_hold, db, carrier=carrier, numbers=numbers, token=token, now=now)
    outcome = Outcome(rejected=rejected)
    if not eligible:
        return outcome
    try:
        done, provider_rejected, _ = await _ask(
            lambda part: provider.refund_numbers(carrier=carrier, numbers=part), eligible
        )
    except ProviderError as exc:
        await asyncio.to_thread(_release, db, token=token)
        raise ProviderUnavailable("pool.act.provider_failed", status=409, error=str(exc)) from None  # 4xx: docs/api.md
    # Refunded at the provider by an earlier attempt whose answer was lost: not yet credited here.
    done += [n for n, why in provider_rejected.items() if why == "already_refunded" and n not in done]
    outcome.done = done
    outcome.rejected += [
        (n, "pool.act.provider_refused", {"why": why}) for n, why in provider_rejected.items() if n not in done
    ]
    outcome.amount_fen = await asyncio.to_thread(
        _finish_refund, db, carrier=carrier, token=token, done=done, actor=actor_name, now=now
    )
    publish(PoolChanged(reason="refunded", counts={carrier: len(done)}))
    return outcome


# --- extension ---------------------------------------------------------------------------------


def _check_extend(db: Database, *, carrier: str, numbers: list[str], now: datetime) -> tuple[list[str], list[Rejected]]:
    with db.read() as session:
        ok, rejected = _eligible(session, carrier=carrier, numbers=numbers, now=now)
    return [w.number for w in ok], rejected


def _finish_extend(
    db: Database, *, carrier: str, done: list[str], days: int, fee_fen: int, actor: str, now: datetime
) -> None:
    with db.write() as session:
        rows = _rows_chunked(session, carrier, done)
        changed: list[tuple[Waybill, datetime | None, datetime]] = []
        for w in rows.values():
            before = w.expires_at
            # the provider's rule: a later expiry counted from the old one (or from now if sooner)
            after = w.expires_at = max(before or now, now) + timedelta(days=days)
            w.updated_at = now
            session.add(w)
            changed.append((w, before, after))
        if fee_fen > 0:
            ledger.append(
                session,
                kind="fee",
                amount_fen=-fee_fen,
                actor=actor,
                reference=f"extend {len(done)} {carrier} numbers by {days} days",
            )
        for w, before, after in changed:
            pool_audit.record_numbers(
                session,
                [(carrier, w.number, w.id)],
                action="extend",
                from_status=w.status,
                to_status=w.status,
                actor=actor,
                reason="extend",
                details={"days": days, "from": before.isoformat() if before else None, "to": after.isoformat()},
            )


async def extend(
    db: Database,
    provider: CarrierProvider,
    *,
    carrier: str,
    numbers: list[str],
    days: int,
    actor: Principal,
    channel: str = "",
    now: datetime | None = None,
) -> Outcome:
    """Ask the provider for a later expiry (the owner only)."""
    users.require_owner(actor)
    actor_name = purchases.actor_name(actor, channel)
    _check_request(carrier, numbers)
    if not 1 <= days <= 365:
        raise Invalid("pool.act.bad_days")
    now = now or utcnow()
    eligible, rejected = await asyncio.to_thread(_check_extend, db, carrier=carrier, numbers=numbers, now=now)
    outcome = Outcome(rejected=rejected)
    if not eligible:
        return outcome
    try:
        done, provider_rejected, fee = await _ask(
            lambda part: provider.extend_numbers(carrier=carrier, numbers=part, days=days), eligible
        )
    except ProviderError as exc:
        raise ProviderUnavailable("pool.act.provider_failed", status=409, error=str(exc)) from None  # 4xx: docs/api.md
    outcome.done, outcome.fee_fen = done, fee
    outcome.rejected += [(n, "pool.act.provider_refused", {"why": why}) for n, why in provider_rejected.items()]
    if done:
        await asyncio.to_thread(
            _finish_extend, db, carrier=carrier, done=done, days=days, fee_fen=fee, actor=actor_name, now=now
        )
        publish(PoolChanged(reason="extended", counts={carrier: len(done)}))
    return outcome
