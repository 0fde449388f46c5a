"""Carrier ratings from this shop's own parcels: on time against the carrier's own transit days,
exception rate, and how long parcels wait to be picked up. Computed with a few GROUP BY queries,
so it stays quick with 100,000 shipments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Integer, and_, case, cast, func, or_, select
from sqlmodel import col, Session
from typing import Any

from collections.abc import Iterable
from waybill_ui.carriers import geo
from waybill_ui.carriers.status import TrackingStatus
from waybill_ui.db import Database, dialect
from waybill_ui.db.models import Carrier, Order, Shipment, TrackingEvent
from waybill_ui.clock import utcnow
from waybill_ui.texts import tr

ENOUGH_DELIVERED = 20  # fewer delivered parcels than this: "not enough data yet"
WINDOW_DAYS = 180  # only recent parcels speak for a carrier
EXCEPTION_STATUSES = (
    TrackingStatus.exception,
    TrackingStatus.returning,
    TrackingStatus.returned,
    TrackingStatus.refused,
)
SETTLED_STATUSES = (TrackingStatus.delivered, *EXCEPTION_STATUSES)
# Pickup within half a day is as good as it gets; three days is as bad.
PICKUP_GOOD_H, PICKUP_BAD_H = 12.0, 72.0
# 20% of parcels with trouble is a carrier to avoid: the exception part of the score is 0 there.
EXCEPTION_WORST = 0.2


@dataclass
class Rating:
    carrier: str
    shipments: int = 0  # not cancelled, in the window
    delivered: int = 0
    on_time: int = 0
    exceptions: int = 0
    settled: int = 0  # delivered or ended in trouble: the base of the exception rate
    avg_pickup_hours: float | None = None

    @property
    def enough(self) -> bool:
        return self.delivered >= ENOUGH_DELIVERED

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.delivered if self.delivered else None

    @property
    def exception_rate(self) -> float | None:
        return self.exceptions / self.settled if self.settled else None

    @property
    def score(self) -> float | None:
        """0–5 stars; None until there is enough data."""
        if not self.enough:
            return None
        exception_part = max(0.0, 1 - (self.exception_rate or 0.0) / EXCEPTION_WORST)
        if self.avg_pickup_hours is None:
            pickup_part = 0.5
        else:
            span = PICKUP_BAD_H - PICKUP_GOOD_H
            pickup_part = min(1.0, max(0.0, (PICKUP_BAD_H - self.avg_pickup_hours) / span))
        value = 5 * (0.6 * (self.on_time_rate or 0.0) + 0.25 * exception_part + 0.15 * pickup_part)
        return round(value, 1)

    def summary(self, lang: str = "zh") -> str:
        if not self.enough:
            return tr("rating.not_enough", lang, delivered=self.delivered, needed=ENOUGH_DELIVERED)
        return tr(
            "rating.summary",
            lang,
            score=f"{self.score:.1f}",
            on_time=f"{(self.on_time_rate or 0) * 100:.0f}",
            exceptions=f"{(self.exception_rate or 0) * 100:.1f}",
            pickup=f"{self.avg_pickup_hours:.0f}" if self.avg_pickup_hours is not None else "—",
            delivered=self.delivered,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "enough_data": self.enough,
            "delivered": self.delivered,
            "shipments": self.shipments,
            "on_time_rate": self.on_time_rate,
            "exception_rate": self.exception_rate,
            "avg_pickup_hours": self.avg_pickup_hours,
        }


# --- the definitions, shared with the reports (services/reports/summary.py) -----------------------------

RETURN_STATUSES = (TrackingStatus.returning, TrackingStatus.returned, TrackingStatus.refused)


def went_through(statuses: Iterable[str]) -> ColumnElement[Any]:
    """The shipment is in one of these statuses now, or an event of it ever was. The event side is
    one uncorrelated IN (a set built once from the (status, shipment_id) index), not an EXISTS per
    shipment."""
    names = [str(s) for s in statuses]
    return or_(
        col(Shipment.status).in_(names),
        col(Shipment.id).in_(select(col(TrackingEvent.shipment_id)).where(col(TrackingEvent.status).in_(names))),
    )


def had_trouble() -> ColumnElement[Any]:
    """An exception, a return or a refusal at any point: the exception rate's numerator."""
    return went_through(EXCEPTION_STATUSES)


