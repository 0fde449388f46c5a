"""报表 → 各店铺: the period per shop — orders in, orders still waiting, parcels sent, delivered,
spend on numbers — and the shop condition the other tables take (`shop_id`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlmodel import Session, col

from waybill_ui.db.models import Order, Shipment, Shop, Waybill
from waybill_ui.services.reports.tables import Column, Period, Table
from waybill_ui.texts import tr

COLUMNS = [
    Column("shop", "text"),
    Column("marketplace", "text"),
    Column("orders"),
    Column("pending"),
    Column("shipments"),
    Column("delivered"),
    Column("spend_fen", "fen"),
]


def shipment_condition(shop_id: int | None) -> list[ColumnElement[bool]]:
    """Shipments of one shop's orders (nothing when `shop_id` is None: every shop)."""
    if shop_id is None:
        return []
    return [col(Shipment.order_id).in_(select(col(Order.id)).where(col(Order.shop_id) == shop_id))]


def table(session: Session, period: Period, lang: str = "zh", *, shop_id: int | None = None) -> Table:
    in_period = and_(
        col(Shipment.shipped_at) >= period.since,
        col(Shipment.shipped_at) < period.until,
        col(Shipment.cancelled_at).is_(None),
    )
    sent: dict[int | None, tuple[int, int]] = dict(
        (s, (int(n), int(d)))
        for s, n, d in session.execute(
            select(
                col(Order.shop_id),
                func.count(),
                func.coalesce(func.sum(case((col(Shipment.delivered_at).is_not(None), 1), else_=0)), 0),
            )
            .select_from(Shipment)
            .join(Order, col(Order.id) == col(Shipment.order_id))
            .where(in_period)
            .group_by(col(Order.shop_id))
        )
    )
    spend: dict[int | None, int] = {
        s: v
        for s, v in session.execute(
            select(col(Order.shop_id), func.coalesce(func.sum(col(Waybill.cost_fen)), 0))
            .select_from(Shipment)
            .join(Order, col(Order.id) == col(Shipment.order_id))
            .join(Waybill, col(Waybill.id) == col(Shipment.waybill_id))
            .where(col(Shipment.shipped_at) >= period.since, col(Shipment.shipped_at) < period.until)
            .group_by(col(Order.shop_id))
        ).all()
    }
    came: dict[int | None, int] = {
        s: n
        for s, n in session.execute(
            select(col(Order.shop_id), func.count())
            .where(col(Order.ordered_at) >= period.since, col(Order.ordered_at) < period.until)
            .group_by(col(Order.shop_id))
        ).all()
    }
    waiting: dict[int | None, int] = {
        s: n
        for s, n in session.execute(
            select(col(Order.shop_id), func.count()).where(col(Order.status) == "pending").group_by(col(Order.shop_id))
        ).all()
    }
    rows: list[dict[str, Any]] = []
    for shop in session.execute(select(Shop).order_by(col(Shop.id))).scalars():
        if shop_id is not None and shop.id != shop_id:
            continue
        n, d = sent.get(shop.id, (0, 0))
        if not (n or came.get(shop.id) or spend.get(shop.id)):
            continue  # nothing in the period (an empty period has no rows)
        rows.append(
            {
                "shop": shop.name,
                "shop_id": shop.id,
                "marketplace": tr(f"marketplace.{shop.marketplace}", lang),
                "orders": came.get(shop.id, 0),
                "pending": waiting.get(shop.id, 0),
                "shipments": n,
                "delivered": d,
                "spend_fen": int(spend.get(shop.id, 0)),
            }
        )
    total = None
    if len(rows) > 1:
        total = {
            "shop": tr("reports.total", lang),
            "shop_id": None,
            "marketplace": "",
            **{k: sum(r[k] for r in rows) for k in ("orders", "pending", "shipments", "delivered", "spend_fen")},
        }
    return Table("shops", COLUMNS, rows, total, notes=["reports.note.shops"])
