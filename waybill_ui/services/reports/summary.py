"""报表: how each carrier did over a period, what the pool cost and wasted, where parcels went,
and how alerts were handled. Every figure is one GROUP BY in SQL (a handful of queries per
report, whatever the number of orders); Python only looks at the grouped rows.

Definitions (the carrier ones are the market rating's, services/market/ratings.py):
* shipments — shipments made in the period and not cancelled.
* spend — what the numbers used in the period cost (`waybill.cost_fen`); a cancelled shipment's
  number counts too, since it can never be used again.
* cost per delivered parcel — spend ÷ parcels delivered: returns and losses make a carrier dearer.
* on time — delivered within the carrier's own transit days for the zone (shop calendar days
  from pickup, or from shipping when the pickup was not seen); late — delivered, not on time.
* exception % / returned % — of the parcels that ended (delivered or in trouble), those that had
  an exception / were returned or refused at any point.
* weighed / avg weight / freight — parcels weighed at the packing station, their mean weight,
  and what the carrier's price (contract first) asks for them at that weight (services/packing/freight.py).
* pool — numbers bought (market) and imported (outlet) in the period, used by shipments, voided
  by a cancelled shipment, expired unused, refunded; waste = what the voided and expired cost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlmodel import col, Session
from typing import Any

from waybill_ui.carriers import codes
from waybill_ui.db import Database, dialect
from waybill_ui.db.models import Alert, Carrier, Order, Shipment, Waybill
from waybill_ui.clock import utcnow
from waybill_ui.services.market import quotes as market
from waybill_ui.services.market import ratings
from waybill_ui.services.aftership import returns
from waybill_ui.services.reports import shops as report_shops
from waybill_ui.services.alerts.center import kind_label
from waybill_ui.services.packing import freight
from waybill_ui.services.reports.tables import Column, Period, Table, ratio
from waybill_ui.texts import tr

SECTIONS = ("carriers", "shops", "pool", "provinces", "alerts", "returns")
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
POOL_COLUMNS = [
    Column("carrier", "text"),
    Column("bought"),
    Column("bought_fen", "fen"),
    Column("imported"),
    Column("used"),
    Column("voided"),
    Column("expired"),
    Column("refunded"),
    Column("refunded_fen", "fen"),
    Column("waste_fen", "fen"),
]
PROVINCE_COLUMNS = [
    Column("province", "text"),
    Column("shipments"),
    Column("delivered"),
    Column("avg_transit_days", "days"),
    Column("exception_rate", "pct"),
]
ALERT_COLUMNS = [
    Column("kind", "text"),
    Column("raised"),
    Column("resolved"),
    Column("still_open"),
    Column("avg_resolve_hours", "hours"),
]


def _n(cond: ColumnElement[Any]) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)


def _sum_if(cond: ColumnElement[Any], value: Any) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((cond, value), else_=0)), 0)


def _in(column: Any, period: Period) -> ColumnElement[Any]:
    return and_(column >= period.since, column < period.until)


def _transit_days() -> ColumnElement[Any]:
    # fractional days from pickup (or shipping) to delivery, for averages
    return dialect.greatest(0.0, dialect.days_between(Shipment.delivered_at, ratings.transit_start()))


# --- per carrier -------------------------------------------------------------------------------


def _carrier_counts(
    session: Session, period: Period, origin: str, shop_id: int | None = None
) -> dict[str, dict[str, Any]]:
    of_shop = report_shops.shipment_condition(shop_id)  # one shop's parcels, or every shop's
    live = [col(Shipment.cancelled_at).is_(None), _in(Shipment.shipped_at, period), *of_shop]
    trouble = ratings.had_trouble()
    returned = ratings.went_through(ratings.RETURN_STATUSES)
    delivered = col(Shipment.delivered_at).is_not(None)
    picked = col(Shipment.picked_up_at).is_not(None)
    rows = session.execute(
        select(
            col(Shipment.carrier_code),
            func.count(),
            _n(delivered),
            _n(trouble),
            _n(ratings.settled_condition(trouble)),
            _n(returned),
            _sum_if(picked, dialect.greatest(0.0, ratings.pickup_hours())),
            _n(picked),
            _sum_if(delivered, _transit_days()),
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
        .where(_in(Shipment.shipped_at, period), *of_shop)
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


# --- the pool ----------------------------------------------------------------------------------


def pool_table(session: Session, period: Period, lang: str = "zh", *, now: datetime | None = None) -> Table:
    now = now or utcnow()
    bought = and_(col(Waybill.origin) == "purchase", _in(Waybill.created_at, period))
    imported = and_(col(Waybill.origin) == "imported", _in(Waybill.created_at, period))
    voided = and_(col(Waybill.status) == "voided", _in(Waybill.updated_at, period))
    # unused at expiry: marked expired by the daily job, or past expiry and not marked yet
    expired = and_(
        or_(col(Waybill.status) == "expired", col(Waybill.status) == "available"),
        _in(Waybill.expires_at, period),
        col(Waybill.expires_at) <= now,
    )
    refunded = and_(col(Waybill.status) == "refunded", _in(Waybill.updated_at, period))
    touched = or_(_in(Waybill.created_at, period), _in(Waybill.updated_at, period), _in(Waybill.expires_at, period))
    rows = session.execute(
        select(
            col(Waybill.carrier_code),
            _n(bought),
            _sum_if(bought, col(Waybill.cost_fen)),
            _n(imported),
            _n(voided),
            _sum_if(voided, col(Waybill.cost_fen)),
            _n(expired),
            _sum_if(expired, col(Waybill.cost_fen)),
            _n(refunded),
            _sum_if(refunded, col(Waybill.cost_fen)),
        )
        .where(touched)
        .group_by(Waybill.carrier_code)
    ).all()
    used = dict(
        session.execute(
            select(col(Shipment.carrier_code), func.count())
            .where(col(Shipment.cancelled_at).is_(None), _in(Shipment.shipped_at, period))
            .group_by(Shipment.carrier_code)
        ).all()
    )
    counts: dict[str, dict[str, Any]] = {}
    for code, b, bf, imp, v, vf, e, ef, r, rf in rows:
        counts[code] = {
            "bought": b,
            "bought_fen": bf,
            "imported": imp,
            "voided": v,
            "voided_fen": vf,
            "expired": e,
            "expired_fen": ef,
            "refunded": r,
            "refunded_fen": rf,
        }
    for code, n in used.items():
        counts.setdefault(code, {})["used"] = n

    def row(code: str | None, c: dict[str, Any]) -> dict[str, Any]:
        return {
            "carrier": codes.name_of(code) if code else tr("reports.total", lang),
            "code": code,
            **{
                k: int(c.get(k, 0))
                for k in ("bought", "bought_fen", "imported", "used", "voided", "expired", "refunded", "refunded_fen")
            },
            "waste_fen": int(c.get("voided_fen", 0)) + int(c.get("expired_fen", 0)),
        }

    table_rows = sorted(
        (row(code, c) for code, c in counts.items() if any(c.values())),
        key=lambda r: (-r["used"], -r["bought"], r["code"]),
    )
    keys = (
        "bought",
        "bought_fen",
        "imported",
        "used",
        "voided",
        "voided_fen",
        "expired",
        "expired_fen",
        "refunded",
        "refunded_fen",
    )
    total = row(None, {k: sum(int(c.get(k, 0)) for c in counts.values()) for k in keys}) if table_rows else None
    return Table("pool", POOL_COLUMNS, table_rows, total, notes=["reports.note.pool"])


# --- per province ------------------------------------------------------------------------------


def provinces_table(session: Session, period: Period, lang: str = "zh") -> Table:
    trouble = ratings.had_trouble()
    delivered = col(Shipment.delivered_at).is_not(None)
    rows = session.execute(
        select(
            col(Order.province),
            func.count(),
            _n(delivered),
            _sum_if(delivered, _transit_days()),
            _n(trouble),
            _n(ratings.settled_condition(trouble)),
        )
        .join(Order, col(Order.id) == col(Shipment.order_id))
        .where(col(Shipment.cancelled_at).is_(None), _in(Shipment.shipped_at, period))
        .group_by(Order.province)
    ).all()

    def row(name: str, n: int, d: int, transit: float, x: int, s: int) -> dict[str, Any]:
        return {
            "province": name,
            "shipments": int(n),
            "delivered": int(d),
            "avg_transit_days": float(transit) / d if d else None,
            "exception_rate": ratio(int(x), int(s)),
        }

    unknown = tr("reports.unknown_province", lang)
    table_rows = sorted((row(p or unknown, *rest) for p, *rest in rows), key=lambda r: (-r["shipments"], r["province"]))
    total = row(tr("reports.total", lang), *(sum(r[i] or 0 for r in rows) for i in range(1, 6))) if rows else None
    return Table("provinces", PROVINCE_COLUMNS, table_rows, total)


# --- alerts ------------------------------------------------------------------------------------


def alerts_table(session: Session, period: Period, lang: str = "zh") -> Table:
    resolved = col(Alert.resolved_at).is_not(None)
    hours = dialect.days_between(Alert.resolved_at, Alert.created_at) * 24
    rows = session.execute(
        select(
            col(Alert.kind), func.count(), _n(resolved), _n(col(Alert.status) != "resolved"), _sum_if(resolved, hours)
        )
        .where(_in(Alert.created_at, period))
        .group_by(Alert.kind)
    ).all()

    def row(name: str, n: int, r: int, still: int, h: float) -> dict[str, Any]:
        return {
            "kind": name,
            "raised": int(n),
            "resolved": int(r),
            "still_open": int(still),
            "avg_resolve_hours": float(h) / r if r else None,
        }

    table_rows = sorted((row(kind_label(k, lang), *rest) for k, *rest in rows), key=lambda r: (-r["raised"], r["kind"]))
    total = row(tr("reports.total", lang), *(sum(r[i] or 0 for r in rows) for i in range(1, 5))) if rows else None
    return Table("alerts", ALERT_COLUMNS, table_rows, total, notes=["reports.note.alerts"])


# --- the whole report --------------------------------------------------------------------------


@dataclass
class Findings:
    cheapest: dict[str, Any] | None  # the carrier row with the lowest cost per delivered parcel
    latest: dict[str, Any] | None  # the carrier row with the highest share of late deliveries

    def sentences(self, lang: str = "zh") -> list[str]:
        from waybill_ui.services.reports.tables import cell_text

        out = []
        if self.cheapest:
            out.append(
                tr(
                    "reports.finding.cheapest",
                    lang,
                    carrier=self.cheapest["carrier"],
                    cost=cell_text("fen", self.cheapest["cost_per_delivered_fen"]),
                    delivered=self.cheapest["delivered"],
                )
            )
        if self.latest:
            out.append(
                tr(
                    "reports.finding.latest",
                    lang,
                    carrier=self.latest["carrier"],
                    rate=cell_text("pct", self.latest["late_rate"]),
                    late=self.latest["late"],
                    delivered=self.latest["delivered"],
                )
            )
        elif self.cheapest:
            out.append(tr("reports.finding.none_late", lang))
        return out or [tr("reports.finding.no_data", lang)]


def findings(carriers: Table) -> Findings:
    delivered = [r for r in carriers.rows if r["delivered"]]
    cheapest = min(delivered, key=lambda r: (r["cost_per_delivered_fen"], -r["delivered"]), default=None)
    late = [r for r in delivered if r["late"]]
    latest = max(late, key=lambda r: (r["late_rate"], r["late"]), default=None)
    return Findings(cheapest, latest)


@dataclass
class Report:
    period: Period
    tables: dict[str, Table]
    findings: Findings
    made_at: datetime


def build(
    db: Database,
    *,
    period: Period,
    lang: str = "zh",
    sections: tuple[str, ...] = SECTIONS,
    now: datetime | None = None,
    shop_id: int | None = None,
) -> Report:
    """The report over a period, in one read transaction (the sections agree with each other).
    `shop_id`: the carriers and shops tables for one shop only (services/reports/shops.py)."""
    origin = market.origin_province(db)
    builders: dict[str, Callable[[Session, Period, str], Table]] = {
        "carriers": lambda s, p, lang: carriers_table(s, p, lang, origin=origin, shop_id=shop_id),
        "shops": lambda s, p, lang: report_shops.table(s, p, lang, shop_id=shop_id),
        "pool": lambda s, p, lang: pool_table(s, p, lang, now=now),
        "provinces": provinces_table,
        "alerts": alerts_table,
        "returns": returns.report_table,
    }
    with db.read() as session:
        tables = {name: builders[name](session, period, lang) for name in SECTIONS if name in sections}
    found = findings(tables["carriers"]) if "carriers" in tables else Findings(None, None)
    return Report(period, tables, found, now or utcnow())
