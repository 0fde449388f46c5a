"""Recycling of voided numbers through the provider (runtime.providers.market).

A purchased number voided by shipping (shipment cancelled before pickup; `void` in
services/pool/allocation.py) is cancelled at the provider; `recycled_at` is set once it confirmed.
The job in jobs/pool_recycle.py retries until it does; the pool page's "recycle now"
(ui/pool/stock_view.py) runs the same at once.

Its own module, apart from refund and extension (services/pool/provider_ops.py): those are the
owner's requests that hold numbers and move money; this is a retry over numbers already voided,
one provider call per number, with no hold and no money.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, update
from sqlmodel import col

from waybill_ui.carriers.protocol import CarrierProvider, ProviderError
from waybill_ui.clock import utcnow
from waybill_ui.db import Database
from waybill_ui.db.models import Waybill
from waybill_ui.db.rows import changed_rows
from waybill_ui.events import PoolChanged, publish
from waybill_ui.services.pool import history as pool_audit

log = logging.getLogger(__name__)

RECYCLE_ACTOR = "job:pool_recycle"


def pending_recycle(db: Database, *, limit: int = 200) -> list[tuple[int, str, str]]:
    """(id, carrier, number) of voided purchased numbers the provider has not confirmed yet."""
    with db.read() as session:
        return [
            tuple(r)
            for r in session.execute(
                select(col(Waybill.id), col(Waybill.carrier_code), col(Waybill.number))
                .where(
                    col(Waybill.status) == "voided",
                    col(Waybill.origin) == "purchase",
                    col(Waybill.recycled_at).is_(None),
                )
                .order_by(col(Waybill.updated_at), col(Waybill.id))
                .limit(limit)
            )
        ]


def _mark_recycled(db: Database, *, rows: list[tuple[int, str, str]], actor: str, now: datetime) -> int:
    with db.write() as session:
        marked = []
        for wid, carrier, number in rows:
            result = session.execute(
                update(Waybill)
                .where(col(Waybill.id) == wid, col(Waybill.recycled_at).is_(None))
                .values(recycled_at=now)
            )
            if changed_rows(result):
                marked.append((carrier, number, wid))
        pool_audit.record_numbers(
            session,
            marked,
            action="recycle",
            from_status="voided",
            to_status="voided",
            actor=actor,
            reason="provider_confirmed",
        )
    return len(marked)


@dataclass
class RecycleRun:
    recycled: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


async def recycle_pending(
    db: Database,
    provider: CarrierProvider,
    *,
    limit: int = 200,
    actor: str = RECYCLE_ACTOR,
    now: datetime | None = None,
) -> RecycleRun:
    """Cancel voided numbers at the provider; those not confirmed stay pending for the next run."""
    pending = await asyncio.to_thread(pending_recycle, db, limit=limit)
    run = RecycleRun()
    if not pending:
        return run
    slots = asyncio.Semaphore(8)

    async def one(row: tuple[int, str, str]) -> tuple[tuple[int, str, str], bool, str]:
        async with slots:
            try:
                return row, await provider.cancel_number(carrier=row[1], number=row[2]), ""
            except ProviderError as exc:
                return row, False, str(exc)

    confirmed = []
    for row, ok, error in await asyncio.gather(*(one(r) for r in pending)):
        if ok:
            confirmed.append(row)
        else:
            run.failed += 1
            if error and len(run.errors) < 5:
                run.errors.append(f"{row[1]} {row[2]}: {error}")
    if confirmed:
        run.recycled = await asyncio.to_thread(_mark_recycled, db, rows=confirmed, actor=actor, now=now or utcnow())
        if run.recycled:
            publish(PoolChanged(reason="recycled"))
    if run.failed:
        log.warning("recycle: %d numbers not confirmed yet, retried later (%s)", run.failed, "; ".join(run.errors))
    return run
