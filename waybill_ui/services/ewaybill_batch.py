"""Batch issue (批量取号发货): many orders through one carrier's e-waybill account, concurrently
but within the provider's rate limit, with progress and a plain-Chinese reason per failed order.
A failed order stays pending; running the batch again retries exactly those (each order reuses
its own order code, so nothing is ever issued twice)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field

from waybill_ui.db import Database
from waybill_ui.services import ewaybill
from waybill_ui.services.errors import ServiceError
from waybill_ui.services.rate_limit import RateLimiter

DEFAULT_CONCURRENCY = 16  # requests in flight at once
DEFAULT_QPS = 50.0  # Kdniao and Kuaidi100 both throttle bursty callers; stay well under


@dataclass
class BatchResult:
    shipped: list[dict] = field(default_factory=list)  # {order_no, carrier, number, shipment_id}
    failed: list[dict] = field(default_factory=list)  # {order_no, code, reason}


async def issue_batch(db: Database, *, order_nos: list[str], carrier: str, actor: str,
                      provider_for: ewaybill.ProviderFor, concurrency: int = DEFAULT_CONCURRENCY,
                      qps: float = DEFAULT_QPS, lang: str | None = "zh",
                      progress: Callable[[int, int], None] | None = None) -> BatchResult:
    result, done, total = BatchResult(), 0, len(order_nos)
    limiter, slots = RateLimiter(qps), asyncio.Semaphore(max(1, concurrency))
    seen: set[str] = set()
    unique = [n for n in order_nos if not (n in seen or seen.add(n))]  # an order listed twice is shipped once

    async def one(order_no: str) -> None:
        nonlocal done
        async with slots:
            await limiter.acquire()
            try:
                shipped = await ewaybill.issue_and_ship(db, order_no=order_no, carrier=carrier, actor=actor,
                                                        provider_for=provider_for, lang=lang)
                result.shipped.append({"order_no": order_no, "carrier": shipped.carrier, "number": shipped.number,
                                       "shipment_id": shipped.id})
            except ServiceError as exc:
                result.failed.append({"order_no": order_no, "code": exc.code, "reason": exc.message(lang)})
            done += 1
            if progress:
                progress(done, total)

    await asyncio.gather(*(one(n) for n in unique))
    return result
