"""The tracking rule, as one pure function: what a parcel becomes after a provider's answer.

`decide(previous, kept events, observation, settings, now)` → the new state (status, times,
failures, error), the events to add or correct, whether it is news, the alerts it should have
(raised/cleared by the store through alert_rules), the audit line of a status change, and when
to look next. No database, no clock, no I/O: the tracking refresh (`store`) and push
ingestion (`push_store`, through `store.apply_in_session`) only read what it needs and
persist what it returns, so this module is the one home of the rule.

Rules, each covered by tests/services/test_tracking_core.py:
- events are merged, never appended (tracking_merge): a replayed snapshot adds nothing;
- an answer older than what we keep (stale/replayed) adds what it lacks but never moves the
  status back;
- a failed query keeps the status, counts a failure (not for an account problem, which pauses
  the provider instead) and brings no "no news" alert (the sweep judges those);
- picked_up_at/delivered_at are set once, from the events;
- a parcel with no change for `retire_after` is retired (expired);
- terminal parcels are not looked at again; pushed ones only after `push_silent`.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter
from typing import Any

from waybill_ui.carriers.protocol import ProviderConfigError, ProviderError, TrackResult
from waybill_ui.carriers.status import PICKED_UP_OR_LATER, TERMINAL, TrackingStatus as S
from waybill_ui.services.alerts import rules as alert_rules
from waybill_ui.services.tracking import schedule
from waybill_ui.services.tracking.config import TrackingConfig
from waybill_ui.services.tracking.merge import ROW_FIELDS, StoredEvent, first_news, merge
from waybill_ui.services.tracking.sql import ShipmentRow

PICKED_UP = PICKED_UP_OR_LATER - {S.expired}
_NO_ALERTS = frozenset({S.delivered, S.cancelled})  # alert_rules.evaluate raises nothing for these
_FIRST = itemgetter(0)


@dataclass(frozen=True)
class Observation:
    """What a provider said about one parcel: an answer, or the error its query ended with."""

    result: TrackResult | None = None
    error: ProviderError | None = None


@dataclass
class Decision:
    status: str
    raw_state: str
    picked_up_at: datetime | None
    delivered_at: datetime | None
    last_event_at: datetime | None
    check_failures: int
    last_error: str
    next_check_at: datetime | None
    flags: list[Any]  # the alert kinds the parcel has after this answer
    news: bool = False  # new or corrected events, or a new status
    # (tracking_merge rows in ROW_FIELDS order + the second's counter) to insert, and corrections
    new_rows: list[tuple[Any, ...]] = field(default_factory=list)
    event_updates: list[dict[str, Any]] = field(default_factory=list)
    alerts: tuple[Any, ...] | None = None  # (facts, wanted alerts, flags before) when the alerts change
    audit: dict[str, Any] | None = None  # the status change, for the audit log
    failed: bool = False
    config_error: ProviderConfigError | None = None
    error_text: str = ""


def _timeline(
    stored: list[StoredEvent], updates: list[dict[str, Any]], inserts: list[dict[str, Any]]
) -> list[tuple[datetime, str, str]]:
    """(time, status, text) of every event after the merge, oldest first."""
    changes = {u["id"]: u for u in updates}
    merged = [
        (
            changes.get(e.id, {}).get("event_time", e.time),
            changes.get(e.id, {}).get("status", e.status),
            changes.get(e.id, {}).get("text", e.text),
        )
        for e in stored
    ]
    merged += [(i["event_time"], i["status"], i["text"]) for i in inserts]
    return sorted(merged, key=_FIRST)


def stale(result: TrackResult, last_event_at: datetime | None, kept: int) -> bool:
    """An answer older than what we keep: its newest event is older than our newest, or as old
    but it has fewer events (scans in the same second are common)."""
    if not result.events or last_event_at is None:
        return False
    newest = result.events[-1].time
    return newest < last_event_at or (newest == last_event_at and len(result.events) < kept)


def decide(
    row: ShipmentRow,
    kept: list[StoredEvent] | None,
    seen: Observation,
    *,
    cfg: TrackingConfig,
    now: datetime,
    rng: random.Random,
    watched: bool = False,
    transit_days: Callable[[], int | None] = lambda: None,
    actor: str = "tracking",
) -> Decision:
    """The parcel `row` (with its `kept` events) after `seen`. `watched`: its provider pushes its
    news. `transit_days`: the carrier's typical days for its route, asked only when an alert rule
    may need it."""
    status, raw_state, check_failures, last_error = row.status, row.raw_state, row.check_failures, row.last_error
    picked_up_at, delivered_at, last_event_at = row.picked_up_at, row.delivered_at, row.last_event_at
    result = seen.result
    out = Decision(status, raw_state, picked_up_at, delivered_at, last_event_at, check_failures, last_error, None, [])
    if result is not None:
        if kept:
            plan = merge(kept, result.events)
            out.new_rows = [(*(i[f] for f in ROW_FIELDS), None) for i in plan.inserts]
            out.event_updates = plan.updates
            events = _timeline(kept, plan.updates, plan.inserts)
            out.news = plan.changed
        else:  # first news: every event is new
            out.new_rows = first_news(result.events)
            events = sorted([(r[0], r[3], r[2]) for r in out.new_rows], key=_FIRST)
            out.news = bool(out.new_rows)
        if result.status is not None and not stale(result, row.last_event_at, len(kept) if kept else 0):
            status = str(result.status)
            raw_state = (result.raw_state or "")[:16]
        check_failures, last_error = 0, ""
    else:
        events = [(e.time, e.status, e.text) for e in kept] if kept else []
        error = seen.error or ProviderError("unknown failure")
        out.failed = True
        if isinstance(error, ProviderConfigError):
            out.config_error = error
        else:
            check_failures = row.check_failures + 1
        last_error = out.error_text = f"{error.code}: {error}"[:300]
    if events:  # oldest first
        last_event_at = events[-1][0]
        if picked_up_at is None and status in PICKED_UP:
            picked_up_at = min((e[0] for e in events if e[1] in PICKED_UP), default=now)
        if status == S.delivered and delivered_at is None:
            delivered_at = max((e[0] for e in events if e[1] == S.delivered), default=last_event_at)
    if schedule.should_retire(status, now=now, last_change_at=last_event_at or row.shipped_at, cfg=cfg):
        status = S.expired.value
    out.next_check_at = _next_check(
        row, status, result, seen.error, check_failures, last_event_at, cfg=cfg, now=now, rng=rng, watched=watched
    )
    if status != row.status:
        out.news = True
        out.audit = {
            "actor": actor,
            "entity": "shipment",
            "entity_id": row.id,
            "action": "track",
            "from_status": row.status,
            "to_status": status,
            "reason": raw_state,
        }
    flags = list(row.alert_flags or [])
    # No rule fires for a delivered or cancelled parcel (alert_rules.evaluate): with no flags to
    # clear there is nothing to look at.
    if flags or status not in _NO_ALERTS:
        facts = alert_rules.ShipmentFacts(
            id=row.id,
            carrier_code=row.carrier_code,
            number=row.number,
            order_no=row.order_no,
            status=status,
            shipped_at=row.shipped_at,
            picked_up_at=picked_up_at,
            last_event_at=last_event_at,
            delivering_since=alert_rules.delivering_since([(e[0], e[1]) for e in events]),
            last_text=events[-1][2] if events else "",
            transit_days=transit_days(),
            last_error_code=last_error.split(":", 1)[0] if last_error else "",
        )
        wanted = alert_rules.evaluate(facts, cfg.thresholds, now)
        if result is None:  # a failed query brings no news: no-news alerts are the sweep's to judge
            wanted = alert_rules.hold_no_news(wanted, flags)
        new_flags = alert_rules.flags_after(wanted, flags)
        if new_flags is not None:
            out.alerts = (facts, wanted, flags)
            flags = new_flags
    out.status, out.raw_state, out.picked_up_at, out.delivered_at = status, raw_state, picked_up_at, delivered_at
    out.last_event_at, out.check_failures, out.last_error, out.flags = (
        last_event_at,
        check_failures,
        last_error,
        flags,
    )
    return out


def _next_check(
    row: ShipmentRow,
    status: str,
    result: TrackResult | None,
    error: ProviderError | None,
    check_failures: int,
    last_event_at: datetime | None,
    *,
    cfg: TrackingConfig,
    now: datetime,
    rng: random.Random,
    watched: bool,
) -> datetime | None:
    if result is not None and watched:
        return schedule.next_check_watched(status, now=now, cfg=cfg, rng=rng)
    if result is not None:
        waiting = now - (row.shipped_at if status == S.pending else (last_event_at or row.shipped_at))
        return schedule.next_check(
            status, now=now, cfg=cfg, rng=rng, phase=result.phase, waiting=waiting, fallback=cfg.push_watch
        )
    if status in TERMINAL:
        return None
    if isinstance(error, ProviderConfigError):
        return now + cfg.config_pause
    return schedule.next_check_after_failure(
        check_failures, now=now, cfg=cfg, rng=rng, permanent=error is not None and not error.transient
    )
