"""What the tracking refresh and the alert rules read from the settings: intervals, rate limits,
concurrency and alert thresholds (owner-editable, stored with shop_settings).

Time scale (a demo choice): the embedded network compresses parcel lives by
WAYBILL_SANDBOX_SPEED. While it is the tracking provider, every duration here — check
intervals, backoff, the 30-day retirement and the alert thresholds — is divided by the same
speed, so a sped-up demo behaves like a real shop on a faster clock: a parcel stuck for 48
simulated hours raises 中转超时 after 48 h / speed of wall time, not never. Real providers run
at scale 1. The owner can switch this off ("tracking.scale_with_sandbox").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, TYPE_CHECKING
from sqlmodel import Session

from waybill_ui.carriers import registry
from waybill_ui.db import Database
from waybill_ui.services.settings import store as shop_settings
from waybill_ui.services.common.errors import Invalid
from waybill_ui.services.accounts.users import Principal, require_owner
from waybill_ui.runtime import providers_of

if TYPE_CHECKING:  # annotations only
    from waybill_ui.runtime import Runtime

DEFAULTS: dict[str, Any] = {  # each default has its setting's type (float, int, bool or str)
    "tracking.first_check_min": 30.0,  # a new shipment's first look (first_check_after: the same in real time)
    "tracking.interval.pending_h": 2.0,
    "tracking.interval.in_transit_h": 4.0,
    "tracking.interval.near_h": 1.0,  # out for delivery, failed attempt
    # What the newest scan predicts (services/tracking/schedule.py): long-haul legs are left alone,
    # a parcel in its destination city is looked at more often.
    "tracking.interval.long_haul_h": 8.0,
    "tracking.interval.arrived_h": 1.5,
    "tracking.interval.pickup_point_h": 4.0,  # waiting at a locker/station for the buyer
    "tracking.interval.returning_h": 8.0,
    "tracking.pickup_window_h": 12.0,  # a parcel not picked up by then is looked at half as often
    # Push tracking (docs/tracking.md): a subscribed parcel silent this long is looked at once;
    # no callback at all this long while subscriptions exist -> say so and poll instead.
    "tracking.push.silent_h": 24.0,
    "tracking.push.no_callback_h": 6.0,
    "tracking.push.resubscribe_min": 30.0,
    # While push is on, a parcel the provider does not push (its subscription refused or aborted)
    # is polled at least this often: push saves far more than the old 2-hour pulse costs for the few.
    "tracking.push.fallback_max_h": 2.0,  # after an abort (Kuaidi100 asks for >= 30 minutes)
    "tracking.retire_days": 30.0,
    "tracking.jitter": 0.1,
    "tracking.backoff_base_min": 5.0,
    "tracking.backoff_max_h": 6.0,
    "tracking.concurrency": 16,
    "tracking.scale_with_sandbox": True,
    "alerts.pickup_h": 24.0,  # 揽收超时
    "alerts.stalled_h": 48.0,  # 中转超时
    "alerts.delivery_h": 24.0,  # 派送超时
    "alerts.overdue_grace_h": 12.0,  # 超时效: on top of the carrier's transit days
    "alerts.handover_pickup_h": 4.0,  # 交接后未揽收: hours after the courier took the parcels
    "alerts.origin_province": "",  # where parcels leave from when a shipment names no sender address
}


def defaults() -> dict[str, object]:
    """DEFAULTS plus each tracking provider's rate rule (`tracking.rate.<provider>.min_gap_min`
    and `.qps`, declared by the provider: minimum minutes between two queries of one number,
    requests per second, 0 = no limit)."""
    return {**DEFAULTS, **registry.rate_defaults()}


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@dataclass(frozen=True)
class Thresholds:
    pickup: timedelta
    stalled: timedelta
    delivery: timedelta
    overdue_grace: timedelta
    origin_province: str = ""
    scale: float = 1.0
    handover_pickup: timedelta = timedelta(hours=4)

    def days(self, days: float) -> timedelta:
        return _scaled(days * 24, self.scale)


@dataclass(frozen=True)
class TrackingConfig:
    provider: str = "sandbox"
    scale: float = 1.0
    first_check: timedelta = timedelta(minutes=30)
    pending: timedelta = timedelta(hours=2)
    in_transit: timedelta = timedelta(hours=4)
    near: timedelta = timedelta(hours=1)
    long_haul: timedelta = timedelta(hours=8)
    arrived: timedelta = timedelta(hours=1.5)
    pickup_point: timedelta = timedelta(hours=4)
    returning: timedelta = timedelta(hours=8)
    pickup_window: timedelta = timedelta(hours=12)
    push_silent: timedelta = timedelta(hours=24)
    push_no_callback: timedelta = timedelta(hours=6)
    push_resubscribe: timedelta = timedelta(minutes=30)
    push_fallback_max: timedelta = timedelta(hours=2)
    # True while push tracking is on and callbacks arrive: subscribed parcels are then only looked
    # at after `push_silent` without news (set by the job, see services/tracking/push_health.py).
    push_watch: bool = False
    retire_after: timedelta = timedelta(days=30)
    jitter: float = 0.1
    backoff_base: timedelta = timedelta(minutes=5)
    backoff_max: timedelta = timedelta(hours=6)
    min_gap: timedelta = timedelta(0)
    qps: float = 0.0
    concurrency: int = 16
    thresholds: Thresholds = field(default_factory=lambda: thresholds_from(DEFAULTS, 1.0))

    @property
    def config_pause(self) -> timedelta:
        """How long the job leaves a provider alone after it refused our account settings."""
        return max(self.backoff_base * 3, timedelta(seconds=5))


def _scaled(hours: float, scale: float) -> timedelta:
    # never below a second: a compressed demo still must not spin
    return max(timedelta(hours=float(hours)) / max(scale, 1e-9), timedelta(seconds=1)) if hours > 0 else timedelta(0)


def thresholds_from(values: dict[str, Any], scale: float) -> Thresholds:
    return Thresholds(
        pickup=_scaled(values["alerts.pickup_h"], scale),
        stalled=_scaled(values["alerts.stalled_h"], scale),
        delivery=_scaled(values["alerts.delivery_h"], scale),
        overdue_grace=_scaled(values["alerts.overdue_grace_h"], scale),
        origin_province=str(values.get("alerts.origin_province") or ""),
        scale=scale,
        handover_pickup=_scaled(values.get("alerts.handover_pickup_h", 4.0), scale),
    )


def build(values: dict[str, Any], *, provider: str, sandbox_speed: float = 1.0) -> TrackingConfig:
    """A config from setting values (missing keys take their defaults)."""
    v = {**defaults(), **{k: val for k, val in values.items() if val is not None}}
    scale = float(sandbox_speed) if provider == "sandbox" and v["tracking.scale_with_sandbox"] else 1.0
    scale = max(scale, 1e-9)
    rate = f"tracking.rate.{provider}"
    return TrackingConfig(
        provider=provider,
        scale=scale,
        first_check=_scaled(float(v["tracking.first_check_min"]) / 60, scale),
        pending=_scaled(v["tracking.interval.pending_h"], scale),
        in_transit=_scaled(v["tracking.interval.in_transit_h"], scale),
        near=_scaled(v["tracking.interval.near_h"], scale),
        long_haul=_scaled(v["tracking.interval.long_haul_h"], scale),
        arrived=_scaled(v["tracking.interval.arrived_h"], scale),
        pickup_point=_scaled(v["tracking.interval.pickup_point_h"], scale),
        returning=_scaled(v["tracking.interval.returning_h"], scale),
        pickup_window=_scaled(v["tracking.pickup_window_h"], scale),
        push_silent=_scaled(v["tracking.push.silent_h"], scale),
        # never under a few of the embedded network's push ticks (1 s when sped up), or a sped-up
        # demo would call push silent between two ordinary ticks
        push_no_callback=max(_scaled(v["tracking.push.no_callback_h"], scale), timedelta(seconds=10)),
        # the provider's rule is in real time, and never under its 30 minutes
        push_resubscribe=timedelta(minutes=max(30.0, float(v["tracking.push.resubscribe_min"]))),
        push_fallback_max=_scaled(v["tracking.push.fallback_max_h"], scale),
        retire_after=_scaled(float(v["tracking.retire_days"]) * 24, scale),
        jitter=min(max(float(v["tracking.jitter"]), 0.0), 0.5),
        backoff_base=_scaled(float(v["tracking.backoff_base_min"]) / 60, scale),
        backoff_max=_scaled(v["tracking.backoff_max_h"], scale),
        # the provider's own rule is in real time: Kuaidi100 locks a number queried too often
        min_gap=timedelta(minutes=float(v.get(f"{rate}.min_gap_min", 0) or 0)),
        qps=float(v.get(f"{rate}.qps", 0) or 0),
        concurrency=max(1, int(v["tracking.concurrency"])),
        thresholds=thresholds_from(v, scale),
    )


def stored_values(db: Database) -> dict[str, Any]:
    """Every setting of this module, saved or default."""
    return shop_settings.get_many(db, defaults())


def first_check_after(session: Session) -> timedelta:
    """Real time from shipping to a new shipment's first look: the `tracking.first_check_min`
    setting (shipping, batch shipping and e-waybill batches all plan it through here; the refresh
    job applies the same setting, scaled for a sped-up demo network)."""
    from waybill_ui.db.models import Setting

    row = session.get(Setting, "tracking.first_check_min")
    minutes = DEFAULTS["tracking.first_check_min"] if row is None or row.value is None else row.value
    try:
        return timedelta(minutes=max(0.0, float(minutes)))
    except (TypeError, ValueError):  # a hand-edited value: the default rather than no tracking
        return timedelta(minutes=DEFAULTS["tracking.first_check_min"])


def load(db: Database, *, provider: str, sandbox_speed: float = 1.0) -> TrackingConfig:
    return build(stored_values(db), provider=provider, sandbox_speed=sandbox_speed)


def load_for_runtime(rt: Runtime) -> TrackingConfig:
    """The config for the provider in effect in a running app (with push tracking's state)."""
    from waybill_ui.services.tracking import push_health  # it reads this module's config

    cfg = load(rt.db, provider=providers_of(rt).tracking.name, sandbox_speed=rt.settings.sandbox_speed)
    return push_health.with_watch(rt, cfg)


def validate(values: dict[str, Any]) -> dict[str, Any]:
    """Clean values from the settings page; raises ValueError naming the bad key."""
    out: dict[str, Any] = {}
    known = defaults()
    for key, value in values.items():
        if key not in known:
            raise ValueError(key)
        if _is_number(known[key]):
            try:
                number = float(value)
            except (TypeError, ValueError):
                raise ValueError(key) from None
            if not 0 <= number <= 100_000:
                raise ValueError(key)
            out[key] = int(number) if isinstance(known[key], int) else number
        elif isinstance(known[key], bool):
            out[key] = bool(value)
        else:
            out[key] = str(value or "").strip()
    return out


def save(db: Database, *, values: dict[str, Any], actor: Principal) -> None:
    """Owner only; each value checked (a bad one names its setting)."""
    require_owner(actor)
    try:
        cleaned = validate(values)
    except (ValueError, TypeError) as exc:
        raise Invalid("settings.tracking.bad_value", field=str(exc.args[0] if exc.args else "?")) from None
    shop_settings.put(db, values=cleaned, actor=actor.username)
