"""The database side of push tracking: writing what providers pushed (each push a full
snapshot, merged like a polled answer) and keeping each shipment's subscription state and each
provider's callback counts — one transaction per batch of callbacks.

Subscription states: `subscribed` (accepted, no push yet), `polling` (the provider pushes),
`shutdown` (the provider finished: nothing more to do), `aborted` (the provider gave up:
subscribed again after `push_resubscribe`, under a corrected carrier if it named one, at most
MONTHLY_LIMIT times a month), `failed` (refused: the parcel is polled; retried later when the
refusal may pass). Only `subscribed` and `polling` parcels are spared regular polling.
"""

from __future__ import annotations

import logging
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import bindparam, select, text, update
from sqlmodel import col, Session
from typing import Any

from waybill_ui.carriers.protocol import PushUpdate
from waybill_ui.db import Database
from waybill_ui.db.models import Shipment, TrackingSubscription
from waybill_ui.db.rows import table_of
from waybill_ui.db.types import UTCDateTime
from waybill_ui.services.tracking import store as tracking_store
from waybill_ui.services.tracking.config import TrackingConfig
from waybill_ui.services.tracking.sql import insert_rows, sql_time, update_rows
from waybill_ui.services.tracking.store import Outcome, Target

log = logging.getLogger(__name__)
MONTHLY_LIMIT = 4  # Kuaidi100: subscriptions per carrier + number a month
_CHANNEL_SQL = text("""
INSERT INTO push_channel (provider, accepted, rejected, unknown, last_callback_at, last_rejected_at, last_error)
VALUES (:provider, :accepted, :rejected, :unknown, :last_callback_at, :last_rejected_at, :last_error)
ON CONFLICT (provider) DO UPDATE SET
    accepted = push_channel.accepted + excluded.accepted,
    rejected = push_channel.rejected + excluded.rejected,
    unknown = push_channel.unknown + excluded.unknown,
    last_callback_at = COALESCE(excluded.last_callback_at, push_channel.last_callback_at),
    last_rejected_at = COALESCE(excluded.last_rejected_at, push_channel.last_rejected_at),
    last_error = CASE WHEN excluded.last_error <> '' THEN excluded.last_error ELSE push_channel.last_error END
""").bindparams(bindparam("last_callback_at", type_=UTCDateTime), bindparam("last_rejected_at", type_=UTCDateTime))


@dataclass
class PushApplied:
    stored: int = 0  # updates for shipments we keep
    unknown: list[str] = field(default_factory=list)  # numbers we do not know (acknowledged, logged)
    changed_ids: list[int] = field(default_factory=list)
    alerts_changed: bool = False


def _newest(update_: PushUpdate) -> tuple[Any, ...]:
    events = update_.result.events if update_.result else []
    return (events[-1].time.timestamp() if events else 0.0, len(events))


def _one_per_shipment(matched: list[tuple[int, str, PushUpdate]]) -> list[tuple[int, str, PushUpdate]]:
    """Several pushes for one parcel in one batch: each is a full snapshot, so the one reaching
    furthest holds the others (keeping one also keeps the merge from inserting an event twice);
    the monitoring state of the last one received wins."""
    best: dict[int, tuple[int, str, PushUpdate]] = {}
    last_monitor: dict[int, PushUpdate] = {}
    for item in matched:
        sid = item[0]
        last_monitor[sid] = item[2]
        if sid not in best or _newest(item[2]) >= _newest(best[sid][2]):
            best[sid] = item
    out = []
    for sid, (_, carrier, chosen) in best.items():
        final = last_monitor[sid]
        if final is not chosen:
            chosen = PushUpdate(
                provider=chosen.provider,
                number=chosen.number,
                carrier=chosen.carrier,
                monitor=final.monitor,
                message=final.message,
                carrier_new=final.carrier_new,
                result=chosen.result,
            )
        out.append((sid, carrier, chosen))
    return out


def _match(session: Session, updates: list[PushUpdate]) -> tuple[list[tuple[int, str, PushUpdate]], list[str]]:
    """(shipment id, its carrier, update) for numbers we keep (the carrier decides between two
    live shipments with the same number), and the numbers we do not know."""
    numbers = sorted({u.number for u in updates})
    found: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for part in range(0, len(numbers), 500):
        rows = session.execute(
            select(col(Shipment.id), col(Shipment.number), col(Shipment.carrier_code)).where(
                col(Shipment.number).in_(numbers[part : part + 500]), col(Shipment.cancelled_at).is_(None)
            )
        )
        for sid, number, carrier in rows:
            found[number].append((sid, carrier))
    matched, unknown = [], []
    for u in updates:
        candidates = found.get(u.number)
        if not candidates:
            unknown.append(u.number)
            continue
        same = [c for c in candidates if c[1] in (u.carrier, u.carrier_new)] or candidates
        sid, carrier = max(same)
        matched.append((sid, carrier, u))
    return matched, unknown


SUB_FIELDS = (
    "state",
    "code",
    "message",
    "carrier_code",
    "resubscribe_at",
    "last_callback_at",
    "callbacks",
    "updated_at",
)


