"""拦截: ask the provider to stop a parcel — back to the sender (return) or on to a new address
(redirect) — and follow the answer. The request costs money at the carrier, so each attempt has
an idempotency key (unique in our table) and providers answer a repeated request with the first
answer; a request that did not get through stays `requested` and is sent again by
`refresh_pending`. When a return interception succeeds, the return record opens
(services/aftership/returns.py) and the order's after-sale state follows.

Statuses: requested → accepted → succeeded, or failed (refused by the carrier, with its reason)."""

from __future__ import annotations

import asyncio
from datetime import datetime

from sqlalchemy import Row, func, select
from sqlmodel import col
from typing import Any

from collections.abc import Sequence
from waybill_ui.carriers.protocol import CarrierProvider, InterceptAnswer, NotSupported, ProviderError
from waybill_ui.carriers.status import TERMINAL
from waybill_ui.db import Database
from waybill_ui.db.models import Interception, Order, Shipment
from waybill_ui.db.rows import must_get
from waybill_ui.clock import utcnow
from waybill_ui.services.accounts import audit
from waybill_ui.services.aftership import returns
from waybill_ui.services.common.errors import Conflict, Invalid, NotFound

KINDS = ("return", "redirect")
LIVE = ("requested", "accepted", "succeeded")
ADDRESS_FIELDS = ("name", "phone", "province", "city", "district", "address")


def _address_text(address: dict[str, Any]) -> str:
    return " ".join(str(address.get(k) or "").strip() for k in ADDRESS_FIELDS if address.get(k)).strip()[:200]


def _open(
    db: Database, *, shipment_id: int, kind: str, address: dict[str, Any], actor: str, now: datetime
) -> tuple[Any, ...]:
    if kind not in KINDS:
        raise Invalid("intercept.bad_kind", kind=kind)
    if kind == "redirect" and not (address.get("province") and address.get("address")):
        raise Invalid("intercept.need_address")
    with db.write() as session:
        shipment = session.get(Shipment, shipment_id)
        if shipment is None:
            raise NotFound("intercept.no_shipment", id=shipment_id)
        if shipment.cancelled_at is not None:
            raise Invalid("intercept.cancelled", number=shipment.number)
        if shipment.status in {s.value for s in TERMINAL} or shipment.status == "returning":
            raise Invalid("intercept.too_late", number=shipment.number, code="too_late")
        live = (
            session.execute(
                select(Interception).where(
                    col(Interception.shipment_id) == shipment_id, col(Interception.status).in_(LIVE)
                )
            )
            .scalars()
            .first()
        )
        if live is not None and live.status != "requested":
            raise Conflict("intercept.already", number=shipment.number, code="already_intercepted")
        if live is None:
            attempt = (
                session.execute(
                    select(func.count()).select_from(Interception).where(col(Interception.shipment_id) == shipment_id)
                ).scalar_one()
                + 1
            )
            live = Interception(
                shipment_id=shipment_id,
                kind=kind,
                new_address=address if kind == "redirect" else {},
                idempotency_key=f"intercept:{shipment_id}:{attempt}",
                requested_at=now,
                created_by=actor,
            )
            session.add(live)
            session.flush()
            audit.record(
                session,
                actor=actor,
                entity="interception",
                entity_id=live.id,
                action="request",
                to_status="requested",
                details={"number": shipment.number, "kind": kind},
            )
        return live.id, shipment.carrier_code, shipment.number, live.kind, _address_text(live.new_address)


def _store_answer(
    db: Database, *, interception_id: int, answer: InterceptAnswer | None, error: str, actor: str, now: datetime
) -> Interception:
    with db.write() as session:
        row = must_get(session, Interception, interception_id)
        before = row.status
        if answer is None:  # did not get through: stays requested, sent again later
            row.error = error[:300]
        elif answer.status == "refused":
            row.status, row.error = "failed", (answer.message or answer.reason or error)[:300]
        else:
            if answer.status in ("accepted", "succeeded") and row.status in ("requested", "accepted"):
                row.status = answer.status
            row.provider_ref = answer.ref or row.provider_ref
            row.fee_fen = answer.fee_fen or row.fee_fen
            row.error = ""
        row.updated_at = now
        session.add(row)
        if row.status != before:
            audit.record(
                session,
                actor=actor,
                entity="interception",
                entity_id=row.id,
                action="status",
                from_status=before,
                to_status=row.status,
                reason=row.error[:100],
            )
        if row.status == "succeeded" and before != "succeeded" and row.kind == "return":
            shipment = must_get(session, Shipment, row.shipment_id)
            returns.open_for(session, shipments=[shipment], reason="intercepted", actor=actor, now=now)
        session.flush()
        return row


