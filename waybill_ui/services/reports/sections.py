"""报表 → 单号池, 各省份, 预警: the report tables that are not about one carrier's service — what the
pool bought, used and wasted, where parcels went, how alerts were handled. They are built from
the SQL helpers of services/reports/carriers.py; the figures are defined in
services/reports/summary.py."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlmodel import col, Session

from waybill_ui.carriers import codes
from waybill_ui.clock import utcnow
from waybill_ui.db import dialect
from waybill_ui.db.models import Alert, Order, Shipment, Waybill
from waybill_ui.services.alerts.center import kind_label
from waybill_ui.services.market import ratings
from waybill_ui.services.reports.carriers import count_if, in_period, sum_if, transit_days
from waybill_ui.services.reports.tables import Column, Period, Table, ratio
from waybill_ui.texts import tr

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


# --- the pool ----------------------------------------------------------------------------------


def pool_table(session: Session, period: Period, lang: str = "zh", *, now: datetime | None = None) -> Table:
    now = now or utcnow()
    bought = and_(col(Waybill.origin) == "purchase", in_period(Waybill.created_at, period))
    imported = and_(col(Waybill.origin) == "imported", in_period(Waybill.created_at, period))
    voided = and_(col(Waybill.status) == "voided", in_period(Waybill.updated_at, period))
    # unused at expiry: marked expired by the daily job, or past expiry and not marked yet
    expired = and_(
        or_(col(Waybill.status) == "expired", col(Waybill.status) == "available"),
        in_period(Waybill.expires_at, period),
        col(Waybill.expires_at) <= now,
    )
    refunded = and_(col(Waybill.status) == "refunded", in_period(Waybill.updated_at, period))
    touched = or_(
        in_period(Waybill.created_at, period),
        in_period(Waybill.updated_at, period),
        in_period(Waybill.expires_at, period),
    )
    rows = session.execute(
        select(
            col(Waybill.carrier_code),
            count_if(bought),
            sum_if(bought, col(Waybill.cost_fen)),
            count_if(imported),
            count_if(voided),
            sum_if(voided, col(Waybill.cost_fen)),
            count_if(expired),
            sum_if(expired, col(Waybill.cost_fen)),
            count_if(refunded),
            sum_if(refunded, col(Waybill.cost_fen)),
        )
        .where(touched)
        .group_by(Waybill.carrier_code)
    ).all()
    used = dict(
        session.execute(
            select(col(Shipment.carrier_code), func.count())
            .where(col(Shipment.cancelled_at).is_(None), in_period(Shipment.shipped_at, period))
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
            count_if(delivered),
            sum_if(delivered, transit_days()),
            count_if(trouble),
            count_if(ratings.settled_condition(trouble)),
        )
        .join(Order, col(Order.id) == col(Shipment.order_id))
        .where(col(Shipment.cancelled_at).is_(None), in_period(Shipment.shipped_at, period))
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
            col(Alert.kind),
            func.count(),
            count_if(resolved),
            count_if(col(Alert.status) != "resolved"),
            sum_if(resolved, hours),
        )
        .where(in_period(Alert.created_at, period))
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
