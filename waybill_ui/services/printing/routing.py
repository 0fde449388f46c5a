"""三段码 / 大头笔 for labels: fetched from the market provider in bulk for the shipments that
have none yet, and kept on the shipment so a reprint shows the same code without asking again.

A provider that fails or knows no code is not an error for printing: the label then shows the
destination city, and the next print asks again.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import bindparam, select, update
from sqlmodel import col
from typing import Any

from waybill_ui.carriers.protocol import CarrierProvider, ProviderError
from waybill_ui.db import Database
from waybill_ui.db.models import Order, Shipment
from waybill_ui.db.rows import table_of

log = logging.getLogger(__name__)

BATCH = 200  # items per provider call
TIMEOUT_S = 15.0  # for all calls together: printing must not hang on a slow provider


@dataclass
class RoutingOutcome:
    asked: int = 0  # shipments that had no code
    filled: int = 0  # of those, how many got one now

    @property
    def missing(self) -> int:
        return self.asked - self.filled


def missing_routing(db: Database, shipment_ids: list[int]) -> list[dict[str, Any]]:
    with db.read() as session:
        # sqlalchemy's select and execute(): sqlmodel's select is typed for at most four columns
        rows = session.execute(
            select(
                col(Shipment.id),
                col(Shipment.carrier_code),
                col(Shipment.number),
                col(Order.province),
                col(Order.city),
                col(Order.district),
            )
            .join(Order, col(Order.id) == col(Shipment.order_id))
            .where(
                col(Shipment.id).in_(shipment_ids), col(Shipment.route_code) == "", col(Shipment.cancelled_at).is_(None)
            )
        ).all()
    return [
        {"id": r[0], "carrier": r[1], "number": r[2], "province": r[3], "city": r[4], "district": r[5]} for r in rows
    ]


def store_routing(db: Database, found: list[dict[str, Any]]) -> None:
    """Bulk update, only where no code arrived meanwhile (a concurrent print may have stored one).
    Not audited: a routing code is print data, not a change of the shipment's state."""
    if not found:
        return
    table = table_of(Shipment)
    statement = (
        update(table)
        .where(table.c.id == bindparam("b_id"), table.c.route_code == "")
        .values(route_code=bindparam("b_code"), sort_name=bindparam("b_name"))
    )
    with db.write() as session:
        session.connection().execute(
            statement, [{"b_id": f["id"], "b_code": f["route_code"][:40], "b_name": f["sort_name"][:60]} for f in found]
        )


async def _ask(provider: CarrierProvider, carrier: str, chunk: list[dict[str, Any]]) -> list[dict[str, Any]]:
    items = [
        {"number": r["number"], "province": r["province"], "city": r["city"], "district": r["district"]} for r in chunk
    ]
    try:
        answers = await provider.routing(carrier=carrier, items=items)
    except ProviderError as exc:
        log.warning("routing codes for %d %s shipments not available: %s", len(chunk), carrier, exc)
        return []
    by_number = {a.number: a for a in answers}
    found = []
    for row in chunk:
        answer = by_number.get(row["number"])
        if answer is not None and answer.route_code.strip():
            found.append(
                {"id": row["id"], "route_code": answer.route_code.strip(), "sort_name": answer.sort_name.strip()}
            )
    return found


async def fill_routing(
    db: Database, provider: CarrierProvider | None, shipment_ids: list[int], *, timeout_s: float = TIMEOUT_S
) -> RoutingOutcome:
    """Ask the provider for the codes the shipments lack (one call per carrier and 200 parcels,
    concurrently) and store what comes back."""
    rows = await asyncio.to_thread(missing_routing, db, shipment_ids)
    outcome = RoutingOutcome(asked=len(rows))
    if not rows or provider is None:
        return outcome
    by_carrier: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_carrier[row["carrier"]].append(row)
    calls = [
        _ask(provider, carrier, group[i : i + BATCH])
        for carrier, group in by_carrier.items()
        for i in range(0, len(group), BATCH)
    ]
    try:
        results = await asyncio.wait_for(asyncio.gather(*calls), timeout_s)
    except TimeoutError:
        log.warning("routing codes: the provider did not answer within %.0f s", timeout_s)
        return outcome
    found = [item for result in results for item in result]
    await asyncio.to_thread(store_routing, db, found)
    outcome.filled = len(found)
    return outcome
