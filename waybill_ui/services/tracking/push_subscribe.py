"""Subscribing shipments at their provider for pushed updates (the job runs this every tick):
new shipments once, aborted ones again after the provider's wait, refused ones again when the
refusal may pass. Calls run concurrently within the provider's rate limit; every answer is
written in one transaction per pass. A shipment not (or no longer) subscribed is simply polled.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlmodel import col
from typing import Any

from waybill_ui.carriers.protocol import (
    CarrierProvider,
    ProviderConfigError,
    ProviderError,
    SubscribeQuery,
    SubscribeResult,
)
from waybill_ui.carriers.status import TERMINAL
from waybill_ui.db import Database
from waybill_ui.db.models import Order, Shipment, TrackingSubscription
from waybill_ui.clock import SHANGHAI, utcnow
from waybill_ui.services.tracking.push_store import MONTHLY_LIMIT
from waybill_ui.services.tracking.rate_limit import limiter_for
from waybill_ui.services.tracking.config import TrackingConfig

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5  # a refusal that may pass (server error, account problem) is tried this often
CONFIG_RETRY = timedelta(hours=1)


@dataclass
class Candidate:
    shipment_id: int
    carrier: str  # subscribe under this one (a corrected carrier after an abort)
    number: str
    phone: str
    to_text: str
    month: str = ""
    month_count: int = 0
    attempts: int = 0
    exists: bool = False


@dataclass
class SubscribeSummary:
    subscribed: int = 0
    failed: int = 0
    deferred: int = 0  # over the monthly limit: tried again next month
    refused_account: bool = False
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"subscribed": self.subscribed, "failed": self.failed, "deferred": self.deferred}


def month_of(now: datetime) -> str:
    return now.astimezone(SHANGHAI).strftime("%Y-%m")


def next_month_start(now: datetime) -> datetime:
    local = now.astimezone(SHANGHAI)
    year, month = (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
    return local.replace(year=year, month=month, day=1, hour=0, minute=0, second=0, microsecond=0)


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def candidates(db: Database, *, now: datetime, limit: int = 500) -> list[Candidate]:
    """Live, unfinished shipments never subscribed, then aborted/failed ones whose wait is over."""
    terminal = [s.value for s in TERMINAL]
    live = and_(col(Shipment.cancelled_at).is_(None), col(Shipment.status).not_in(terminal))
    cols = (
        col(Shipment.id),
        col(Shipment.carrier_code),
        col(Shipment.number),
        col(Shipment.phone_tail),
        col(Order.phone),
        col(Order.province),
        col(Order.city),
        col(Order.district),
    )
    fresh = (
        select(*cols)
        .join(Order, col(Order.id) == col(Shipment.order_id))
        .outerjoin(TrackingSubscription, col(TrackingSubscription.shipment_id) == col(Shipment.id))
        .where(live, col(TrackingSubscription.id).is_(None))
        .order_by(col(Shipment.id))
        .limit(limit)
    )
    again = (
        select(
            *cols,
            col(TrackingSubscription.carrier_code),
            col(TrackingSubscription.month),
            col(TrackingSubscription.month_count),
            col(TrackingSubscription.attempts),
        )
        .join(Order, col(Order.id) == col(Shipment.order_id))
        .join(TrackingSubscription, col(TrackingSubscription.shipment_id) == col(Shipment.id))
        .where(
            live,
            col(TrackingSubscription.state).in_(("aborted", "failed")),
            col(TrackingSubscription.resubscribe_at) <= now,
        )
        .order_by(col(TrackingSubscription.resubscribe_at))
        .limit(limit)
    )
    out: list[Candidate] = []
    with db.read() as session:
        for sid, carrier, number, tail, phone, province, city, district in session.execute(fresh):
            out.append(
                Candidate(
                    sid,
                    carrier,
                    number,
                    _digits(tail or phone or "")[-4:],
                    f"{province or ''}{city or ''}{district or ''}",
                )
            )
        for (
            sid,
            carrier,
            number,
            tail,
            phone,
            province,
            city,
            district,
            sub_carrier,
            month,
            count,
            attempts,
        ) in session.execute(again):
            out.append(
                Candidate(
                    sid,
                    sub_carrier or carrier,
                    number,
                    _digits(tail or phone or "")[-4:],
                    f"{province or ''}{city or ''}{district or ''}",
                    month,
                    count,
                    attempts,
                    True,
                )
            )
    return out[:limit]


def record(
    db: Database,
    answers: list[tuple[Candidate, SubscribeResult | ProviderError | None]],
    *,
    provider: str,
    cfg: TrackingConfig,
    now: datetime,
    rng: random.Random,
) -> SubscribeSummary:
    """Write the answers: accepted ones are only looked at after `push_silent` without news (when
    callbacks are known to arrive); refused ones stay on polling."""
    summary = SubscribeSummary()
    month = month_of(now)
    with db.write() as session:
        ids = [c.shipment_id for c, _ in answers]
        rows = {
            r.shipment_id: r
            for r in session.scalars(select(TrackingSubscription).where(col(TrackingSubscription.shipment_id).in_(ids)))
        }
        watched = []
        for cand, answer in answers:
            row = rows.get(cand.shipment_id) or TrackingSubscription(
                shipment_id=cand.shipment_id, provider=provider, carrier_code=cand.carrier, state="failed"
            )
            row.provider, row.carrier_code, row.updated_at = provider[:16], cand.carrier, now
            if row.month != month:
                row.month, row.month_count = month, 0
            if answer is None:  # over this month's limit: next month
                row.state, row.code = "aborted", "limit"
                row.message = f"本月已订阅 {MONTHLY_LIMIT} 次（服务商上限），下月再订阅"
                row.resubscribe_at = next_month_start(now)
                summary.deferred += 1
            elif isinstance(answer, SubscribeResult) and answer.accepted:
                # (a push may have come in while this pass ran: "polling" stays)
                row.state = "subscribed" if answer.outcome == "subscribed" and row.state != "polling" else "polling"
                row.code, row.message = answer.code[:16], answer.message[:200]
                if answer.outcome == "subscribed":
                    row.month_count += 1
                row.attempts, row.subscribed_at, row.resubscribe_at = 0, now, None
                watched.append(cand.shipment_id)
                summary.subscribed += 1
            else:
                if isinstance(answer, ProviderConfigError):
                    outcome, code, message = "config", answer.code, str(answer)
                elif isinstance(answer, ProviderError):
                    outcome = "retry" if answer.transient else "failed"
                    code, message = answer.code, str(answer)
                else:
                    outcome, code, message = answer.outcome, answer.code, answer.message
                row.state, row.code, row.message = "failed", code[:16], message[:200]
                row.attempts += 1
                if outcome == "failed" or row.attempts >= MAX_ATTEMPTS:
                    row.resubscribe_at = None  # polled from now on
                elif outcome == "config":
                    row.resubscribe_at = now + CONFIG_RETRY
                    summary.refused_account = True
                else:
                    row.resubscribe_at = now + cfg.backoff_base * (2**row.attempts)
                summary.failed += 1
                if message and message not in summary.errors:
                    summary.errors.append(message[:200])
            session.add(row)
        if watched and cfg.push_watch:
            # The provider now brings the news: the first look waits until the parcel goes silent.
            # One statement for all: the jitter only needs to spread them, not differ per row.
            until = now + cfg.push_silent * (1 + rng.uniform(-cfg.jitter, cfg.jitter))
            session.execute(
                update(Shipment)
                .where(
                    col(Shipment.id).in_(watched),
                    or_(col(Shipment.next_check_at).is_(None), col(Shipment.next_check_at) < until),
                )
                .values(next_check_at=until)
            )
    return summary


async def subscribe_due(
    db: Database,
    provider: CarrierProvider,
    *,
    cfg: TrackingConfig,
    callback_url: str,
    salt: str,
    now_fn: Callable[[], datetime] = utcnow,
    rng: random.Random | None = None,
    limit: int = 500,
) -> SubscribeSummary:
    """One pass: subscribe whatever is due (up to `limit`)."""
    if "subscribe" not in provider.capabilities:
        return SubscribeSummary()
    now = now_fn()
    todo = await asyncio.to_thread(candidates, db, now=now, limit=limit)
    if not todo:
        return SubscribeSummary()
    month = month_of(now)
    limiter = limiter_for(provider, cfg.qps)
    answers: list[tuple[Candidate, SubscribeResult | ProviderError | None]] = []
    queue: asyncio.Queue[Candidate] = asyncio.Queue()
    for cand in todo:
        if cand.month == month and cand.month_count >= MONTHLY_LIMIT:
            answers.append((cand, None))
        else:
            queue.put_nowait(cand)
    refused = asyncio.Event()

    async def worker() -> None:
        while not refused.is_set():
            try:
                cand = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            await limiter.acquire()
            query = SubscribeQuery(
                carrier=cand.carrier,
                number=cand.number,
                callback_url=callback_url,
                phone=cand.phone,
                to_text=cand.to_text,
                salt=salt,
            )
            try:
                answer: SubscribeResult | ProviderError = await provider.subscribe(query)
            except ProviderError as exc:
                answer = exc
            except Exception as exc:  # a provider bug must not stop the others
                log.warning("subscribing %s %s failed unexpectedly: %r", cand.carrier, cand.number, exc)
                answer = ProviderError(f"unexpected: {exc!r}"[:200], code="unexpected")
            answers.append((cand, answer))
            if isinstance(answer, ProviderConfigError) or (
                isinstance(answer, SubscribeResult) and answer.outcome == "config"
            ):
                refused.set()  # our account is refused: the rest waits for the next pass

    await asyncio.gather(*(worker() for _ in range(max(1, min(cfg.concurrency, queue.qsize())))))
    summary = await asyncio.to_thread(
        record, db, answers, provider=provider.name, cfg=cfg, now=now_fn(), rng=rng or random.Random()
    )
    if summary.errors:
        log.info("subscriptions refused (%d): %s", summary.failed, "; ".join(summary.errors[:3]))
    return summary
