"""批量发货, whichever way each order's number comes: the one entry pages and the API call.

One carrier with an e-waybill account → every order's number is issued by its provider
(services/ewaybill/batch.py). Otherwise the orders are matched (services/shipping/matching.py counts pool
stock and e-waybill quota alike); orders matched to a carrier with an account are issued by its
provider, the rest take pool numbers (services/shipping/batch.py) — all under one batch record, so
the result, the marketplace file and the per-order reasons cover the whole batch."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime

from waybill_ui.carriers import codes
from waybill_ui.db import Database
from waybill_ui.db.models import ShipBatch
from waybill_ui.db.rows import must_get
from waybill_ui.clock import utcnow
from waybill_ui.services.shipping import batch as batch_ship
from waybill_ui.services.ewaybill import issue as ewaybill
from waybill_ui.services.ewaybill import batch as ewaybill_batch
from waybill_ui.services.common.errors import Invalid

POOL_SHARE = 0.3  # of the progress bar, when some orders still go to a provider afterwards


async def ship_batch(
    db: Database,
    *,
    actor: str,
    provider_for: ewaybill.ProviderFor | None,
    order_ids: list[int] | None = None,
    order_nos: list[str] | None = None,
    carrier: str | None = None,
    source: str = "page",
    progress: Callable[[float], None] | None = None,
    lang: str | None = "zh",
    override_reason: str = "",
    now: datetime | None = None,
) -> batch_ship.BatchResult:
    code = codes.resolve(carrier) if carrier else None
    if carrier and code is None:
        raise Invalid("ship.unknown_carrier", carrier=carrier)
    if code and provider_for is not None and await asyncio.to_thread(ewaybill.has_account, db, code):
        nos = list(order_nos or [])
        if order_ids:
            nos += await asyncio.to_thread(ewaybill_batch.order_nos_for, db, order_ids)
        got = await ewaybill_batch.issue_batch(
            db,
            order_nos=nos,
            carrier=code,
            actor=actor,
            provider_for=provider_for,
            lang=lang,
            source=source,
            progress=(lambda done, total: progress(done / max(1, total))) if progress else None,
        )
        return batch_ship.BatchResult(got.batch_id, shipped=got.shipped, failed=got.failed)

    has_accounts = bool(await asyncio.to_thread(ewaybill.account_carriers, db))
    share = POOL_SHARE if has_accounts and provider_for is not None else 1.0
    pool_progress = (lambda f: progress(f * share)) if progress else None
    result = await asyncio.to_thread(
        batch_ship.batch_ship,
        db,
        order_ids=order_ids,
        order_nos=order_nos,
        carrier=carrier,
        actor=actor,
        source=source,
        progress=pool_progress,
        lang=lang,
        override_reason=override_reason,
        now=now,
    )
    deferred, result.deferred = result.deferred, {}
    if not deferred:
        return result
    if provider_for is None:  # a caller that cannot reach providers (none today) leaves them pending, said so
        for carrier_code, nos in deferred.items():
            result.failed += [
                {"order_no": n, "code": "ewaybill_later", "reason": ewaybill.later_reason(carrier_code, n, lang)}
                for n in nos
            ]
    else:
        total, done_before = sum(len(v) for v in deferred.values()), 0
        for carrier_code, nos in deferred.items():

            def step(done: int, _total: int, base: int = done_before) -> None:
                if progress:
                    progress(share + (1 - share) * (base + done) / max(1, total))

            got = await ewaybill_batch.issue_batch(
                db,
                order_nos=nos,
                carrier=carrier_code,
                actor=actor,
                provider_for=provider_for,
                lang=lang,
                source=source,
                progress=step,
                batch_id=result.batch_id,
            )
            result.shipped += got.shipped
            result.failed += got.failed
            done_before += len(nos)
    await asyncio.to_thread(_close, db, result)
    return result


def _close(db: Database, result: batch_ship.BatchResult) -> None:
    with db.write() as session:
        batch = must_get(session, ShipBatch, result.batch_id)
        batch.shipped, batch.failed = len(result.shipped), len(result.failed)
        batch.failures, batch.finished_at = result.failed[:1000], utcnow()
        session.add(batch)
