"""单号库存: stock per carrier (counts by status, expiring soon, usage rate, days of stock left)
and the pool settings those counts read.

The other pool services live beside this one: numbers (the paged number list and one number's
page), importing (outlet lists and ranges), known (the duplicate guard), provider_ops (refund,
extend), recycling (voided numbers back to the provider), watch (expiry and low-stock alerts),
history (every number's history), allocation (handing numbers out); what to buy next is
market/planner.py.

A number whose `expires_at` has passed counts as expired here even before the daily expiry job
has marked it, so the counts always add up to the numbers the shop holds and never overstate
what can be used. `past` and `usable` are that rule as SQL, for the number list
(services/pool/numbers.py) and the planner.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlmodel import Session, col

from waybill_ui.carriers import codes
from waybill_ui.clock import utcnow
from waybill_ui.db import Database
from waybill_ui.db.models import Carrier, Shipment, Waybill
from waybill_ui.services.common.errors import Invalid
from waybill_ui.services.settings import store as shop_settings
from waybill_ui.texts import tr

DEFAULTS = {
    "pool.expiry_warn_days": 7,  # alert this many days before numbers expire
    "pool.lead_time_days": 3,  # days it takes to get new numbers (outlet / purchase)
    "pool.usage_window_days": 28,  # recent usage rate = numbers used over this many days
    "pool.low_stock_thresholds": {},  # carrier -> minimum usable numbers (0 / missing: rule only)
    "pool.planner_horizon_days": 30,
}
ACTIVE_DAYS = 14  # a carrier used this recently with no stock always raises a low-stock alert


def settings(db: Database) -> dict[str, Any]:
    values = shop_settings.get_many(db, DEFAULTS)
    values["pool.low_stock_thresholds"] = {
        str(k): int(v) for k, v in (values["pool.low_stock_thresholds"] or {}).items() if v
    }
    return values


LIMITS = {
    "pool.expiry_warn_days": (1, 90, "settings.pool.warn_days"),
    "pool.lead_time_days": (0, 60, "settings.pool.lead_time"),
    "pool.usage_window_days": (7, 180, "settings.pool.window"),
    "pool.planner_horizon_days": (1, 365, "settings.pool.horizon"),
}


def save_settings(db: Database, *, values: dict[str, Any], actor: str) -> None:
    """Check and store the pool settings (owner only: callers check)."""
    clean_values: dict[str, Any] = {}
    for key, (low, high, label) in LIMITS.items():
        if key not in values:
            continue
        value = values[key]
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise Invalid("settings.pool.bad_value", field=tr(label), low=low, high=high)
        clean_values[key] = value
    if "pool.low_stock_thresholds" in values:
        thresholds = {}
        for carrier, value in (values["pool.low_stock_thresholds"] or {}).items():
            value = int(value or 0) if str(value or 0).isdigit() or isinstance(value, (int, float)) else -1
            if carrier not in codes.CARRIERS or not 0 <= value <= 1_000_000:
                raise Invalid(
                    "settings.pool.bad_value",
                    field=f"{tr('settings.pool.thresholds')} · {codes.name_of(carrier)}",
                    low=0,
                    high=1_000_000,
                )
            if value:
                thresholds[carrier] = value
        clean_values["pool.low_stock_thresholds"] = thresholds
    shop_settings.put(db, values=clean_values, actor=actor)


@dataclass
class CarrierStock:
    carrier: str
    name: str
    available: int = 0
    used: int = 0
    voided: int = 0
    expired: int = 0
    refunded: int = 0
    expiring_soon: int = 0
    recycle_pending: int = 0
    next_expiry: datetime | None = None
    used_in_window: int = 0  # numbers used (shipments) in the usage window
    window_days: int = 28
    used_last_14d: int = 0

    @property
    def total(self) -> int:
        return self.available + self.used + self.voided + self.expired + self.refunded

    @property
    def rate_per_day(self) -> float:
        return self.used_in_window / self.window_days if self.window_days else 0.0

    @property
    def days_left(self) -> float | None:
        """Days the usable stock lasts at the recent rate; None when nothing was used lately."""
        rate = self.rate_per_day
        return self.available / rate if rate > 0 else None


def past(now: datetime) -> ColumnElement[Any]:
    """Available numbers whose `expires_at` has passed: expired, whether or not the job marked them."""
    return and_(
        col(Waybill.status) == "available", col(Waybill.expires_at).is_not(None), col(Waybill.expires_at) <= now
    )


def usable(now: datetime) -> ColumnElement[Any]:
    """Numbers that can still be handed out: available and not past their `expires_at`."""
    return and_(
        col(Waybill.status) == "available", or_(col(Waybill.expires_at).is_(None), col(Waybill.expires_at) > now)
    )


def usage_in(session: Session, *, since: datetime) -> dict[str, int]:
    """Numbers used per carrier since a time: every shipment made (a cancelled one used a number too)."""
    rows = session.execute(
        select(col(Shipment.carrier_code), func.count())
        .where(col(Shipment.shipped_at) >= since)
        .group_by(Shipment.carrier_code)
    ).all()
    return {carrier: int(n) for carrier, n in rows}


def effective_window(session: Session, *, now: datetime, window_days: int) -> int:
    """The usage window, shortened to the days since the shop's first shipment when that is more
    recent (a shop one week old has a week of history, not four)."""
    first: datetime | None = session.execute(select(func.min(Shipment.shipped_at))).scalar()
    if first is None:
        return window_days
    return max(1, min(window_days, math.ceil((now - first).total_seconds() / 86400)))


def stock_in(session: Session, *, now: datetime, warn_days: int, window_days: int) -> list[CarrierStock]:
    window_days = effective_window(session, now=now, window_days=window_days)
    soon = now + timedelta(days=warn_days)

    def n(cond: ColumnElement[Any]) -> ColumnElement[Any]:
        return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)

    live = or_(col(Waybill.expires_at).is_(None), col(Waybill.expires_at) > now)
    # Only columns of ix_waybill_alloc (carrier, status, expires_at): an index-only scan.
    rows = session.execute(
        select(
            col(Waybill.carrier_code),
            col(Waybill.status),
            func.count(),
            n(live),
            n(and_(col(Waybill.expires_at) > now, col(Waybill.expires_at) <= soon)),
            func.min(case((live, col(Waybill.expires_at)))),
        ).group_by(Waybill.carrier_code, Waybill.status)
    ).all()
    recycle = dict(
        session.execute(
            select(col(Waybill.carrier_code), func.count())
            .where(
                col(Waybill.status) == "voided", col(Waybill.origin) == "purchase", col(Waybill.recycled_at).is_(None)
            )
            .group_by(Waybill.carrier_code)
        ).all()
    )
    carriers = {
        code: CarrierStock(code, codes.name_of(code), window_days=window_days)
        for code in session.execute(select(col(Carrier.code)).where(col(Carrier.active) == True)).scalars()  # noqa: E712
    }  # noqa: E712
    for carrier, status, total, live_count, soon_count, next_expiry in rows:
        stock = carriers.setdefault(carrier, CarrierStock(carrier, codes.name_of(carrier), window_days=window_days))
        if status == "available":
            stock.available += int(live_count)
            stock.expired += int(total) - int(live_count)  # past expiry, not yet marked by the daily job
            stock.expiring_soon += int(soon_count)
            stock.next_expiry = next_expiry
        elif status in ("used", "voided", "expired", "refunded"):
            setattr(stock, status, getattr(stock, status) + int(total))
    for carrier, count in recycle.items():
        carriers.setdefault(carrier, CarrierStock(carrier, codes.name_of(carrier), window_days=window_days))
        carriers[carrier].recycle_pending = int(count)
    for carrier, count in usage_in(session, since=now - timedelta(days=window_days)).items():
        carriers.setdefault(carrier, CarrierStock(carrier, codes.name_of(carrier), window_days=window_days))
        carriers[carrier].used_in_window = count
    for carrier, count in usage_in(session, since=now - timedelta(days=ACTIVE_DAYS)).items():
        carriers[carrier].used_last_14d = count
    return sorted(carriers.values(), key=lambda s: (-s.total, s.carrier))


def stock_stats(db: Database, *, now: datetime | None = None) -> list[CarrierStock]:
    """Per carrier: counts by status, expiring soon, usage rate and days of stock left."""
    values = settings(db)
    with db.read() as session:
        return stock_in(
            session,
            now=now or utcnow(),
            warn_days=int(values["pool.expiry_warn_days"]),
            window_days=int(values["pool.usage_window_days"]),
        )
