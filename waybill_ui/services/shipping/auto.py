"""Auto-ship (自动发货, off by default): paid orders that one of the seller's rules matches and whose
carrier has numbers in stock are batch-shipped on a schedule, at most `daily cap` a day (shop
time). Each run is a `ship_batch` row with source "auto" — that is the log the settings page shows.
Orders only the scoring fallback would place are left for a person."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, time

from sqlalchemy import text
from sqlmodel import select, col
from typing import Any

from waybill_ui.db import Database
from waybill_ui.db.models import ShipBatch
from waybill_ui.clock import SHANGHAI, utcnow
from waybill_ui.services.shipping import batch as batch_ship
from waybill_ui.services.orders import carrier_requests
from waybill_ui.services.shipping import matching
from waybill_ui.services.shipping import matcher_loading
from waybill_ui.services.orders import address_check as order_address
from waybill_ui.services.settings import store as shop_settings
from waybill_ui.services.orders.listing import utc_text

log = logging.getLogger(__name__)
SETTINGS = {"autoship.enabled": False, "autoship.daily_cap": 200}
ACTOR = "job:auto_ship"


@dataclass
class AutoShipRun:
    ran: bool
    note: str  # disabled, cap_reached, nothing, shipped
    batch_id: int | None = None
    shipped: int = 0
    failed: list[dict[str, Any]] = field(default_factory=list)
    no_rule: int = 0
    no_stock: int = 0


def shipped_today(db: Database, now: datetime) -> int:
    start = datetime.combine(now.astimezone(SHANGHAI).date(), time(), SHANGHAI)
    with db.read() as session:
        return int(
            session.execute(
                text("SELECT coalesce(sum(shipped), 0) FROM ship_batch WHERE source = 'auto' AND created_at >= :start"),
                {"start": utc_text(start)},
            ).scalar_one()
        )


def _candidates(db: Database, room: int) -> tuple[list[int], int, int]:
    """Pending orders, oldest payment first, that a rule places on a carrier with stock."""
    chosen: list[int] = []
    no_rule = no_stock = 0
    with db.read() as session:
        matcher = matcher_loading.load_matcher(session)
        rows = session.execute(
            text(
                "SELECT id, province, city, weight_g, amount_fen, items, buyer_message, seller_memo FROM orders "
                f"WHERE status = 'pending' AND {order_address.complete_sql()} ORDER BY coalesce(paid_at, ordered_at), id"
            )
        )
        for row in rows:  # streamed from SQLite; stops as soon as today's room is filled
            facts = matching.OrderFacts(
                province=row.province,
                city=row.city,
                weight_g=row.weight_g,
                amount_fen=row.amount_fen,
                title=row.items,
                message=row.buyer_message,
                memo=row.seller_memo,
            )
            request = carrier_requests.parse(row.buyer_message, row.seller_memo)
            decision = matcher.by_rule(facts, request=request)
            if decision is None or not request.allows(decision.carrier):
                # the buyer asked for a carrier the rules would not use: a person decides
                no_rule += 1
            elif decision.carrier is None or matcher.stock.get(decision.carrier, 0) <= 0:
                no_stock += 1
            else:
                matcher.stock[decision.carrier] -= 1
                chosen.append(row.id)
                if len(chosen) >= room:
                    break
    return chosen, no_rule, no_stock


def run_auto_ship(db: Database, *, now: datetime | None = None) -> AutoShipRun:
    now = now or utcnow()
    values = shop_settings.get_many(db, SETTINGS)
    if not values["autoship.enabled"]:
        return AutoShipRun(False, "disabled")
    room = int(values["autoship.daily_cap"] or 0) - shipped_today(db, now)
    if room <= 0:
        return AutoShipRun(False, "cap_reached")
    ids, no_rule, no_stock = _candidates(db, room)
    if not ids:
        return AutoShipRun(True, "nothing", no_rule=no_rule, no_stock=no_stock)
    result = batch_ship.batch_ship(db, order_ids=ids, actor=ACTOR, source="auto", now=now)
    from waybill_ui.services.ewaybill.issue import later_reason  # e-waybill carriers are shipped by a person

    result.failed += [
        {"order_no": n, "code": "ewaybill_later", "reason": later_reason(c, n, "zh")}
        for c, nos in result.deferred.items()
        for n in nos
    ]
    log.info(
        "auto-ship: %d shipped, %d failed, %d without a rule, %d without stock",
        len(result.shipped),
        len(result.failed),
        no_rule,
        no_stock,
    )
    return AutoShipRun(True, "shipped", result.batch_id, len(result.shipped), result.failed, no_rule, no_stock)


def recent_runs(db: Database, *, limit: int = 20) -> list[ShipBatch]:
    with db.read() as session:
        return list(
            session.exec(
                select(ShipBatch).where(ShipBatch.source == "auto").order_by(col(ShipBatch.id).desc()).limit(limit)
            )
        )
