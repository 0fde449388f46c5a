"""Time-based alerts do not wait for news: a parcel nobody picked up raises 揽收超时 when its
24 h pass, even between two looks. The sweep re-evaluates the rules for every active shipment
(and clears what a cancelled or finished one no longer needs), a chunk per transaction."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select, update
from sqlmodel import col
from typing import Any

from waybill_ui.events import ShipmentsUpdated, publish
from waybill_ui.carriers.status import TrackingStatus as S
from waybill_ui.db import Database
from waybill_ui.carriers.codes import name_of
from waybill_ui.db.models import Alert, Carrier, Handover, Order, SenderAddress, Shipment, TrackingEvent
from waybill_ui.services.alerts import rules as alert_rules
from waybill_ui.services.alerts import raising as alerts
from waybill_ui.services.tracking import provider_health
from waybill_ui.services.tracking.config import TrackingConfig

ACTOR = "alert-rules"


def sweep(db: Database, *, cfg: TrackingConfig, now: datetime, chunk: int = 500) -> set[int]:
    """Returns the ids of shipments whose alerts changed."""
    touched: set[int] = set()
    last_id = 0
    with db.read() as session:
        provider_down = provider_health.is_down(session)
    while True:
        with db.write() as session:
            rows = list(
                session.execute(
                    select(
                        col(Shipment.id),
                        col(Shipment.status),
                        col(Shipment.shipped_at),
                        col(Shipment.picked_up_at),
                        col(Shipment.last_event_at),
                        col(Shipment.alert_flags),
                        col(Shipment.carrier_code),
                        col(Shipment.number),
                        col(Shipment.cancelled_at),
                        col(Shipment.sender_address_id),
                        col(Shipment.last_error),
                        col(Order.order_no),
                        col(Order.province),
                    )
                    .join(Order, col(Order.id) == col(Shipment.order_id))
                    .where(
                        col(Shipment.id) > last_id,
                        or_(
                            and_(
                                col(Shipment.cancelled_at).is_(None),
                                col(Shipment.status).not_in([S.delivered, S.cancelled]),
                            ),
                            func.json_array_length(Shipment.alert_flags) > 0,
                        ),
                    )
                    .order_by(col(Shipment.id))
                    .limit(chunk)
                )
            )
            if not rows:
                break
            last_id = rows[-1].id
            events: dict[int, list[Any]] = defaultdict(list)
            for r in session.execute(
                select(
                    col(TrackingEvent.shipment_id),
                    col(TrackingEvent.event_time),
                    col(TrackingEvent.status),
                    col(TrackingEvent.text),
                )
                .where(col(TrackingEvent.shipment_id).in_([r.id for r in rows]))
                .order_by(col(TrackingEvent.event_time), col(TrackingEvent.id))
            ):
                events[r.shipment_id].append((r.event_time, r.status, r.text))
            carrier_days = {c.code: c.transit_days for c in session.scalars(select(Carrier))}
            origins = {a.id: a.province for a in session.scalars(select(SenderAddress))}
            changed = []
            for row in rows:
                evs = events.get(row.id, [])
                facts = alert_rules.ShipmentFacts(
                    id=row.id,
                    carrier_code=row.carrier_code,
                    number=row.number,
                    order_no=row.order_no,
                    status=row.status,
                    shipped_at=row.shipped_at,
                    picked_up_at=row.picked_up_at,
                    last_event_at=row.last_event_at,
                    delivering_since=alert_rules.delivering_since([(e[0], e[1]) for e in evs]),
                    last_text=evs[-1][2] if evs else "",
                    transit_days=alert_rules.transit_days_for(
                        carrier_days.get(row.carrier_code),
                        origin=origins.get(row.sender_address_id) or cfg.thresholds.origin_province,
                        destination=row.province,
                    ),
                    last_error_code=(row.last_error or "").split(":", 1)[0],
                    cancelled=row.cancelled_at is not None,
                )
                wanted = alert_rules.evaluate(facts, cfg.thresholds, now)
                if provider_down:
                    wanted = alert_rules.hold_no_news(wanted, list(row.alert_flags or []))
                flags = alert_rules.sync(session, facts, wanted, list(row.alert_flags or []), actor=ACTOR)
                if flags is not None:
                    changed.append({"id": row.id, "alert_flags": flags})
                    touched.add(row.id)
            if changed:
                session.execute(update(Shipment), changed)
    touched |= sweep_handovers(db, cfg=cfg, now=now, provider_down=provider_down)
    if touched:
        publish(ShipmentsUpdated(ids=tuple(sorted(touched))))
    return touched


def sweep_handovers(db: Database, *, cfg: TrackingConfig, now: datetime, provider_down: bool = False) -> set[int]:
    """交接后未揽收: raise for handed-over parcels past the limit without a pickup scan (once per
    parcel: one the seller resolved stays resolved), clear when the scan came or the parcel was
    cancelled. While the tracking service is down, missing scans say nothing: none is raised."""
    th = cfg.thresholds
    kind = alert_rules.HANDOVER_NO_PICKUP
    touched: set[int] = set()
    with db.write() as session:
        due = (
            []
            if provider_down
            else session.execute(
                select(
                    col(Shipment.id),
                    col(Shipment.carrier_code),
                    col(Shipment.number),
                    col(Shipment.status),
                    col(Shipment.picked_up_at),
                    col(Shipment.cancelled_at),
                    col(Order.order_no),
                    col(Handover.created_at),
                )
                .join(Handover, col(Handover.id) == col(Shipment.handover_id))
                .join(Order, col(Order.id) == col(Shipment.order_id))
                .where(
                    col(Shipment.picked_up_at).is_(None),
                    col(Shipment.cancelled_at).is_(None),
                    col(Shipment.status) == S.pending,
                    col(Handover.created_at) <= now - th.handover_pickup,
                )
            ).all()
        )
        keys = {alert_rules.dedupe_key(kind, r.id): r for r in due}
        seen = (
            set(session.scalars(select(col(Alert.dedupe_key)).where(col(Alert.dedupe_key).in_(list(keys)))))
            if keys
            else set()
        )
        for key, r in keys.items():
            if key in seen or not alert_rules.handover_overdue(
                handed_over_at=r.created_at,
                picked_up_at=r.picked_up_at,
                status=r.status,
                cancelled=r.cancelled_at is not None,
                now=now,
                th=th,
            ):
                continue
            params = {
                "carrier": name_of(r.carrier_code),
                "number": r.number,
                "order_no": r.order_no,
                "hours": max(0, int((now - r.created_at) * (th.scale or 1.0) / timedelta(hours=1))),
            }
            alerts.raise_alert(
                session,
                kind=kind,
                dedupe_key=key,
                message=alert_rules.message(kind, params),
                actor=ACTOR,
                shipment_id=r.id,
                carrier_code=r.carrier_code,
                details={"params": params},
            )
            touched.add(r.id)
        stale = session.execute(
            select(col(Alert.dedupe_key), col(Alert.shipment_id))
            .join(Shipment, col(Shipment.id) == col(Alert.shipment_id))
            .where(
                col(Alert.kind) == kind,
                col(Alert.status) != "resolved",
                or_(
                    col(Shipment.picked_up_at).is_not(None),
                    col(Shipment.cancelled_at).is_not(None),
                    col(Shipment.status) != S.pending,
                ),
            )
        ).all()
        for key, shipment_id in stale:
            alerts.clear_alert(session, dedupe_key=key, actor=ACTOR, note="cause cleared")
            touched.add(shipment_id)
    return touched