def _subscription_after(
    session: Session, matched: list[tuple[int, str, PushUpdate]], *, cfg: TrackingConfig, now: datetime
) -> list[int]:
    """Subscription rows follow the pushes (bulk statements: this runs for every batch of
    callbacks, in a thread that shares the interpreter lock with the event loop); returns the
    shipments the provider gave up on without telling us anything new (looked at now instead)."""
    ids = [sid for sid, _, _ in matched]
    rows = {
        r[1]: r
        for r in session.execute(
            select(
                col(TrackingSubscription.id),
                col(TrackingSubscription.shipment_id),
                col(TrackingSubscription.state),
                col(TrackingSubscription.code),
                col(TrackingSubscription.message),
                col(TrackingSubscription.carrier_code),
                col(TrackingSubscription.resubscribe_at),
                col(TrackingSubscription.callbacks),
            ).where(col(TrackingSubscription.shipment_id).in_(ids))
        )
    }
    stamp = sql_time(now)
    look_now, updates, inserts = [], [], []
    for sid, carrier, u in matched:
        row = rows.get(sid)
        state, code, message, carrier_code, resubscribe_at, callbacks = (
            (row[2], row[3], row[4], row[5], sql_time(row[6]), row[7]) if row else ("polling", "", "", carrier, None, 0)
        )
        if u.monitor == "shutdown":
            state, resubscribe_at = "shutdown", None
        elif u.monitor == "abort":
            state, code = "aborted", "abort"
            resubscribe_at = sql_time(now + cfg.push_resubscribe)
            carrier_code = u.carrier_new or carrier_code
            if u.result is None or not u.result.events:
                look_now.append(sid)
        elif state != "shutdown":
            state = "polling"
        values = (
            state,
            code[:16],
            (u.message or message)[:200],
            carrier_code,
            resubscribe_at,
            stamp,
            callbacks + 1,
            stamp,
        )
        if row:
            updates.append((row[0], *values))
        else:  # subscribed before this database (a restore) or by hand at the provider
            inserts.append((sid, u.provider[:16], "", 0, 0, stamp, *values))
    if updates:
        update_rows(session, table_of(TrackingSubscription).name, SUB_FIELDS, updates)
    if inserts:
        insert_rows(
            session,
            table_of(TrackingSubscription).name,
            ("shipment_id", "provider", "month", "month_count", "attempts", "subscribed_at", *SUB_FIELDS),
            inserts,
        )
    return look_now


def apply_pushes(
    db: Database, updates: list[PushUpdate], *, cfg: TrackingConfig, now: datetime, rng: random.Random
) -> PushApplied:
    out = PushApplied()
    if not updates:
        return out
    with db.write() as session:
        matched, out.unknown = _match(session, updates)
        matched = _one_per_shipment(matched)
        look_now = _subscription_after(session, matched, cfg=cfg, now=now)
        by_provider: dict[str, list[Outcome]] = defaultdict(list)
        for sid, carrier, u in matched:
            if u.result is not None:
                by_provider[u.provider].append(
                    Outcome(Target(id=sid, carrier=carrier, number=u.number), result=u.result)
                )
        for provider, outcomes in by_provider.items():
            applied = tracking_store.apply_in_session(
                session, outcomes, cfg=cfg, now=now, rng=rng, provider=provider[:16], pushed=True
            )
            out.changed_ids += sorted(applied.touched)
            out.alerts_changed |= applied.alerts_changed
        if look_now:
            session.execute(update(Shipment).where(col(Shipment.id).in_(look_now)).values(next_check_at=now))
        out.stored = len(matched)
        per_provider: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for u in updates:
            per_provider[u.provider][0] += 1
        for number in out.unknown:
            log.info("push for a number we do not keep: %s (acknowledged)", number)
        unknown = set(out.unknown)
        for u in updates:
            if u.number in unknown:
                per_provider[u.provider][1] += 1
        for provider, (total, not_ours) in per_provider.items():
            session.execute(
                _CHANNEL_SQL,
                {
                    "provider": provider[:16],
                    "accepted": total - not_ours,
                    "rejected": 0,
                    "unknown": not_ours,
                    "last_callback_at": now,
                    "last_rejected_at": None,
                    "last_error": "",
                },
            )
    return out


def record_rejected(db: Database, *, provider: str, error: str, now: datetime) -> None:
    """A callback refused (bad signature, unreadable): counted, and its reason kept for the
    settings page — nothing else is stored."""
    with db.write() as session:
        session.execute(
            _CHANNEL_SQL,
            {
                "provider": provider[:16],
                "accepted": 0,
                "rejected": 1,
                "unknown": 0,
                "last_callback_at": None,
                "last_rejected_at": now,
                "last_error": error[:300],
            },
        )


@dataclass
class SubscriptionView:
    state: str
    code: str
    message: str
    carrier_code: str
    callbacks: int
    last_callback_at: datetime | None
    resubscribe_at: datetime | None


def subscription_of(db: Database, shipment_id: int) -> SubscriptionView | None:
    """A shipment's push subscription, for its page (None: never subscribed)."""
    with db.read() as session:
        row = session.scalar(select(TrackingSubscription).where(col(TrackingSubscription.shipment_id) == shipment_id))
        if row is None:
            return None
        return SubscriptionView(
            row.state, row.code, row.message, row.carrier_code, row.callbacks, row.last_callback_at, row.resubscribe_at
        )
