"""The database side of a tracking refresh: which shipments to look at, and writing what the
provider said (events merged, shipment updated, alerts raised/cleared, audit) — one
transaction per chunk of a few hundred shipments, with bulk statements."""

from __future__ import annotations

import random
from operator import itemgetter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlmodel import col, Session
from typing import Any

from waybill_ui.events import ShipmentsUpdated, emit
from waybill_ui.carriers.protocol import ProviderConfigError, ProviderError, TrackQuery, TrackResult
from waybill_ui.carriers.status import PICKED_UP_OR_LATER, TERMINAL, TrackingStatus as S
from waybill_ui.db import Database
from waybill_ui.db.models import Carrier, Order, SenderAddress, Shipment, TrackingEvent, TrackingSubscription
from waybill_ui.services.alerts import rules as alert_rules
from waybill_ui.services.accounts import audit
from waybill_ui.services.tracking import provider_health
from waybill_ui.services.tracking import schedule
from waybill_ui.services.tracking import sql
from waybill_ui.services.tracking.config import TrackingConfig
from waybill_ui.services.tracking.merge import ROW_FIELDS, StoredEvent, first_news, merge
from waybill_ui.db.rows import table_of

ACTOR = "tracking"
WATCHED_STATES = ("subscribed", "polling")  # a subscription the provider accepted and still runs
PICKED_UP = PICKED_UP_OR_LATER - {S.expired}
_NO_ALERTS = frozenset({S.delivered, S.cancelled})  # alert_rules.evaluate raises nothing for these
_FIRST = itemgetter(0)
SHIPMENT_FIELDS = ("status", "raw_state", "picked_up_at", "delivered_at", "last_event_at", "last_checked_at",
                   "check_failures", "last_error", "alert_flags", "next_check_at")
EVENT_FIELDS = ("shipment_id", "event_time", "location", "text", "status", "raw_state", "raw_substate", "provider",
                "dedupe_key", "created_at")
_TARGET_COLS = (col(Shipment.id), col(Shipment.carrier_code), col(Shipment.number), col(Shipment.phone_tail),
                col(Shipment.last_checked_at), col(Shipment.status), col(Order.phone), col(Order.province),
                col(Order.city), col(Order.district))


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
    return Target(id=row.id, carrier=row.carrier_code, number=row.number, phone=digits[-4:],
                  to_text=f"{row.province or ''}{row.city or ''}{row.district or ''}",
                  last_checked_at=row.last_checked_at, status=row.status)


def due_targets(db: Database, *, now: datetime, limit: int = 2000,
                first_check: timedelta | None = None, watch: bool = False) -> list[Target]:
    """Active shipments whose next look is due; never-looked-at ones first. A never-checked
    shipment is also due `first_check` after it was shipped (shipping plans its first look in real
    time; a sped-up demo network makes that wait shorter) — unless its provider pushes its news
    (`watch`: push tracking is on and callbacks arrive)."""
    terminal = [s.value for s in TERMINAL]
    never = col(Shipment.last_checked_at).is_(None)
    first_look = or_(col(Shipment.next_check_at).is_(None), col(Shipment.shipped_at) <= now - first_check) \
        if first_check is not None else col(Shipment.next_check_at).is_(None)
    if watch:
        pushed = select(col(TrackingSubscription.id)).where(col(TrackingSubscription.shipment_id) == col(Shipment.id),
                                                      col(TrackingSubscription.state).in_(WATCHED_STATES))
        first_look = and_(first_look, ~pushed.exists())
    query = (select(*_TARGET_COLS).join(Order, col(Order.id) == col(Shipment.order_id))
             .where(col(Shipment.cancelled_at).is_(None), col(Shipment.status).not_in(terminal),
                    or_(col(Shipment.next_check_at) <= now, and_(never, first_look)))
             .order_by(col(Shipment.next_check_at).is_not(None), col(Shipment.next_check_at)).limit(limit))
    with db.read() as session:
        return [_target(r) for r in session.execute(query)]


