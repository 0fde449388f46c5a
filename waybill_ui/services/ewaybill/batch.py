"""Batch issue (批量取号发货): many orders through one carrier's e-waybill account, concurrently
but within the provider's rate limit, with progress and a plain-Chinese reason per failed order.

Three phases keep the never-twice rule at batch speed: (1) one transaction writes every order's
issue row (its order code, the idempotency key) before any call; (2) the provider calls run
concurrently, touching no database; (3) answers are committed in small groups as they arrive,
each order in its own savepoint. A crash anywhere leaves rows a rerun reuses. A failed order
stays pending; running the batch again retries exactly those."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from sqlmodel import Session, col
from typing import Any

from waybill_ui.events import OrdersShipped, publish
from waybill_ui.carriers.protocol import EwaybillIssued, EwaybillOrder, ProviderError
from waybill_ui.db import Database
from waybill_ui.db.models import EwaybillAccount, ShipBatch
from waybill_ui.db.rows import must_get, row_id
from waybill_ui.clock import utcnow
from waybill_ui.services.ewaybill import issue as ewaybill
from waybill_ui.services.ewaybill import accounts as ewaybill_accounts
from waybill_ui.services.ewaybill import bulk as ewaybill_bulk
from waybill_ui.services.shipping import parcels as parcel_ship
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.texts import tr
from waybill_ui.services.tracking.rate_limit import RateLimiter

DEFAULT_CONCURRENCY = 16  # requests in flight at once
DEFAULT_QPS = 50.0  # Kdniao and Kuaidi100 both throttle bursty callers; stay well under
COMMIT_EVERY = 50  # answers per commit in phase 3


@dataclass
class BatchResult:
    batch_id: int = 0  # the ship_batch record, as for pool batches
    shipped: list[dict[str, Any]] = field(default_factory=list)  # {order_no, carrier, number, shipment_id}
    failed: list[dict[str, Any]] = field(default_factory=list)  # {order_no, code, reason}


def _fail(result: BatchResult, items: list[tuple[str, str, dict[str, Any]]], lang: str | None) -> None:
    for order_no, key, params in items:
        code = "already_shipped" if key == "ship.already_shipped" else key.split(".", 1)[1]
        code = {"quota_exhausted": "ewaybill_quota", "unsure": "ewaybill_unsure"}.get(code, code)
        result.failed.append({"order_no": order_no, "code": code, "reason": tr(key, lang, **params)})


def _prepare(
    db: Database, order_nos: list[str], carrier: str, lang: str | None, result: BatchResult
) -> tuple[EwaybillAccount, list[tuple[str, int, EwaybillOrder]]]:
    with db.write() as session:
        account, sender = ewaybill.context_in(session, carrier)
        todo, failed = ewaybill_bulk.prepare(session, order_nos=order_nos, account=account, sender=sender, now=utcnow())
        session.expunge(account)
    _fail(result, failed, lang)
    return account, todo


def _commit(
    db: Database,
    answers: list[tuple[str, int, EwaybillIssued | ProviderError]],
    account_id: int,
    carrier: str,
    actor: str,
    lang: str | None,
    result: BatchResult,
) -> None:
    good = [(o, i, got) for o, i, got in answers if not isinstance(got, ProviderError)]
    with db.write() as session:
        for order_no, issue_id, got in answers:
            if isinstance(got, ProviderError):
                ewaybill.note_error_in(session, issue_id, got)
                exc = ewaybill.explain(got, carrier, lang)
                result.failed.append({"order_no": order_no, "code": exc.code, "reason": exc.message(lang)})
        shipped, failed = ewaybill_bulk.record(
            session,
            answers=good,
            carrier=carrier,
            account_id=account_id,
            actor=actor,
            now=utcnow(),
            batch_id=result.batch_id or None,
        )
    result.shipped += shipped
    _fail(result, failed, lang)


async def issue_batch(
    db: Database,
    *,
    order_nos: list[str],
    carrier: str,
    actor: str,
    provider_for: ewaybill.ProviderFor,
    concurrency: int = DEFAULT_CONCURRENCY,
    qps: float = DEFAULT_QPS,
    lang: str | None = "zh",
    progress: Callable[[int, int], None] | None = None,
    source: str = "page",
    batch_id: int | None = None,
) -> BatchResult:
    """`batch_id`: part of a batch already opened (services/shipping/dispatch.py); its owner closes it."""
    own = batch_id is None
    if not batch_id:
        batch_id = await asyncio.to_thread(_open_batch, db, actor, len(order_nos), source)
    result = BatchResult(batch_id=batch_id)
    unique = list(dict.fromkeys(order_nos))  # an order listed twice is shipped once
    special = await asyncio.to_thread(_one_by_one, db, unique)
    if special:  # merged and split orders: one at a time through the single-order rules
        unique = [n for n in unique if n not in special]
        await _ship_special(db, [n for n in special if special[n]], carrier, actor, provider_for, lang, result)
    await ewaybill_accounts.refresh_if_short(db, carrier=carrier, need=len(unique), provider_for=provider_for)
    account, todo = await asyncio.to_thread(_prepare, db, unique, carrier, lang, result)
    provider, wire = provider_for(account), ewaybill_accounts.wire(account)
    limiter, slots = RateLimiter(qps), asyncio.Semaphore(max(1, concurrency))
    pending: list[Any] = []
    done, total = len(result.failed), len(unique)
    writer: asyncio.Task[Any] | None = None

    async def flush() -> None:
        nonlocal writer, pending, done
        batch, pending = pending, []
        if writer is not None:
            await writer  # one writer at a time, in order
        writer = asyncio.ensure_future(
            asyncio.to_thread(_commit, db, batch, row_id(account), carrier, actor, lang, result)
        )
        await writer
        done += len(batch)
        if progress:
            progress(done, total)

    async def one(order_no: str, issue_id: int, payload: EwaybillOrder) -> None:
        async with slots:
            await limiter.acquire()
            got: EwaybillIssued | ProviderError
            try:
                got = await provider.issue(payload, wire)
            except ProviderError as exc:
                got = exc
        pending.append((order_no, issue_id, got))
        if len(pending) >= COMMIT_EVERY:
            await flush()

    await asyncio.gather(*(one(*item) for item in todo))
    if pending:
        await flush()
    if progress and not todo:
        progress(done, total)
    if own:
        await asyncio.to_thread(_close_batch, db, result)
    if result.shipped:
        await asyncio.to_thread(ewaybill_accounts.check_quota, db)  # low-quota alert once per batch
    publish(OrdersShipped(shipment_ids=tuple(dict.fromkeys(s["shipment_id"] for s in result.shipped))))
    return result


def _one_by_one(db: Database, order_nos: list[str]) -> dict[str, bool]:
    """Merged or split orders among `order_nos` → whether to ship it (False: another order of
    its merge group listed before it ships the group's one parcel)."""
    from sqlalchemy import text

    out: dict[str, bool] = {}
    groups: set[int] = set()
    with db.read() as session:
        ids = order_nos_to_ids(session, order_nos)
        for order_id in sorted(parcel_ship.special_ids(session, list(ids.values()))):
            no, group = session.execute(
                text("SELECT order_no, merge_group_id FROM orders WHERE id = :i"), {"i": order_id}
            ).one()
            out[no] = group is None or group not in groups
            if group is not None:
                groups.add(group)
    return out


def order_nos_to_ids(session: Session, order_nos: list[str]) -> dict[str, int]:
    from sqlalchemy import select

    from waybill_ui.db.models import Order

    found: dict[str, int] = {}
    for start in range(0, len(order_nos), 500):
        chunk = order_nos[start : start + 500]
        found.update(
            (no, order_id)
            for no, order_id in session.execute(
                select(col(Order.order_no), col(Order.id)).where(col(Order.order_no).in_(chunk))
            ).all()
            if order_id is not None
        )
    return found


async def _ship_special(
    db: Database,
    order_nos: list[str],
    carrier: str,
    actor: str,
    provider_for: ewaybill.ProviderFor,
    lang: str | None,
    result: BatchResult,
) -> None:
    for order_no in order_nos:
        try:
            got = await ewaybill.issue_and_ship(
                db, order_no=order_no, carrier=carrier, actor=actor, provider_for=provider_for, lang=lang
            )
        except ServiceError as exc:
            result.failed.append({"order_no": order_no, "code": exc.code, "reason": exc.message(lang)})
            continue
        result.shipped += [
            {"order_no": no, "carrier": got.carrier, "number": number, "shipment_id": shipment_id}
            for no in got.order_nos
            for shipment_id, _, number in got.parcels
        ]


def _open_batch(db: Database, actor: str, requested: int, source: str) -> int:
    with db.write() as session:
        batch = ShipBatch(requested=requested, created_by=actor, source=source)
        session.add(batch)
        session.flush()
        return row_id(batch)


def _close_batch(db: Database, result: BatchResult) -> None:
    with db.write() as session:
        batch = must_get(session, ShipBatch, result.batch_id)
        batch.shipped, batch.failed = len(result.shipped), len(result.failed)
        batch.failures, batch.finished_at = result.failed[:1000], utcnow()
        session.add(batch)


def order_nos_for(db: Database, order_ids: list[int]) -> list[str]:
    """The order numbers of these ids, in the same order (the orders page selects by id)."""
    from sqlalchemy import select

    from waybill_ui.db.models import Order

    found: dict[int, str] = {}
    with db.read() as session:
        for start in range(0, len(order_ids), 500):
            chunk = order_ids[start : start + 500]
            found.update(
                session.execute(select(col(Order.id), col(Order.order_no)).where(col(Order.id).in_(chunk))).all()
            )
    return [found[i] for i in order_ids if i in found]
