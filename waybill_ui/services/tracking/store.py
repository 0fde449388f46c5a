"""The database side of a tracking refresh: which shipments to look at, and writing what the
provider said (events merged, shipment updated, alerts raised/cleared, audit) — one
transaction per chunk of a few hundred shipments, with bulk statements."""

from __future__ import annotations

import random
from functools import partial
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlmodel import col, Session
from typing import Any

from waybill_ui.events import ShipmentsUpdated, emit
from waybill_ui.carriers.protocol import ProviderConfigError, ProviderError, TrackQuery, TrackResult
from waybill_ui.carriers.status import TERMINAL
from waybill_ui.db import Database
from waybill_ui.db.models import Carrier, Order, SenderAddress, Shipment, TrackingEvent, TrackingSubscription
from waybill_ui.services.alerts import rules as alert_rules
from waybill_ui.services.accounts import audit
from waybill_ui.services.tracking import core, provider_health
from waybill_ui.services.tracking import sql
from waybill_ui.services.tracking.config import TrackingConfig
from waybill_ui.db.rows import table_of

ACTOR = "tracking"
WATCHED_STATES = ("subscribed", "polling")  # a subscription the provider accepted and still runs
SHIPMENT_FIELDS = (
    "status",
    "raw_state",
    "picked_up_at",
    "delivered_at",
    "last_event_at",
    "last_checked_at",
    "check_failures",
    "last_error",
    "alert_flags",
    "next_check_at",
)
EVENT_FIELDS = (
    "shipment_id",
    "event_time",
    "location",
    "text",
    "status",
    "raw_state",
    "raw_substate",
    "provider",
    "dedupe_key",
    "created_at",
)
_TARGET_COLS = (
    col(Shipment.id),
    col(Shipment.carrier_code),
    col(Shipment.number),
    col(Shipment.phone_tail),
    col(Shipment.last_checked_at),
    col(Shipment.status),
    col(Order.phone),
    col(Order.province),
    col(Order.city),
    col(Order.district),
)


@dataclass
class Target:
    id: int
    carrier: str
    number: str
    phone: str = ""
    to_text: str = ""
    last_checked_at: datetime | None = None
    status: str = "pending"

    def query(self) -> TrackQuery:
        return TrackQuery(carrier=self.carrier, number=self.number, phone=self.phone, to_text=self.to_text)


@dataclass
class Outcome:
    target: Target
    result: TrackResult | None = None
    error: ProviderError | None = None


@dataclass
class Applied:
    checked: int = 0
    changed: int = 0  # news: new or corrected events, or a new status
    failed: int = 0
    touched: set[int] = field(default_factory=set)  # anything a page shows changed (news, alerts)
    alerts_changed: bool = False


def _digits(text: str) -> str:
    return text if text.isdigit() else "".join(ch for ch in text if ch.isdigit())


def _target(row: Any) -> Target:
    digits = _digits(row.phone_tail or row.phone or "")
    return Target(
        id=row.id,
        carrier=row.carrier_code,
        number=row.number,
        phone=digits[-4:],
        to_text=f"{row.province or ''}{row.city or ''}{row.district or ''}",
        last_checked_at=row.last_checked_at,
        status=row.status,
    )


def due_targets(
    db: Database, *, now: datetime, limit: int = 2000, first_check: timedelta | None = None, watch: bool = False
) -> list[Target]:
    """Active shipments whose next look is due; never-looked-at ones first. A never-checked
    shipment is also due `first_check` after it was shipped (shipping plans its first look in real
    time; a sped-up demo network makes that wait shorter) — unless its provider pushes its news
    (`watch`: push tracking is on and callbacks arrive)."""
    terminal = [s.value for s in TERMINAL]
    never = col(Shipment.last_checked_at).is_(None)
    first_look = (
        or_(col(Shipment.next_check_at).is_(None), col(Shipment.shipped_at) <= now - first_check)
        if first_check is not None
        else col(Shipment.next_check_at).is_(None)
    )
    if watch:
        pushed = select(col(TrackingSubscription.id)).where(
            col(TrackingSubscription.shipment_id) == col(Shipment.id),
            col(TrackingSubscription.state).in_(WATCHED_STATES),
        )
        first_look = and_(first_look, ~pushed.exists())
    query = (
        select(*_TARGET_COLS)
        .join(Order, col(Order.id) == col(Shipment.order_id))
        .where(
            col(Shipment.cancelled_at).is_(None),
            col(Shipment.status).not_in(terminal),
            or_(col(Shipment.next_check_at) <= now, and_(never, first_look)),
        )
        .order_by(col(Shipment.next_check_at).is_not(None), col(Shipment.next_check_at))
        .limit(limit)
    )
    with db.read() as session:
        return [_target(r) for r in session.execute(query)]


def targets_for(db: Database, ids: list[int]) -> list[Target]:
    """The chosen shipments that are not cancelled, by id (a "refresh now" of thousands waits
    for this before its first request: read as one JSON row, see tracking_sql)."""
    with db.read() as session:
        return [
            Target(
                id=i,
                carrier=carrier,
                number=number,
                phone=_digits(tail or phone or "")[-4:],
                to_text=f"{province or ''}{city or ''}{district or ''}",
                last_checked_at=sql.utc_time(checked),
                status=status,
            )
            for i, carrier, number, tail, checked, status, phone, province, city, district in sql.target_rows(
                session, list(ids)
            )
        ]