def targets_for(db: Database, ids: list[int]) -> list[Target]:
    """The chosen shipments that are not cancelled, by id (a "refresh now" of thousands waits
    for this before its first request: read as one JSON row, see tracking_sql)."""
    with db.read() as session:
        return [Target(id=i, carrier=carrier, number=number, phone=_digits(tail or phone or "")[-4:],
                       to_text=f"{province or ''}{city or ''}{district or ''}", last_checked_at=sql.utc_time(checked),
                       status=status)
                for i, carrier, number, tail, checked, status, phone, province, city, district
                in sql.target_rows(session, list(ids))]


def _timeline(stored: list[StoredEvent], updates: list[dict[str, Any]], inserts: list[dict[str, Any]]) -> list[tuple[datetime, str, str]]:
    """(time, status, text) of every event after the merge, oldest first."""
    changes = {u["id"]: u for u in updates}
    merged = [(changes.get(e.id, {}).get("event_time", e.time), changes.get(e.id, {}).get("status", e.status),
               changes.get(e.id, {}).get("text", e.text)) for e in stored]
    merged += [(i["event_time"], i["status"], i["text"]) for i in inserts]
    return sorted(merged, key=lambda x: x[0])


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
                self.carrier_days = dict(self.session.execute(select(col(Carrier.code), col(Carrier.transit_days))).all())
                self.origins = dict(self.session.execute(select(col(SenderAddress.id), col(SenderAddress.province))).all())
            self.cache[key] = alert_rules.transit_days_for(
                self.carrier_days.get(row.carrier_code),
                origin=self.origins.get(row.sender_address_id) or self.cfg.thresholds.origin_province,
                destination=row.province)
        return self.cache[key]


def apply_outcomes(db: Database, outcomes: list[Outcome], *, cfg: TrackingConfig, now: datetime,
                   rng: random.Random, provider: str, pushed: bool = False) -> Applied:
    with db.write() as session:
        return apply_in_session(session, outcomes, cfg=cfg, now=now, rng=rng, provider=provider, pushed=pushed)


