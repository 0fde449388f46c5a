"""Time-based alerts do not wait for news: a parcel nobody picked up raises 揽收超时 when its
24 h pass, even between two looks. The sweep re-evaluates the rules for every active shipment
(and clears what a cancelled or finished one no longer needs), a chunk per transaction."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import and_, func, or_, select, update

from waybill_ui.carriers.status import TrackingStatus as S
from waybill_ui.db import Database
from waybill_ui.db.models import Carrier, Order, SenderAddress, Shipment, TrackingEvent
from waybill_ui.services import alert_rules, provider_health
from waybill_ui.services.tracking_config import TrackingConfig

ACTOR = "alert-rules"


def sweep(db: Database, *, cfg: TrackingConfig, now: datetime, chunk: int = 500) -> set[int]:
    """Returns the ids of shipments whose alerts changed."""
    touched: set[int] = set()
    last_id = 0
    with db.read() as session:
        provider_down = provider_health.is_down(session)
    while True:
        with db.write() as session:
            rows = list(session.execute(
                select(Shipment.id, Shipment.status, Shipment.shipped_at, Shipment.picked_up_at,
                       Shipment.last_event_at, Shipment.alert_flags, Shipment.carrier_code, Shipment.number,
                       Shipment.cancelled_at, Shipment.sender_address_id, Shipment.last_error, Order.order_no,
                       Order.province)
                .join(Order, Order.id == Shipment.order_id)
                .where(Shipment.id > last_id,
                       or_(and_(Shipment.cancelled_at.is_(None), Shipment.status.not_in([S.delivered, S.cancelled])),
                           func.json_array_length(Shipment.alert_flags) > 0))
                .order_by(Shipment.id).limit(chunk)))
            if not rows:
                return touched
            last_id = rows[-1].id
            events: dict[int, list] = defaultdict(list)
            for r in session.execute(select(TrackingEvent.shipment_id, TrackingEvent.event_time, TrackingEvent.status,
                                            TrackingEvent.text)
                                     .where(TrackingEvent.shipment_id.in_([r.id for r in rows]))
                                     .order_by(TrackingEvent.event_time, TrackingEvent.id)):
                events[r.shipment_id].append((r.event_time, r.status, r.text))
            carrier_days = {c.code: c.transit_days for c in session.scalars(select(Carrier))}
            origins = {a.id: a.province for a in session.scalars(select(SenderAddress))}
            changed = []
            for row in rows:
                evs = events.get(row.id, [])
                facts = alert_rules.ShipmentFacts(
                    id=row.id, carrier_code=row.carrier_code, number=row.number, order_no=row.order_no,
                    status=row.status, shipped_at=row.shipped_at, picked_up_at=row.picked_up_at,
                    last_event_at=row.last_event_at,
                    delivering_since=alert_rules.delivering_since([(e[0], e[1]) for e in evs]),
                    last_text=evs[-1][2] if evs else "",
                    transit_days=alert_rules.transit_days_for(
                        carrier_days.get(row.carrier_code), origin=origins.get(row.sender_address_id)
                        or cfg.thresholds.origin_province, destination=row.province),
                    last_error_code=(row.last_error or "").split(":", 1)[0], cancelled=row.cancelled_at is not None)
                wanted = alert_rules.evaluate(facts, cfg.thresholds, now)
                if provider_down:
                    wanted = alert_rules.hold_no_news(wanted, list(row.alert_flags or []))
                flags = alert_rules.sync(session, facts, wanted, list(row.alert_flags or []), actor=ACTOR)
                if flags is not None:
                    changed.append({"id": row.id, "alert_flags": flags})
                    touched.add(row.id)
            if changed:
                session.execute(update(Shipment), changed)
