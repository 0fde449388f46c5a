"""Is push tracking on, where do callbacks go, and do they arrive?

A laptop on a shop's LAN usually cannot be reached from the internet: subscriptions are then
accepted but no callback ever comes. When subscribed parcels exist and no callback has arrived
for `tracking.push.no_callback_h`, the app says so (one 预警 and the settings page) and polls
those parcels on the adaptive schedule until callbacks arrive again.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, func, select, update
from sqlmodel import col, Session
from typing import TYPE_CHECKING

from waybill_ui.carriers import registry
from waybill_ui.carriers.plugin import PushFormat
from waybill_ui.carriers.protocol import CarrierProvider
from waybill_ui.config import Settings
from waybill_ui.db import Database
from waybill_ui.db.models import Alert, PushChannel, Shipment, TrackingSubscription
from waybill_ui.db.rows import changed_rows
from waybill_ui.clock import utcnow
from waybill_ui.services.alerts import raising as alerts
from waybill_ui.services.tracking.config import TrackingConfig
from waybill_ui.services.tracking.store import WATCHED_STATES
from waybill_ui.texts import tr
from typing import Any
from waybill_ui.runtime import providers_of

if TYPE_CHECKING:  # annotations only
    from waybill_ui.runtime import Runtime

PUSH_SILENT = "push_silent"  # alert kind and key
ACTOR = "tracking"


def enabled(settings: Settings, provider: CarrierProvider) -> bool:
    """WAYBILL_TRACKING_PUSH, or by default: on for the embedded network (it pushes to this very
    app), off for real providers (they cannot reach a LAN without a public URL)."""
    if "subscribe" not in provider.capabilities:
        return False
    if settings.tracking_push is not None:
        return settings.tracking_push
    return provider.name == "sandbox"


def wire_format(provider_name: str) -> PushFormat | None:
    """Which callback a provider's pushes come to, as the provider declares (the embedded network
    speaks Kuaidi100's); None for a provider that cannot push."""
    return registry.push_format_of(provider_name)


def callback_url(settings: Settings, provider: CarrierProvider) -> str:
    """The address given to the provider. The embedded network runs inside this app, so it calls
    the app where it listens; real providers get WAYBILL_PUBLIC_URL."""
    if provider.name == "sandbox":
        base = str(getattr(provider, "base_url", "")).removesuffix("/sandbox")
    else:
        base = settings.base_url()
    fmt = wire_format(provider.name)
    return base.rstrip("/") + fmt.path if fmt else ""


@dataclass
class ChannelRow:
    provider: str
    accepted: int
    rejected: int
    unknown: int
    last_callback_at: datetime | None
    last_rejected_at: datetime | None
    last_error: str


@dataclass
class Health:
    enabled: bool
    provider: str
    by_state: dict[str, int] = field(default_factory=dict)
    channels: list[ChannelRow] = field(default_factory=list)
    last_callback_at: datetime | None = None
    silent: bool = False  # subscribed parcels exist, but no callback for push_no_callback

    @property
    def watching(self) -> bool:
        return self.enabled and not self.silent

    @property
    def subscribed(self) -> int:
        return sum(self.by_state.get(s, 0) for s in WATCHED_STATES)


def _silent(session: Session, *, now: datetime, cfg: TrackingConfig, last_callback_at: datetime | None) -> bool:
    if last_callback_at is not None and last_callback_at > now - cfg.push_no_callback:
        return False  # the usual case: answered from the tiny push_channel table alone
    waiting = session.execute(
        select(col(TrackingSubscription.id))
        .where(
            col(TrackingSubscription.state).in_(WATCHED_STATES),
            col(TrackingSubscription.subscribed_at) <= now - cfg.push_no_callback,
        )
        .limit(1)
    ).first()
    return waiting is not None


def _last_callback(session: Session) -> datetime | None:
    return session.scalar(select(func.max(PushChannel.last_callback_at)))


