"""采购建议: how many numbers each carrier will need over the next N days, and the cheapest mix of
packages that covers it without buying numbers that expire unused.

Forecast, per carrier (every step is returned so the page can show the arithmetic):
    rate/day  = numbers used (shipments) in the usage window ÷ days in the window
                (only the days since the shop's first shipment, when that is more recent)
    need      = rate × horizon + the orders waiting to ship × the carrier's share of recent use
    covered   = stock that will be used before it expires (allocation takes the soonest-expiring
                number first, so stock is simulated in expiry order against the demand curve)
    gap       = need − covered

Suggestion: the cheapest set of catalogue packages with at least `gap` numbers in which every
number can be used before its package expires (demand D(t) = waiting orders + rate × t, all
numbers old and new used soonest-expiring first). A bigger package is only suggested when it is
cheaper and none of it expires unused; when even the smallest package would leave numbers
unused, the plan says how many (the mix itself: services/market/package_mix.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlmodel import col
from typing import Any

from waybill_ui.carriers import codes
from waybill_ui.services.ewaybill import accounts as ewaybill_accounts
from waybill_ui.db import Database
from waybill_ui.db.models import CarrierPackage, Order, Waybill
from waybill_ui.clock import utcnow
from waybill_ui.services.market.package_mix import Alternative, Line, Package, alternatives, choose, simulate
from waybill_ui.services.pool import stock as pool

__all__ = ["Alternative", "CarrierPlan", "Line", "Package", "choose", "plan", "simulate"]


@dataclass
class CarrierPlan:
    carrier: str
    name: str
    horizon_days: int
    window_days: int  # days the rate is measured over
    used_in_window: int
    rate_per_day: float
    pending_orders: int
    pending_share: int  # waiting orders attributed to this carrier
    need: int
    available: int
    covered: int
    stock_unused: int  # stock that will expire before it is needed
    gap: int
    lines: list[Line] = field(default_factory=list)
    unused_in_suggestion: int = 0
    alternatives: list[Alternative] = field(default_factory=list)
    note: str = ""  # "", "no_history", "enough", "no_packages", "smallest_wastes"
    steps: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    ewaybill_quota: int = 0  # what the carrier's e-waybill account can still issue (counted in `available`)

    @property
    def total_fen(self) -> int:
        return sum(line.price_fen for line in self.lines)

    @property
    def total_numbers(self) -> int:
        return sum(line.numbers for line in self.lines)


def plan(db: Database, *, horizon_days: int | None = None, now: datetime | None = None) -> list[CarrierPlan]:
    now = now or utcnow()
    values = pool.settings(db)
    horizon = int(horizon_days or values["pool.planner_horizon_days"])
    window = int(values["pool.usage_window_days"])
    with db.read() as session:
        used = pool.usage_in(session, since=now - timedelta(days=window))
        days = pool.effective_window(session, now=now, window_days=window)
        pending = int(
            session.execute(select(func.count()).select_from(Order).where(col(Order.status) == "pending")).scalar_one()
        )
        stock_rows = session.execute(
            select(col(Waybill.carrier_code), col(Waybill.expires_at), func.count())
            .where(pool.usable(now))
            .group_by(Waybill.carrier_code, col(Waybill.expires_at))
        ).all()
        packages = session.execute(select(CarrierPackage).where(col(CarrierPackage.active) == True)).scalars().all()  # noqa: E712
    stock: dict[str, list[tuple[float | None, int]]] = {}
    for carrier, expires_at, count in stock_rows:
        expiry = None if expires_at is None else (expires_at - now).total_seconds() / 86400
        stock.setdefault(carrier, []).append((expiry, int(count)))
    # E-waybill quota is stock too: numbers the provider will issue, never expiring (services/ewaybill/accounts.py).
    quotas = {c: q for c, q in ewaybill_accounts.quota_by_carrier(db).items() if q and q > 0}
    for carrier, quota in quotas.items():
        stock.setdefault(carrier, []).append((None, quota))
    offers: dict[str, list[Package]] = {}
    for p in packages:
        offers.setdefault(p.carrier_code, []).append(Package(p.id, p.quantity, p.price_fen, p.validity_days))
    total_used = sum(used.values())
    carriers = sorted(set(used) | set(stock), key=lambda c: (-used.get(c, 0), c))
    plans = [
        _plan_one(
            c,
            used=used.get(c, 0),
            total_used=total_used,
            days=days,
            horizon=horizon,
            pending=pending,
            stock=stock.get(c, []),
            packages=offers.get(c, []),
            quota=quotas.get(c, 0),
        )
        for c in carriers
    ]
    return plans


def _plan_one(
    carrier: str,
    *,
    used: int,
    total_used: int,
    days: int,
    horizon: int,
    pending: int,
    stock: list[Any],
    packages: list[Package],
    quota: int = 0,
) -> CarrierPlan:
    rate = used / days if days else 0.0
    share = round(pending * used / total_used) if total_used else 0
    need = math.ceil(rate * horizon + share - 1e-9)
    available = sum(c for _, c in stock)
    usable_all, unused = simulate(stock, pending=share, rate=rate)
    covered = min(usable_all, need)
    gap = max(0, need - covered)
    result = CarrierPlan(
        carrier,
        codes.name_of(carrier),
        horizon,
        days,
        used,
        rate,
        pending,
        share,
        need,
        available,
        covered,
        unused,
        gap,
    )
    result.ewaybill_quota = quota
    steps = result.steps
    if quota:
        steps.append(("planner.step.ewaybill", {"pool": available - quota, "quota": quota}))
    steps.append(("planner.step.rate", {"used": used, "days": days, "rate": round(rate, 1)}))
    if share:
        steps.append(
            ("planner.step.pending", {"pending": pending, "share": share, "percent": round(100 * used / total_used)})
        )
    steps.append(("planner.step.need", {"rate": round(rate, 1), "horizon": horizon, "share": share, "need": need}))
    steps.append(("planner.step.stock", {"available": available, "usable": usable_all, "unused": unused}))
    if used == 0:
        result.note = "no_history"
        return result
    steps.append(("planner.step.gap", {"need": need, "covered": covered, "gap": gap}))
    if gap == 0:
        result.note = "enough"
        return result
    if not packages:
        result.note = "no_packages"
        return result
    result.lines, result.unused_in_suggestion = choose(packages, gap=gap, stock=stock, pending=share, rate=rate)
    result.alternatives = alternatives(packages, gap=gap, stock=stock, pending=share, rate=rate)
    if result.unused_in_suggestion:
        result.note = "smallest_wastes"
    for line in result.lines:
        steps.append(
            (
                "planner.step.buy",
                {
                    "count": line.count,
                    "size": line.package.quantity,
                    "price_fen": line.price_fen,
                    "unit_fen": line.package.price_fen / line.package.quantity,
                    "validity": line.package.validity_days,
                },
            )
        )
    lasts = (available - unused + result.total_numbers) / rate if rate else 0
    steps.append(
        (
            "planner.step.total",
            {
                "numbers": result.total_numbers,
                "price_fen": result.total_fen,
                "days": round(lasts),
                "unused": result.unused_in_suggestion,
            },
        )
    )
    return result