class _RouteDays:
    """The carrier's typical days per route, looked up once per chunk and route (only parcels
    that may need an alert ask)."""

    def __init__(self, session: Session, cfg: TrackingConfig):
        self.session, self.cfg = session, cfg
        self.carrier_days: dict[str, Any] | None = None
        self.origins: dict[int | None, str] = {}
        self.cache: dict[tuple[Any, ...], int | None] = {}

    def __call__(self, row: sql.ShipmentRow) -> int | None:
        key = (row.carrier_code, row.sender_address_id, row.province)
        if key not in self.cache:
            if self.carrier_days is None:
                self.carrier_days = dict(
                    self.session.execute(select(col(Carrier.code), col(Carrier.transit_days))).all()
                )
                self.origins = dict(
                    self.session.execute(select(col(SenderAddress.id), col(SenderAddress.province))).all()
                )
            self.cache[key] = alert_rules.transit_days_for(
                self.carrier_days.get(row.carrier_code),
                origin=self.origins.get(row.sender_address_id) or self.cfg.thresholds.origin_province,
                destination=row.province,
            )
        return self.cache[key]


def apply_outcomes(
    db: Database,
    outcomes: list[Outcome],
    *,
    cfg: TrackingConfig,
    now: datetime,
    rng: random.Random,
    provider: str,
    pushed: bool = False,
) -> Applied:
    with db.write() as session:
        return apply_in_session(session, outcomes, cfg=cfg, now=now, rng=rng, provider=provider, pushed=pushed)


def apply_in_session(
    session: Session,
    outcomes: list[Outcome],
    *,
    cfg: TrackingConfig,
    now: datetime,
    rng: random.Random,
    provider: str,
    pushed: bool = False,
) -> Applied:
    """Write what providers said about these shipments: the rule is core.decide, this
    only reads what it needs and persists what it returns. `pushed`: the answers came as
    callbacks (nobody looked: `last_checked_at` stays)."""
    # This runs in a worker thread that shares the interpreter lock with the event loop, so its
    # Python time per parcel is taken from the requests: rows are built as tuples in stored form,
    # alert work is skipped where no rule can fire, alerts and audit go in a few statements.
    applied = Applied()
    ids = [o.target.id for o in outcomes]
    checked_at = sql.sql_time(now)
    rows = sql.shipment_rows(session, ids)
    watched = push_watched(session, ids) if cfg.push_watch else frozenset()
    stored = sql.stored_events(session, ids)
    route_days = _RouteDays(session, cfg)
    inserts: list[tuple[Any, ...]] = []
    updates, audits, ship_updates, alert_changes = [], [], [], []
    config_error: ProviderConfigError | None = None
    any_success = False
    last_failure = ""
    for outcome in outcomes:
        row = rows.get(outcome.target.id)
        if row is None or row.cancelled_at is not None:
            continue
        applied.checked += 1
        d = core.decide(
            row,
            stored.get(row.id),
            core.Observation(outcome.result, outcome.error),
            cfg=cfg,
            now=now,
            rng=rng,
            watched=row.id in watched,
            transit_days=partial(route_days, row),
            actor=ACTOR,
        )
        any_success = any_success or outcome.result is not None
        if d.failed:
            applied.failed += 1
            last_failure = d.error_text
            config_error = d.config_error or config_error
        for when, key, text_, st, location, rs, rss, second in d.new_rows:  # to EVENT_FIELDS order
            inserts.append(
                (row.id, sql.event_time(when, second), location, text_, st, rs, rss, provider, key, checked_at)
            )
        updates += d.event_updates
        if d.audit:
            audits.append(d.audit)
        if d.alerts:
            alert_changes.append(d.alerts)
            applied.alerts_changed = True
            applied.touched.add(row.id)
        if d.news:
            applied.changed += 1
            applied.touched.add(row.id)
        ship_updates.append(
            (
                row.id,
                d.status,
                d.raw_state,
                sql.sql_time(d.picked_up_at),
                sql.sql_time(d.delivered_at),
                sql.sql_time(d.last_event_at),
                sql.sql_time(row.last_checked_at) if pushed else checked_at,
                d.check_failures,
                d.last_error,
                sql.json_text(d.flags),
                sql.sql_time(d.next_check_at),
            )
        )
    if len(set(ids)) == len(ids):
        alert_rules.sync_many(session, alert_changes, actor=ACTOR)
    else:  # a parcel twice in one chunk: one by one, each seeing the one before
        for facts, wanted, flags in alert_changes:
            alert_rules.sync(session, facts, wanted, flags, actor=ACTOR)
    if inserts:
        sql.insert_rows(
            session, table_of(TrackingEvent).name, EVENT_FIELDS, inserts, exprs={"event_time": sql.EVENT_TIME_SQL}
        )
    for change in updates:
        event_id = change.pop("id")
        if change:
            session.execute(update(TrackingEvent).where(col(TrackingEvent.id) == event_id).values(**change))
    if ship_updates:
        sql.update_rows(session, table_of(Shipment).name, SHIPMENT_FIELDS, ship_updates)
    audit.record_many(session, audits, actor=ACTOR)
    if applied.touched:  # told once the commit succeeded (Database.write)
        emit(session, ShipmentsUpdated(ids=tuple(sorted(applied.touched))))
    # Pushes say nothing about whether our queries work: only polled answers judge the query service.
    if not pushed and provider_health.note_chunk(
        session,
        provider=provider,
        now=now,
        config_error=config_error,
        any_success=any_success,
        failures=applied.failed,
        last_error=last_failure,
    ):
        applied.alerts_changed = True
    return applied


def push_watched(session: Session, ids: list[int]) -> frozenset[int]:
    """Those of `ids` whose provider pushes their news (an accepted subscription)."""
    query = select(col(TrackingSubscription.shipment_id)).where(
        col(TrackingSubscription.shipment_id).in_(ids), col(TrackingSubscription.state).in_(WATCHED_STATES)
    )
    return frozenset(session.scalars(query))