def settled_condition(trouble: ColumnElement[Any]) -> ColumnElement[Any]:
    """Delivered or ended in trouble: the base of the exception (and return) rate."""
    return or_(trouble, col(Shipment.delivered_at).is_not(None))


def transit_start() -> ColumnElement[Any]:
    return func.coalesce(Shipment.picked_up_at, Shipment.shipped_at)


def transit_calendar_days() -> ColumnElement[Any]:
    """Shop calendar days from pickup (or shipping, when the pickup was not seen) to delivery."""
    # calendar days as the shop counts them (Asia/Shanghai, no DST)
    return cast(
        dialect.days_between(dialect.local_day(Shipment.delivered_at), dialect.local_day(transit_start())), Integer
    )


def pickup_hours() -> ColumnElement[Any]:
    return dialect.days_between(Shipment.picked_up_at, Shipment.shipped_at) * 24


def promised_days(carrier: Carrier | None, origin: str, province: str | None) -> int | None:
    """The carrier's own transit days for the zone from the shop to the province; None when it
    promises nothing there (such a parcel counts as on time)."""
    destination = geo.normalize_province(province)
    zone = geo.zone_between(origin, destination) if destination else "national"
    return int((carrier.transit_days if carrier else {}).get(zone) or 0) or None


def on_time_by_carrier(
    session: Session, *, conds: list[Any], origin: str, carriers: dict[str, Carrier]
) -> dict[str, list[int]]:
    """carrier -> [delivered, on time] for the delivered shipments matching `conds`: grouped by
    (carrier, province, days) in SQL, the promise looked up once per group."""
    rows = session.execute(
        select(col(Shipment.carrier_code), col(Order.province), transit_calendar_days(), func.count())
        .join(Order, col(Order.id) == col(Shipment.order_id))
        .where(*conds, col(Shipment.delivered_at).is_not(None))
        .group_by(Shipment.carrier_code, Order.province, transit_calendar_days())
    ).all()
    out: dict[str, list[int]] = {}
    for code, province, elapsed, count in rows:
        counts = out.setdefault(code, [0, 0])
        promised = promised_days(carriers.get(code), origin, province)
        counts[0] += int(count)
        if promised is None or (elapsed is not None and int(elapsed) <= promised):
            counts[1] += int(count)
    return out


def compute(db: Database, *, origin: str, now: datetime | None = None) -> dict[str, Rating]:
    """A Rating for every carrier in the catalogue (and any carrier the shop shipped with)."""
    since = (now or utcnow()) - timedelta(days=WINDOW_DAYS)
    live = and_(col(Shipment.cancelled_at).is_(None), col(Shipment.shipped_at) >= since)
    trouble = had_trouble()
    with db.read() as session:
        carriers = {c.code: c for c in session.execute(select(Carrier)).scalars()}
        on_time = on_time_by_carrier(session, conds=[live], origin=origin, carriers=carriers)
        totals = session.execute(
            select(
                col(Shipment.carrier_code),
                func.count(),
                func.sum(case((trouble, 1), else_=0)),
                func.sum(case((settled_condition(trouble), 1), else_=0)),
                func.avg(case((col(Shipment.picked_up_at).is_not(None), pickup_hours()), else_=None)),
            )
            .where(live)
            .group_by(Shipment.carrier_code)
        ).all()
    ratings = {code: Rating(carrier=code) for code in carriers}
    for code, shipments, exceptions, settled_count, avg_pickup in totals:
        rating = ratings.setdefault(code, Rating(carrier=code))
        rating.shipments, rating.exceptions = int(shipments), int(exceptions or 0)
        rating.settled = int(settled_count or 0)
        rating.avg_pickup_hours = max(0.0, float(avg_pickup)) if avg_pickup is not None else None
    for code, (delivered, punctual) in on_time.items():
        rating = ratings.setdefault(code, Rating(carrier=code))
        rating.delivered, rating.on_time = delivered, punctual
    return ratings
