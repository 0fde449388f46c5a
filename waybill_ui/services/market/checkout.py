"""Buying numbers as one use case for the checkout page and the API: pay from the balance
(services/market/purchases.py: checkout, idempotent per key), then fetch the numbers from the provider
in the background right away (services/market/number_sync.py); the scheduled sync retries whatever this
first try does not get. 重新同步 is here too, so pages and routes only call."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from waybill_ui.db.rows import row_id
from waybill_ui import background
from waybill_ui.carriers.protocol import CarrierProvider
from waybill_ui.db import Database
from waybill_ui.services.market import number_sync
from waybill_ui.services.market import purchases
from waybill_ui.services.market.purchases import CheckoutResult, PurchaseInfo
from waybill_ui.services.accounts.users import Principal

log = logging.getLogger(__name__)


async def buy(
    db: Database,
    *,
    provider: CarrierProvider,
    package_id: str,
    quantity: int,
    idempotency_key: str,
    actor: Principal,
    channel: str = "",
    wait_s: float = 0.0,
) -> CheckoutResult:
    """Pay, then start fetching the numbers. `wait_s`: how long to wait for them before answering
    (the API waits a little so a quick provider's numbers are in the answer); the fetch goes on
    in the background either way. Paying again with the same key charges nothing and starts
    nothing."""
    result = await asyncio.to_thread(
        purchases.checkout,
        db,
        package_id=package_id,
        quantity=quantity,
        idempotency_key=idempotency_key,
        actor=actor,
        channel=channel,
    )
    if result.created:
        who = purchases.actor_name(actor, channel)
        task = sync_in_background(db, provider=provider, purchase_id=row_id(result.purchase), actor=who)
        if wait_s > 0:
            await asyncio.wait({task}, timeout=wait_s)
    return result


def sync_in_background(
    db: Database, *, provider: CarrierProvider, purchase_id: int, actor: str, manual: bool = False
) -> asyncio.Task[Any]:
    """Start one sync attempt now; a failure leaves the purchase due for the scheduled sync."""

    async def sync() -> None:
        try:
            await number_sync.sync_purchase(db, provider=provider, purchase_id=purchase_id, actor=actor, manual=manual)
        except Exception as exc:  # e.g. the app is shutting down; the state is safe and the job retries
            log.warning("sync of purchase %s stopped (%r); the scheduler will retry it", purchase_id, exc)

    return background.start(sync(), name=f"purchase-sync-{purchase_id}")


async def sync_now(db: Database, *, provider: CarrierProvider, purchase_id: int, actor: str) -> PurchaseInfo:
    """重新同步: one attempt now, even before the purchase is due (its failure costs no retry)."""
    return await number_sync.sync_purchase(db, provider=provider, purchase_id=purchase_id, actor=actor, manual=True)