async def request(
    db: Database,
    provider: CarrierProvider,
    *,
    shipment_id: int,
    kind: str,
    address: dict[str, Any] | None = None,
    actor: str,
    now: datetime | None = None,
) -> Interception:
    """Send an interception for a parcel still on its way; the stored row says how it went."""
    now = now or utcnow()
    address = {k: str(v)[:120] for k, v in (address or {}).items() if k in ADDRESS_FIELDS}
    row_id, carrier, number, kind, text = await asyncio.to_thread(
        _open, db, shipment_id=shipment_id, kind=kind, address=address, actor=actor, now=now
    )
    try:
        answer, error = await provider.intercept(carrier=carrier, number=number, kind=kind, address=text), ""
    except NotSupported:
        answer = InterceptAnswer(status="refused", reason="not_supported", message="")
        error = "not_supported"
    except ProviderError as exc:
        answer, error = None, str(exc)
    row = await asyncio.to_thread(
        _store_answer, db, interception_id=row_id, answer=answer, error=error, actor=actor, now=now
    )
    if answer is not None and answer.reason == "not_supported":
        raise Invalid("intercept.not_supported", carrier=carrier)
    return row


async def refresh_pending(
    db: Database, provider: CarrierProvider, *, now: datetime | None = None, limit: int = 200
) -> int:
    """Resend requests that did not get through; ask how accepted ones went. Returns rows changed."""
    now = now or utcnow()

    def pending() -> Sequence[Row[*tuple[Any, ...]]]:
        with db.read() as session:
            return session.execute(
                select(
                    col(Interception.id),
                    col(Interception.status),
                    col(Interception.kind),
                    col(Interception.new_address),
                    col(Shipment.carrier_code),
                    col(Shipment.number),
                )
                .join(Shipment, col(Shipment.id) == col(Interception.shipment_id))
                .where(col(Interception.status).in_(("requested", "accepted")))
                .limit(limit)
            ).all()

    changed = 0
    for row_id, status, kind, address, carrier, number in await asyncio.to_thread(pending):
        try:
            if status == "requested":
                answer = await provider.intercept(
                    carrier=carrier, number=number, kind=kind, address=_address_text(address or {})
                )
            else:
                answer = await provider.interception_status(carrier=carrier, number=number)
                if answer.status == "refused":  # the carrier forgot it: keep asking, do not fail it
                    continue
            error = ""
        except ProviderError as exc:
            answer, error = None, str(exc)
        row = await asyncio.to_thread(
            _store_answer, db, interception_id=row_id, answer=answer, error=error, actor="job:interception", now=now
        )
        changed += row.status != status
    return changed


def shipment_by_number(db: Database, *, number: str) -> int:
    """The live shipment sent with this waybill number (what the seller types or scans)."""
    number = number.strip().upper()
    with db.read() as session:
        found: int | None = (
            session.execute(
                select(col(Shipment.id)).where(col(Shipment.number) == number, col(Shipment.cancelled_at).is_(None))
            )
            .scalars()
            .first()
        )
    if found is None:
        raise NotFound("intercept.no_number", number=number)
    return found


def for_shipment(db: Database, *, shipment_id: int) -> list[Interception]:
    with db.read() as session:
        return list(
            session.execute(
                select(Interception)
                .where(col(Interception.shipment_id) == shipment_id)
                .order_by(col(Interception.id).desc())
            ).scalars()
        )


def list_interceptions(db: Database, *, page: int = 1, size: int = 50) -> tuple[list[dict[str, Any]], int]:
    with db.read() as session:
        total = session.execute(select(func.count()).select_from(Interception)).scalar_one()
        rows = session.execute(
            select(Interception, col(Shipment.number), col(Shipment.carrier_code), col(Order.order_no))
            .join(Shipment, col(Shipment.id) == col(Interception.shipment_id))
            .join(Order, col(Order.id) == col(Shipment.order_id))
            .order_by(col(Interception.id).desc())
            .offset((page - 1) * size)
            .limit(size)
        ).all()
    return [
        {
            "id": r.id,
            "shipment_id": r.shipment_id,
            "number": number,
            "carrier": carrier,
            "order_no": order_no,
            "kind": r.kind,
            "status": r.status,
            "error": r.error,
            "fee_fen": r.fee_fen,
            "ref": r.provider_ref,
            "address": _address_text(r.new_address),
            "requested_at": r.requested_at,
        }
        for r, number, carrier, order_no in rows
    ], total
