"""工作台: what needs doing today and how the last 30 days went, in one snapshot.

Counts come from small GROUP BY queries on indexed columns; the stock figures are the pool's
(services/pool/stock.py), the forecast is the planner's (services/market/planner.py), the 30-day carrier
figures are the report's (services/reports/carriers.py), so every number here matches the page it links to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from sqlalchemy import func, select, text
from sqlmodel import col
from typing import Any, TYPE_CHECKING

from waybill_ui.db import Database, dialect
from waybill_ui.db.models import Alert, Order, Purchase, ReturnRecord, Shipment, Waybill
from waybill_ui.clock import SHANGHAI, utcnow
from waybill_ui.services.market import quotes as market
from waybill_ui.services.orders import address_check as order_address
from waybill_ui.services.market import planner
from waybill_ui.services.pool import stock as pool
from waybill_ui.services.reports.carriers import carriers_table
from waybill_ui.services.alerts.raising import OPEN_STATES
from waybill_ui.services.pool.stock import CarrierStock
from waybill_ui.services.reports.tables import Period, Table, today_local

if TYPE_CHECKING:  # annotations only
    from waybill_ui.services.accounts.users import Principal

CHART_DAYS = 30
WAITING_PURCHASES = ("paid", "sync_pending")


@dataclass
class Snapshot:
    empty: bool
    pending_orders: int = 0
    needs_address: int = 0  # of those, 待补地址: cannot ship until the address is filled in
    new_orders_today: int = 0
    shipped_today: int = 0
    alerts_open: int = 0
    alerts_by_kind: dict[str, int] = field(default_factory=dict)
    shipments_by_status: dict[str, int] = field(default_factory=dict)  # live shipments of the last 30 days
    purchases_waiting: int = 0
    numbers_waiting: int = 0
    returns_open: int = 0  # parcels coming back, not yet received (issue 22)
    stock: list[CarrierStock] = field(default_factory=list)
    days: list[str] = field(default_factory=list)  # MM-DD, oldest first
    per_day: dict[str, list[int]] = field(default_factory=dict)  # carrier -> shipments each day
    carriers: Table | None = None  # the report's carrier table over the last 30 days
    forecast: list[planner.CarrierPlan] = field(default_factory=list)
    made_at: datetime | None = None


def _today_start(now: datetime) -> datetime:
    return datetime.combine(now.astimezone(SHANGHAI).date(), time(), SHANGHAI)


def counts(db: Database, *, now: datetime | None = None) -> Snapshot:
    """The quick figures (a few index lookups): what the page refreshes on every news."""
    now = now or utcnow()
    today = _today_start(now)
    tomorrow = today + timedelta(days=1)
    since = now - timedelta(days=CHART_DAYS)
    with db.read() as session:
        empty = all(
            session.execute(select(col(model.id)).limit(1)).first() is None for model in (Order, Waybill, Shipment)
        )
        snap = Snapshot(empty=empty, made_at=now)
        if empty:
            return snap
        snap.pending_orders = session.execute(
            select(func.count()).select_from(Order).where(col(Order.status) == "pending")
        ).scalar_one()
        snap.needs_address = session.execute(
            text(f"SELECT count(*) FROM orders WHERE {order_address.needs_sql()}")
        ).scalar_one()
        snap.new_orders_today = session.execute(
            select(func.count())
            .select_from(Order)
            .where(col(Order.ordered_at) >= today, col(Order.ordered_at) < tomorrow)
        ).scalar_one()
        snap.shipped_today = session.execute(
            select(func.count())
            .select_from(Shipment)
            .where(
                col(Shipment.shipped_at) >= today,
                col(Shipment.shipped_at) < tomorrow,
                col(Shipment.cancelled_at).is_(None),
            )
        ).scalar_one()
        snap.alerts_by_kind = {
            kind: int(n)
            for kind, n in session.execute(
                select(col(Alert.kind), func.count())
                .where(col(Alert.status).in_(OPEN_STATES))
                .group_by(Alert.kind)
                .order_by(func.count().desc())
            )
        }
        snap.alerts_open = sum(snap.alerts_by_kind.values())
        snap.shipments_by_status = {
            status: int(n)
            for status, n in session.execute(
                select(col(Shipment.status), func.count())
                .where(
                    col(Shipment.shipped_at) >= since,
                    col(Shipment.shipped_at) < tomorrow,
                    col(Shipment.cancelled_at).is_(None),
                )
                .group_by(Shipment.status)
                .order_by(func.count().desc())
            )
        }
        waiting = session.execute(
            select(func.count(), func.coalesce(func.sum(Purchase.numbers_count - Purchase.numbers_received), 0)).where(
                col(Purchase.status).in_(WAITING_PURCHASES)
            )
        ).one()
        snap.purchases_waiting, snap.numbers_waiting = int(waiting[0]), int(waiting[1])
        snap.returns_open = session.execute(
            select(func.count()).select_from(ReturnRecord).where(col(ReturnRecord.status) == "open")
        ).scalar_one()
    return snap


def per_day(
    db: Database, *, now: datetime | None = None, days: int = CHART_DAYS
) -> tuple[list[str], dict[str, list[int]]]:
    """Shipments made each shop day over the last `days` days, per carrier (cancelled left out)."""
    now = now or utcnow()
    first = now.astimezone(SHANGHAI).date() - timedelta(days=days - 1)
    since = datetime.combine(first, time(), SHANGHAI)
    day = dialect.local_day(Shipment.shipped_at)
    with db.read() as session:
        rows = session.execute(
            select(day, col(Shipment.carrier_code), func.count())
            .where(col(Shipment.shipped_at) >= since, col(Shipment.cancelled_at).is_(None))
            .group_by(day, Shipment.carrier_code)
        ).all()
    labels = [(first + timedelta(days=i)).isoformat() for i in range(days)]
    index = {d: i for i, d in enumerate(labels)}
    series: dict[str, list[int]] = {}
    for d, carrier, n in rows:
        if d in index:
            series.setdefault(carrier, [0] * days)[index[d]] = int(n)
    return [d[5:] for d in labels], dict(sorted(series.items(), key=lambda kv: -sum(kv[1])))


def snapshot(db: Database, *, now: datetime | None = None, lang: str = "zh") -> Snapshot:
    """Everything the dashboard shows."""
    now = now or utcnow()
    snap = counts(db, now=now)
    if snap.empty:
        return snap
    snap.stock = [s for s in pool.stock_stats(db, now=now) if s.total or s.used_in_window]
    snap.days, snap.per_day = per_day(db, now=now)
    today = today_local(now)
    period = Period(today - timedelta(days=CHART_DAYS - 1), today)
    origin = market.origin_province(db)
    with db.read() as session:
        snap.carriers = carriers_table(session, period, lang, origin=origin)
    snap.forecast = planner.plan(db, now=now)
    return snap


def load_demo(db: Database, *, principal: Principal, seed: int | None = None) -> dict[str, Any]:
    """The empty dashboard's "load demo data" (owner only: demo orders and a demo balance)."""
    from waybill_ui.services.system import demo
    from waybill_ui.services.accounts import users

    from waybill_ui import runtime

    users.require_owner(principal)
    current = runtime.get_or_none()
    sandbox = current.sandbox if current else None
    enter = (lambda n, c, to, at: sandbox.store.enter(n, c, to, at.timestamp())) if sandbox else None
    return demo.seed_demo(
        db, seed=seed, actor=principal.username, enter_network=enter, network_seed=sandbox.config.seed if sandbox else 0
    )
