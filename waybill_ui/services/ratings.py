"""Carrier ratings from this shop's own parcels: on time against the carrier's own transit days,
exception rate, and how long parcels wait to be picked up. Computed with a few GROUP BY queries,
so it stays quick with 100,000 shipments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Integer, and_, case, cast, exists, func, or_, select

from waybill_ui.carriers import geo
from waybill_ui.carriers.status import TrackingStatus
from waybill_ui.db import Database
from waybill_ui.db.models import Carrier, Order, Shipment, TrackingEvent
from waybill_ui.db.types import utcnow
from waybill_ui.texts import tr

ENOUGH_DELIVERED = 20  # fewer delivered parcels than this: "not enough data yet"
WINDOW_DAYS = 180  # only recent parcels speak for a carrier
EXCEPTION_STATUSES = (TrackingStatus.exception, TrackingStatus.returning, TrackingStatus.returned,
                      TrackingStatus.refused)
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
        return tr("rating.summary", lang, score=f"{self.score:.1f}", on_time=f"{(self.on_time_rate or 0) * 100:.0f}",
                  exceptions=f"{(self.exception_rate or 0) * 100:.1f}",
                  pickup=f"{self.avg_pickup_hours:.0f}" if self.avg_pickup_hours is not None else "—",
                  delivered=self.delivered)

    def as_dict(self) -> dict:
        return {"score": self.score, "enough_data": self.enough, "delivered": self.delivered,
                "shipments": self.shipments, "on_time_rate": self.on_time_rate, "exception_rate": self.exception_rate,
                "avg_pickup_hours": self.avg_pickup_hours}


def _local_day(column):
    # calendar days as the shop counts them (Asia/Shanghai, no DST)
    return func.julianday(func.date(column, "+8 hours"))


def compute(db: Database, *, origin: str, now: datetime | None = None) -> dict[str, Rating]:
    """A Rating for every carrier in the catalogue (and any carrier the shop shipped with)."""
    since = (now or utcnow()) - timedelta(days=WINDOW_DAYS)
    live = and_(Shipment.cancelled_at.is_(None), Shipment.shipped_at >= since)
    start = func.coalesce(Shipment.picked_up_at, Shipment.shipped_at)
    days = cast(_local_day(Shipment.delivered_at) - _local_day(start), Integer)
    had_trouble = or_(Shipment.status.in_([str(s) for s in EXCEPTION_STATUSES]),
                      exists().where(TrackingEvent.shipment_id == Shipment.id,
                                     TrackingEvent.status.in_([str(s) for s in EXCEPTION_STATUSES])))
    pickup_h = (func.julianday(Shipment.picked_up_at) - func.julianday(Shipment.shipped_at)) * 24
    with db.read() as session:
        carriers = {c.code: c for c in session.execute(select(Carrier)).scalars()}
        delivered_rows = session.execute(
            select(Shipment.carrier_code, Order.province, days, func.count())
            .join(Order, Order.id == Shipment.order_id)
            .where(live, Shipment.delivered_at.is_not(None))
            .group_by(Shipment.carrier_code, Order.province, days)).all()
        totals = session.execute(
            select(Shipment.carrier_code, func.count(),
                   func.sum(case((had_trouble, 1), else_=0)),
                   func.sum(case((or_(had_trouble, Shipment.delivered_at.is_not(None)), 1), else_=0)),
                   func.avg(case((Shipment.picked_up_at.is_not(None), pickup_h), else_=None)))
            .where(live).group_by(Shipment.carrier_code)).all()
    ratings = {code: Rating(carrier=code) for code in carriers}
    for code, shipments, exceptions, settled, avg_pickup in totals:
        rating = ratings.setdefault(code, Rating(carrier=code))
        rating.shipments, rating.exceptions, rating.settled = int(shipments), int(exceptions or 0), int(settled or 0)
        rating.avg_pickup_hours = max(0.0, float(avg_pickup)) if avg_pickup is not None else None
    for code, province, elapsed, count in delivered_rows:
        rating = ratings.setdefault(code, Rating(carrier=code))
        carrier = carriers.get(code)
        destination = geo.normalize_province(province)
        zone = geo.zone_between(origin, destination) if destination else "national"
        promised = int((carrier.transit_days if carrier else {}).get(zone) or 0) or None
        rating.delivered += int(count)
        if promised is None or (elapsed is not None and int(elapsed) <= promised):
            rating.on_time += int(count)
    return ratings