def health(db: Database, *, now: datetime, cfg: TrackingConfig, is_enabled: bool, provider: str) -> Health:
    """Everything the settings page shows (counts subscriptions by state: not for every tick)."""
    out = Health(enabled=is_enabled, provider=provider)
    with db.read() as session:
        out.by_state = dict(
            session.execute(
                select(col(TrackingSubscription.state), func.count()).group_by(TrackingSubscription.state)
            ).all()
        )
        out.channels = [
            ChannelRow(
                c.provider, c.accepted, c.rejected, c.unknown, c.last_callback_at, c.last_rejected_at, c.last_error
            )
            for c in session.scalars(select(PushChannel).order_by(PushChannel.provider))
        ]
        out.last_callback_at = max((c.last_callback_at for c in out.channels if c.last_callback_at), default=None)
        out.silent = is_enabled and _silent(session, now=now, cfg=cfg, last_callback_at=out.last_callback_at)
    return out


def is_silent(db: Database, *, now: datetime, cfg: TrackingConfig) -> bool:
    """Subscribed parcels exist but no callback for `push_no_callback` (cheap: every tick asks)."""
    with db.read() as session:
        return _silent(session, now=now, cfg=cfg, last_callback_at=_last_callback(session))


def with_watch(rt: Runtime, cfg: TrackingConfig, *, now: datetime | None = None) -> TrackingConfig:
    """The config with `push_watch` set for a running app."""
    provider = providers_of(rt).tracking
    on = enabled(rt.settings, provider)
    if not on:
        return cfg
    return dataclasses.replace(cfg, push_watch=not is_silent(rt.db, now=now or utcnow(), cfg=cfg))


def apply_fallback(db: Database, silent: bool, *, cfg: TrackingConfig, now: datetime) -> int:
    """Say so while callbacks stay away, and have the subscribed parcels polled meanwhile (their
    next look pulled forward); clear the alert once callbacks come again. Returns how many
    parcels were pulled forward."""
    key = PUSH_SILENT
    if not silent:
        with db.read() as session:  # (no write transaction every tick for nothing)
            if not session.scalar(
                select(func.count())
                .select_from(Alert)
                .where(col(Alert.dedupe_key) == key, col(Alert.status) != "resolved")
            ):
                return 0
    with db.write() as session:
        if not silent:
            alerts.clear_alert(session, dedupe_key=key, actor=ACTOR, note="callbacks arrive again")
            return 0
        waiting = session.scalar(
            select(func.count())
            .select_from(TrackingSubscription)
            .where(col(TrackingSubscription.state).in_(WATCHED_STATES))
        )
        hours = f"{cfg.push_no_callback.total_seconds() * cfg.scale / 3600:g}"
        params = {"hours": hours, "count": str(waiting)}
        alerts.raise_alert(
            session,
            kind=PUSH_SILENT,
            dedupe_key=key,
            actor=ACTOR,
            message=tr("alerts.msg.push_silent", "zh", **params),
            details={"params": params},
        )
        return _pull_forward(session, cfg=cfg, now=now)


def _waiting_far(cfg: TrackingConfig, now: datetime) -> tuple[ColumnElement[Any], ColumnElement[Any]]:
    """Subscribed parcels whose next look is a push watchdog's (further out than the adaptive
    schedule ever plans)."""
    longest = max(cfg.pending * 2, cfg.in_transit, cfg.long_haul, cfg.returning, cfg.pickup_point, cfg.backoff_max) * (
        1 + cfg.jitter
    )
    watched = select(col(TrackingSubscription.shipment_id)).where(col(TrackingSubscription.state).in_(WATCHED_STATES))
    return col(Shipment.id).in_(watched), col(Shipment.next_check_at) > now + longest


def _pull_forward(session: Session, *, cfg: TrackingConfig, now: datetime) -> int:
    result = session.execute(update(Shipment).where(*_waiting_far(cfg, now)).values(next_check_at=now))
    return changed_rows(result) or 0


def release_watched(db: Database, *, cfg: TrackingConfig, now: datetime) -> int:
    """Push was switched off (or the provider changed to one that does not push): parcels still
    waiting for pushes are looked at now, then polled on the adaptive schedule."""
    with db.read() as session:
        if session.execute(select(col(Shipment.id)).where(*_waiting_far(cfg, now)).limit(1)).first() is None:
            return 0
    with db.write() as session:
        return _pull_forward(session, cfg=cfg, now=now)