def apply_in_session(session: Session, outcomes: list[Outcome], *, cfg: TrackingConfig, now: datetime, rng: random.Random,
                     provider: str, pushed: bool = False) -> Applied:
    """Write what providers said about these shipments. `pushed`: the answers came as callbacks
    (nobody looked: `last_checked_at` stays). An answer whose newest event is older than the
    newest one kept (a replayed or late snapshot) adds what it lacks but never moves the status
    back. Parcels whose provider pushes their news (cfg.push_watch) are next looked at only
    after `push_silent` without news."""
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
        status, raw_state, check_failures, last_error = row.status, row.raw_state, row.check_failures, row.last_error
        picked_up_at, delivered_at, last_event_at = row.picked_up_at, row.delivered_at, row.last_event_at
        kept = stored.get(row.id)
        result = outcome.result
        news = False
        if result is not None:
            any_success = True
            if kept:
                plan = merge(kept, result.events)
                new_rows = [(*(i[f] for f in ROW_FIELDS), None) for i in plan.inserts]
                updates += plan.updates
                events = _timeline(kept, plan.updates, plan.inserts)
                news = plan.changed
            else:  # first news: every event is new
                new_rows = first_news(result.events)
                events = sorted([(r[0], r[3], r[2]) for r in new_rows], key=_FIRST)
                news = bool(new_rows)
            for when, key, text_, st, location, rs, rss, second in new_rows:  # to EVENT_FIELDS order
                inserts.append((row.id, sql.event_time(when, second), location, text_, st, rs, rss, provider, key,
                                checked_at))
            stale = _stale(result, row.last_event_at, len(kept) if kept else 0)
            if result.status is not None and not stale:
                status = str(result.status)
                raw_state = (result.raw_state or "")[:16]
            check_failures, last_error = 0, ""
        else:
            events = [(e.time, e.status, e.text) for e in kept] if kept else []
            error = outcome.error or ProviderError("unknown failure")
            applied.failed += 1
            if isinstance(error, ProviderConfigError):
                config_error = error
            else:
                check_failures = row.check_failures + 1
            last_error = last_failure = f"{error.code}: {error}"[:300]
        if events:  # oldest first
            last_event_at = events[-1][0]
            if picked_up_at is None and status in PICKED_UP:
                picked_up_at = min((e[0] for e in events if e[1] in PICKED_UP), default=now)
            if status == S.delivered and delivered_at is None:
                delivered_at = max((e[0] for e in events if e[1] == S.delivered), default=last_event_at)
        if schedule.should_retire(status, now=now, last_change_at=last_event_at or row.shipped_at, cfg=cfg):
            status = S.expired.value
        if result is not None and row.id in watched:
            next_check_at = schedule.next_check_watched(status, now=now, cfg=cfg, rng=rng)
        elif result is not None:
            waiting = now - (row.shipped_at if status == S.pending else (last_event_at or row.shipped_at))
            next_check_at = schedule.next_check(status, now=now, cfg=cfg, rng=rng, phase=result.phase,
                                                waiting=waiting, fallback=cfg.push_watch)
        elif status in TERMINAL:
            next_check_at = None
        elif isinstance(outcome.error, ProviderConfigError):
            next_check_at = now + cfg.config_pause
        else:
            next_check_at = schedule.next_check_after_failure(
                check_failures, now=now, cfg=cfg, rng=rng,
                permanent=outcome.error is not None and not outcome.error.transient)
        if status != row.status:
            news = True
            audits.append({"actor": ACTOR, "entity": "shipment", "entity_id": row.id, "action": "track",
                           "from_status": row.status, "to_status": status, "reason": raw_state})
        flags = list(row.alert_flags or [])
        # No rule fires for a delivered or cancelled parcel (alert_rules.evaluate): with no flags
        # to clear there is nothing to look at.
        if flags or status not in _NO_ALERTS:
            facts = alert_rules.ShipmentFacts(
                id=row.id, carrier_code=row.carrier_code, number=row.number, order_no=row.order_no,
                status=status, shipped_at=row.shipped_at, picked_up_at=picked_up_at, last_event_at=last_event_at,
                delivering_since=alert_rules.delivering_since([(e[0], e[1]) for e in events]),
                last_text=events[-1][2] if events else "", transit_days=route_days(row),
                last_error_code=last_error.split(":", 1)[0] if last_error else "")
            wanted = alert_rules.evaluate(facts, cfg.thresholds, now)
            if result is None:  # a failed query brings no news: no-news alerts are the sweep's to judge
                wanted = alert_rules.hold_no_news(wanted, flags)
            new_flags = alert_rules.flags_after(wanted, flags)
            if new_flags is not None:
                alert_changes.append((facts, wanted, flags))
                flags = new_flags
                applied.alerts_changed = True
                applied.touched.add(row.id)
        if news:
            applied.changed += 1
            applied.touched.add(row.id)
        ship_updates.append((row.id, status, raw_state, sql.sql_time(picked_up_at), sql.sql_time(delivered_at),
                             sql.sql_time(last_event_at),
                             sql.sql_time(row.last_checked_at) if pushed else checked_at, check_failures, last_error,
                             sql.json_text(flags), sql.sql_time(next_check_at)))
    if len(set(ids)) == len(ids):
        alert_rules.sync_many(session, alert_changes, actor=ACTOR)
    else:  # a parcel twice in one chunk: one by one, each seeing the one before
        for facts, wanted, flags in alert_changes:
            alert_rules.sync(session, facts, wanted, flags, actor=ACTOR)
    if inserts:
        sql.insert_rows(session, table_of(TrackingEvent).name, EVENT_FIELDS, inserts,
                        exprs={"event_time": sql.EVENT_TIME_SQL})
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
    if not pushed and provider_health.note_chunk(session, provider=provider, now=now, config_error=config_error,
                                                 any_success=any_success, failures=applied.failed,
                                                 last_error=last_failure):
        applied.alerts_changed = True
    return applied


def _stale(result: TrackResult, last_event_at: datetime | None, kept: int) -> bool:
    """An answer older than what we keep: its newest event is older than our newest, or as old
    but it has fewer events (scans in the same second are common)."""
    if not result.events or last_event_at is None:
        return False
    newest = result.events[-1].time
    return newest < last_event_at or (newest == last_event_at and len(result.events) < kept)


def push_watched(session: Session, ids: list[int]) -> frozenset[int]:
    """Those of `ids` whose provider pushes their news (an accepted subscription)."""
    query = select(col(TrackingSubscription.shipment_id)).where(col(TrackingSubscription.shipment_id).in_(ids),
                                                          col(TrackingSubscription.state).in_(WATCHED_STATES))
    return frozenset(session.scalars(query))

