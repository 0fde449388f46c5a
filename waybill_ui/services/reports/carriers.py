"""报表 → 快递公司: the per-carrier table (shipments, spend, cost per delivered parcel, speed, on
time, exceptions, returns, weight and freight), the table the dashboard's 30-day carrier figures
also come from (services/reports/dashboard.py). The figures are defined in
services/reports/summary.py.

The small SQL helpers every report table builds its GROUP BY from live here too (the carrier
table is their first and biggest user); the other tables (services/reports/sections.py) import
them from here, so each has one home."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlmodel import col, Session

from waybill_ui.carriers import codes
from waybill_ui.db import dialect
from waybill_ui.db.models import Carrier, Shipment, Waybill
from waybill_ui.services.market import quotes as market
from waybill_ui.services.market import ratings
from waybill_ui.services.reports import shops as report_shops
from waybill_ui.services.packing import freight
from waybill_ui.services.reports.tables import Column, Period, Table, ratio
from waybill_ui.texts import tr

CARRIER_COLUMNS = [
    Column("carrier", "text"),
    Column("shipments"),
    Column("delivered"),
    Column("spend_fen", "fen"),
    Column("cost_per_delivered_fen", "fen"),
    Column("avg_pickup_hours", "hours"),
    Column("avg_transit_days", "days"),
    Column("on_time_rate", "pct"),
    Column("late"),
    Column("late_rate", "pct"),
    Column("exception_rate", "pct"),
    Column("returned_rate", "pct"),
    Column("weighed"),
    Column("avg_weight_g"),
    Column("freight_fen", "fen"),
]


# --- SQL helpers shared by the report tables ---------------------------------------------------


def count_if(cond: ColumnElement[Any]) -> ColumnElement[Any]:
    """How many rows of the group meet `cond` (0, not NULL, for none)."""
    return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)


def sum_if(cond: ColumnElement[Any], value: Any) -> ColumnElement[Any]:
    """The sum of `value` over the rows of the group that meet `cond` (0, not NULL, for none)."""
    return func.coalesce(func.sum(case((cond, value), else_=0)), 0)


def in_period(column: Any, period: Period) -> ColumnElement[Any]:
    """`column` falls within the period (its shop-local days, both ends included)."""
    return and_(column >= period.since, column < period.until)


def transit_days() -> ColumnElement[Any]:
    # fractional days from pickup (or shipping) to delivery, for averages
    return dialect.greatest(0.0, dialect.days_between(Shipment.delivered_at, ratings.transit_start()))


# --- per carrier -------------------------------------------------------------------------------


def _carrier_counts(
    session: Session, period: Period, origin: str, shop_id: int | None = None
) -> dict[str, dict[str, Any]]:
    of_shop = report_shops.shipment_condition(shop_id)  # one shop's parcels, or every shop's
    live = [col(Shipment.cancelled_at).is_(None), in_period(Shipment.shipped_at, period), *of_shop]
    trouble = ratings.had_trouble()
    returned = ratings.went_through(ratings.RETURN_STATUSES)
    delivered = col(Shipment.delivered_at).is_not(None)
    picked = col(Shipment.picked_up_at).is_not(None)
    rows = session.execute(
        select(
            col(Shipment.carrier_code),
            func.count(),
            count_if(delivered),
            count_if(trouble),
            count_if(ratings.settled_condition(trouble)),
            count_if(returned),
            sum_if(picked, dialect.greatest(0.0, ratings.pickup_hours())),
            count_if(picked),
            sum_if(delivered, transit_days()),
        )
        .where(*live)
        .group_by(Shipment.carrier_code)
    ).all()
    out = {
        code: {
            "shipments": int(n),
            "delivered": int(d),
            "exceptions": int(x),
            "settled": int(s),
            "returned": int(r),
            "pickup_h_sum": float(ph),
            "picked": int(p),
            "transit_sum": float(ts),
        }
        for code, n, d, x, s, r, ph, p, ts in rows
    }
    # spend: every number a shipment of the period took, cancelled ones included
    for code, spend, used in session.execute(
        select(col(Shipment.carrier_code), func.coalesce(func.sum(col(Waybill.cost_fen)), 0), func.count())
        .join(Waybill, col(Waybill.id) == col(Shipment.waybill_id))
        .where(in_period(Shipment.shipped_at, period), *of_shop)
        .group_by(col(Shipment.carrier_code))
    ):
        out.setdefault(code, {})["spend_fen"] = int(spend)
        out[code]["numbers_used"] = int(used)
    carriers = {c.code: c for c in session.execute(select(Carrier)).scalars()}
    for code, (_delivered_n, on_time) in ratings.on_time_by_carrier(
        session, conds=live, origin=origin, carriers=carriers
    ).items():
        out.setdefault(code, {})["on_time"] = on_time
    # weighed at the packing station: weight and the freight it costs at the carrier's price
    for code, w in freight.by_carrier(session, live, origin).items():
        out.setdefault(code, {}).update(w)
    return out


def _carrier_row(code: str | None, c: dict[str, Any], lang: str) -> dict[str, Any]:
    delivered, on_time = c.get("delivered", 0), c.get("on_time", 0)
    spend = c.get("spend_fen", 0)
    return {
        "carrier": codes.name_of(code) if code else tr("reports.total", lang),
        "code": code,
        "shipments": c.get("shipments", 0),
        "delivered": delivered,
        "spend_fen": spend,
        "cost_per_delivered_fen": round(spend / delivered) if delivered else None,
        "avg_pickup_hours": c["pickup_h_sum"] / c["picked"] if c.get("picked") else None,
        "avg_transit_days": c["transit_sum"] / delivered if delivered else None,
        "on_time_rate": ratio(on_time, delivered),
        "late": delivered - on_time if delivered else 0,
        "late_rate": ratio(delivered - on_time, delivered),
        "exception_rate": ratio(c.get("exceptions", 0), c.get("settled", 0)),
        "returned_rate": ratio(c.get("returned", 0), c.get("settled", 0)),
        "weighed": c.get("weighed", 0),
        "avg_weight_g": round(c["weight_g_sum"] / c["weighed"]) if c.get("weighed") else None,
        "freight_fen": c.get("freight_fen") if c.get("priced") else None,
    }


def carriers_table(
    session: Session,
    period: Period,
    lang: str = "zh",
    *,
    origin: str = market.DEFAULT_ORIGIN,
    shop_id: int | None = None,
) -> Table:
    """`origin`: where parcels leave from (market.origin_province), for the promised transit days;
    `shop_id`: one shop's parcels only."""
    counts = _carrier_counts(session, period, origin, shop_id)
    keys = (
        "shipments",
        "delivered",
        "exceptions",
        "settled",
        "returned",
        "pickup_h_sum",
        "picked",
        "transit_sum",
        "spend_fen",
        "on_time",
        "weighed",
        "weight_g_sum",
        "freight_fen",
        "priced",
    )
    total = {k: sum(c.get(k, 0) for c in counts.values()) for k in keys}
    rows = [_carrier_row(code, c, lang) for code, c in counts.items()]
    rows.sort(key=lambda r: (-r["shipments"], r["code"]))
    return Table(
        "carriers",
        CARRIER_COLUMNS,
        rows,
        _carrier_row(None, total, lang) if rows else None,
        notes=["reports.note.spend", "reports.note.on_time", "reports.note.exception"],
    )
