"""物流预警 rules for shipments: which alerts a parcel's situation calls for (pure), and
raising/clearing them through services.alerts (inside the caller's transaction).

A shipment's `alert_flags` lists the kinds whose cause is present. An alert is raised when its
cause appears and cleared when the cause goes away; one the seller resolved by hand while the
cause is still there stays resolved (the flag remains, so it is not raised again and again).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from waybill_ui.carriers.codes import name_of
from waybill_ui.carriers.geo import normalize_province, zone_between
from waybill_ui.carriers.status import TrackingStatus as S
from waybill_ui.services import alerts
from waybill_ui.services.tracking_config import Thresholds
from waybill_ui.texts import tr

# The kinds these rules raise (other areas raise their own kinds through services.alerts).
PICKUP_OVERDUE = "pickup_overdue"  # 揽收超时
TRANSIT_STALLED = "transit_stalled"  # 中转超时
DELIVERY_OVERDUE = "delivery_overdue"  # 派送超时
EXCEPTION = "exception"  # 异常件
REFUSED = "refused"  # 拒收
RETURNED = "returned"  # 退回
TRANSIT_OVERDUE = "transit_overdue"  # 超出承诺时效
PHONE_NEEDED = "tracking_phone"  # 查询需要手机号
PROVIDER_CONFIG = "provider_config"  # 物流查询账号配置错误
SHIPMENT_KINDS = (PICKUP_OVERDUE, TRANSIT_STALLED, DELIVERY_OVERDUE, EXCEPTION, REFUSED, RETURNED, TRANSIT_OVERDUE,
                  PHONE_NEEDED)

MOVING = frozenset({S.picked_up, S.in_transit, S.returning})
DELIVERING = frozenset({S.out_for_delivery, S.failed_attempt})
NOT_OVERDUE = frozenset({S.delivered, S.returned, S.returning, S.refused, S.cancelled, S.expired})


@dataclass
class ShipmentFacts:
    id: int
    carrier_code: str
    number: str
    order_no: str
    status: str
    shipped_at: datetime
    picked_up_at: datetime | None = None
    last_event_at: datetime | None = None
    delivering_since: datetime | None = None  # first event of the current out-for-delivery run
    last_text: str = ""
    transit_days: int | None = None  # the carrier's typical days for this route
    last_error_code: str = ""
    cancelled: bool = False


def transit_days_for(carrier_days: dict | None, *, origin: str | None, destination: str | None) -> int | None:
    """The carrier's typical days for this route's zone (national when a province is unknown)."""
    if not carrier_days:
        return None
    origin, destination = normalize_province(origin), normalize_province(destination)
    zone = zone_between(origin, destination) if origin and destination else "national"
    days = carrier_days.get(zone) or carrier_days.get("national")
    return int(days) if days else None


def delivering_since(events: list[tuple[datetime, str]]) -> datetime | None:
    """Start of the trailing run of out-for-delivery / failed-attempt events (oldest first in)."""
    start = None
    for when, status in reversed(events):
        if status not in DELIVERING:
            break
        start = when
    return start


def _hours(delta) -> int:
    return max(0, int(delta.total_seconds() // 3600))


def evaluate(f: ShipmentFacts, th: Thresholds, now: datetime) -> dict[str, dict]:
    """{kind: message params} of the alerts this shipment's situation calls for right now.
    Hours in messages are in the shop's clock (scaled back when a demo runs sped up)."""
    if f.cancelled or f.status in (S.delivered, S.cancelled):
        return {}
    base = {"carrier": name_of(f.carrier_code), "number": f.number, "order_no": f.order_no, "text": f.last_text[:80]}
    scale = th.scale or 1.0
    out: dict[str, dict] = {}

    def hours(delta) -> int:
        return _hours(delta * scale)

    if f.status == S.pending and now - f.shipped_at >= th.pickup:
        out[PICKUP_OVERDUE] = {**base, "hours": hours(now - f.shipped_at)}
    last_news = f.last_event_at or f.picked_up_at or f.shipped_at
    if f.status in MOVING and now - last_news >= th.stalled:
        out[TRANSIT_STALLED] = {**base, "hours": hours(now - last_news)}
    since = f.delivering_since or f.last_event_at
    if f.status in DELIVERING and since and now - since >= th.delivery:
        out[DELIVERY_OVERDUE] = {**base, "hours": hours(now - since)}
    if f.status == S.exception:
        out[EXCEPTION] = base
    if f.status == S.refused:
        out[REFUSED] = base
    if f.status in (S.returning, S.returned):
        out[RETURNED] = base
    if f.transit_days and f.status not in NOT_OVERDUE and f.status != S.pending:
        start = f.picked_up_at or f.shipped_at
        due = start + th.days(f.transit_days) + th.overdue_grace
        if now >= due:
            out[TRANSIT_OVERDUE] = {**base, "days": f.transit_days, "hours": hours(now - due)}
    if f.last_error_code == "phone_required":
        out[PHONE_NEEDED] = base
    return out


def message(kind: str, params: dict, lang: str = "zh") -> str:
    return tr(f"alerts.msg.{kind}", lang, **params)


def dedupe_key(kind: str, shipment_id: int) -> str:
    return f"{kind}:shipment:{shipment_id}"


def sync(session: Session, f: ShipmentFacts, wanted: dict[str, dict], flags: list, *, actor: str) -> list[str] | None:
    """Raise what is newly wanted, clear what is no longer; the new flags, or None if unchanged."""
    current = [k for k in flags if isinstance(k, str)]
    new_flags = [k for k in current if k in wanted] + [k for k in wanted if k not in current]
    if new_flags == current:
        return None
    for kind in wanted:
        if kind not in current:
            alerts.raise_alert(session, kind=kind, dedupe_key=dedupe_key(kind, f.id), message=message(kind, wanted[kind]),
                               actor=actor, shipment_id=f.id, carrier_code=f.carrier_code,
                               details={"params": wanted[kind]})
    for kind in current:
        if kind not in wanted:
            alerts.clear_alert(session, dedupe_key=dedupe_key(kind, f.id), actor=actor, note="cause cleared")
    return new_flags
