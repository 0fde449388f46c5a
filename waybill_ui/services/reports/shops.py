"""报表 → 各店铺: the period per shop — orders in, orders still waiting, parcels sent, delivered,
spend on numbers — and the shop condition the other tables take (`shop_id`)."""

from __future__ import annotations

from sqlalchemy import and_, case, func, select
from sqlmodel import Session

from waybill_ui.db.models import Order, Shipment, Shop, Waybill
from waybill_ui.services.reports.tables import Column, Period, Table
from waybill_ui.texts import tr

COLUMNS = [Column("shop", "text"), Column("marketplace", "text"), Column("orders"), Column("pending"),
           Column("shipments"), Column("delivered"), Column("spend_fen", "fen")]


def shipment_condition(shop_id: int | None) -> list:
    """Shipments of one shop's orders (nothing when `shop_id` is None: every shop)."""
    if shop_id is None:
        return []
    return [Shipment.order_id.in_(select(Order.id).where(Order.shop_id == shop_id))]


def table(session: Session, period: Period, lang: str = "zh", *, shop_id: int | None = None) -> Table:
    in_period = and_(Shipment.shipped_at >= period.since, Shipment.shipped_at < period.until,
                     Shipment.cancelled_at.is_(None))
    sent = dict((s, (int(n), int(d))) for s, n, d in session.execute(
        select(Order.shop_id, func.count(), func.coalesce(func.sum(case((Shipment.delivered_at.is_not(None), 1),
                                                                        else_=0)), 0))
        .select_from(Shipment).join(Order, Order.id == Shipment.order_id).where(in_period).group_by(Order.shop_id)))
    spend = dict(session.execute(
        select(Order.shop_id, func.coalesce(func.sum(Waybill.cost_fen), 0)).select_from(Shipment)
        .join(Order, Order.id == Shipment.order_id).join(Waybill, Waybill.id == Shipment.waybill_id)
        .where(Shipment.shipped_at >= period.since, Shipment.shipped_at < period.until).group_by(Order.shop_id)).all())
    came = dict(session.execute(
        select(Order.shop_id, func.count()).where(Order.ordered_at >= period.since, Order.ordered_at < period.until)
        .group_by(Order.shop_id)).all())
    waiting = dict(session.execute(select(Order.shop_id, func.count()).where(Order.status == "pending")
                                   .group_by(Order.shop_id)).all())
    rows = []
    for shop in session.execute(select(Shop).order_by(Shop.id)).scalars():
        if shop_id is not None and shop.id != shop_id:
            continue
        n, d = sent.get(shop.id, (0, 0))
        if not (n or came.get(shop.id) or spend.get(shop.id)):
            continue  # nothing in the period (an empty period has no rows)
        rows.append({"shop": shop.name, "shop_id": shop.id, "marketplace": tr(f"marketplace.{shop.marketplace}", lang),
                     "orders": came.get(shop.id, 0), "pending": waiting.get(shop.id, 0), "shipments": n,
                     "delivered": d, "spend_fen": int(spend.get(shop.id, 0))})
    total = None
    if len(rows) > 1:
        total = {"shop": tr("reports.total", lang), "shop_id": None, "marketplace": "",
                 **{k: sum(r[k] for r in rows) for k in ("orders", "pending", "shipments", "delivered", "spend_fen")}}
    return Table("shops", COLUMNS, rows, total, notes=["reports.note.shops"])
