"""物流预警 rules for shipments: which alerts a parcel's situation calls for (pure), and
raising/clearing them through services.alerts (inside the caller's transaction).

A shipment's `alert_flags` lists the kinds whose cause is present. An alert is raised when its
cause appears and cleared when the cause goes away; one the seller resolved by hand while the
cause is still there stays resolved (the flag remains, so it is not raised again and again).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, text
from sqlmodel import Session
from typing import Any

from datetime import timedelta
from waybill_ui.events import AlertsChanged, emit
from waybill_ui.carriers.codes import name_of
from waybill_ui.carriers.geo import normalize_province, zone_between
from waybill_ui.carriers.status import TrackingStatus as S
from waybill_ui.clock import utcnow
from waybill_ui.services.alerts import raising as alerts
from waybill_ui.services.accounts import audit
from waybill_ui.services.tracking.config import Thresholds
from waybill_ui.texts import TEXTS, tr

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
PROVIDER_DOWN = "provider_down"  # 查询服务故障: the provider fails every query
# 交接后未揽收: handed to the courier (交接单) and no pickup scan after alerts.handover_pickup_h.
# Raised and cleared by the sweep (alert_sweep.sweep_handovers), not kept in shipment.alert_flags.
HANDOVER_NO_PICKUP = "handover_no_pickup"
# Kinds raised by the absence of news: while the tracking service itself fails, missing news says
# nothing about the parcel, so these are neither raised nor cleared (one 查询服务故障 alert instead).
NO_NEWS_KINDS = frozenset({PICKUP_OVERDUE, TRANSIT_STALLED, DELIVERY_OVERDUE, TRANSIT_OVERDUE})
SHIPMENT_KINDS = (
    PICKUP_OVERDUE,
    TRANSIT_STALLED,
    DELIVERY_OVERDUE,
    EXCEPTION,
    REFUSED,
    RETURNED,
    TRANSIT_OVERDUE,
    PHONE_NEEDED,
)

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


def transit_days_for(carrier_days: dict[str, Any] | None, *, origin: str | None, destination: str | None) -> int | None:
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


def _hours(delta: timedelta) -> int:
    return max(0, int(delta.total_seconds() // 3600))


def evaluate(f: ShipmentFacts, th: Thresholds, now: datetime) -> dict[str, dict[str, Any]]:
    """{kind: message params} of the alerts this shipment's situation calls for right now.
    Hours in messages are in the shop's clock (scaled back when a demo runs sped up)."""
    if f.cancelled or f.status in (S.delivered, S.cancelled):
        return {}
    base = {"carrier": name_of(f.carrier_code), "number": f.number, "order_no": f.order_no, "text": f.last_text[:80]}
    scale = th.scale or 1.0
    out: dict[str, dict[str, Any]] = {}

    def hours(delta: timedelta) -> int:
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


def handover_overdue(
    *,
    handed_over_at: datetime | None,
    picked_up_at: datetime | None,
    status: str,
    cancelled: bool,
    now: datetime,
    th: Thresholds,
) -> bool:
    """The courier took the parcel (a handover) yet the carrier has not scanned it in time."""
    return (
        handed_over_at is not None
        and picked_up_at is None
        and not cancelled
        and status == S.pending
        and now - handed_over_at >= th.handover_pickup
    )


def hold_no_news(wanted: dict[str, dict[str, Any]], flags: list[Any]) -> dict[str, dict[str, Any]]:
    """`wanted` with the no-news kinds left as they are: none newly raised, none cleared."""
    held = {k: v for k, v in wanted.items() if k not in NO_NEWS_KINDS}
    for kind in flags:
        if kind in NO_NEWS_KINDS:
            held[kind] = wanted.get(kind, {})
    return held


def message_key(kind: str, params: dict[str, Any]) -> str:
    """The text of an alert; "0 小时" past a limit reads as "just past" instead."""
    if params.get("hours") == 0 and f"alerts.msg.{kind}_now" in TEXTS:
        return f"alerts.msg.{kind}_now"
    return f"alerts.msg.{kind}"


def message(kind: str, params: dict[str, Any], lang: str = "zh") -> str:
    return tr(message_key(kind, params), lang, **params)


def dedupe_key(kind: str, shipment_id: int) -> str:
    return f"{kind}:shipment:{shipment_id}"


def flags_after(wanted: dict[str, dict[str, Any]], flags: list[Any]) -> list[str] | None:
    """The shipment's flags once `wanted` is applied; None when they stay as they are."""
    current = [k for k in flags if isinstance(k, str)]
    new_flags = [k for k in current if k in wanted] + [k for k in wanted if k not in current]
    return None if new_flags == current else new_flags


def sync(
    session: Session, f: ShipmentFacts, wanted: dict[str, dict[str, Any]], flags: list[Any], *, actor: str
) -> list[str] | None:
    """Raise what is newly wanted, clear what is no longer; the new flags, or None if unchanged."""
    new_flags = flags_after(wanted, flags)
    if new_flags is None:
        return None
    current = [k for k in flags if isinstance(k, str)]
    for kind in wanted:
        if kind not in current:
            alerts.raise_alert(
                session,
                kind=kind,
                dedupe_key=dedupe_key(kind, f.id),
                message=message(kind, wanted[kind]),
                actor=actor,
                shipment_id=f.id,
                carrier_code=f.carrier_code,
                details={"params": wanted[kind]},
            )
    for kind in current:
        if kind not in wanted:
            alerts.clear_alert(session, dedupe_key=dedupe_key(kind, f.id), actor=actor, note="cause cleared")
    return new_flags


_OPEN_SQL = text(
    "SELECT id, dedupe_key, status, message, details FROM alert WHERE status != 'resolved' AND dedupe_key IN :keys"
).bindparams(bindparam("keys", expanding=True))
_ALERT_COLUMNS = (
    "kind",
    "dedupe_key",
    "shipment_id",
    "purchase_id",
    "carrier_code",
    "message",
    "details",
    "status",
    "created_at",
    "acknowledged_at",
    "acknowledged_by",
    "resolved_at",
    "resolved_by",
    "note",
)


def sync_many(
    session: Session, changes: list[tuple[ShipmentFacts, dict[str, dict[str, Any]], list[Any]]], *, actor: str
) -> None:
    """`sync` for many shipments whose flags change (each shipment once), as a few statements:
    the same alert rows and audit rows as `alerts.raise_alert` / `alerts.clear_alert` one by one
    (a refresh raises hundreds at a time; the ORM round trips per alert were most of its writes).
    Alerts already open for a raised key get the new message, as `raise_alert` does."""
    from waybill_ui.services.tracking.sql import insert_rows, json_text, sql_time

    raises: list[tuple[str, str, ShipmentFacts, dict[str, Any]]] = []  # (kind, key, facts, params) in call order
    clears: list[str] = []
    order: list[tuple[str, str, str]] = []  # ("raise"|"clear", kind, key): the audit rows' order
    for f, wanted, flags in changes:
        current = [k for k in flags if isinstance(k, str)]
        for kind in wanted:
            if kind not in current:
                key = dedupe_key(kind, f.id)
                raises.append((kind, key, f, wanted[kind]))
                order.append(("raise", kind, key))
        for kind in current:
            if kind not in wanted:
                key = dedupe_key(kind, f.id)
                clears.append(key)
                order.append(("clear", kind, key))
    if not order:
        return
    connection = session.connection()
    keys = [key for _, _, key in order]
    open_rows = {r.dedupe_key: r for r in connection.execute(_OPEN_SQL, {"keys": keys})}
    now = sql_time(utcnow())
    new_rows, refreshed = [], []
    for kind, key, f, params in raises:
        text_, details = message(kind, params), {"params": params}
        existing = open_rows.get(key)
        if existing is None:
            new_rows.append(
                (kind, key, f.id, None, f.carrier_code, text_, json_text(details), "open", now, None, "", None, "", "")
            )
        elif existing.message != text_ or json.loads(existing.details) != details:
            refreshed.append({"id": existing.id, "message": text_, "details": json_text(details)})
    if new_rows:
        insert_rows(session, "alert", _ALERT_COLUMNS, new_rows)
        raised_ids = {r.dedupe_key: r.id for r in connection.execute(_OPEN_SQL, {"keys": [r[1] for r in new_rows]})}
    else:
        raised_ids = {}
    if refreshed:
        connection.execute(text("UPDATE alert SET message = :message, details = :details WHERE id = :id"), refreshed)
    cleared = [open_rows[key] for key in clears if key in open_rows]
    if cleared:
        connection.execute(
            text(
                "UPDATE alert SET status = 'resolved', resolved_at = :at, resolved_by = :actor, "
                "note = 'cause cleared' WHERE id = :id"
            ),
            [{"at": now, "actor": actor, "id": r.id} for r in cleared],
        )
    rows = []
    for what, kind, key in order:
        if what == "raise" and key in raised_ids:
            rows.append(
                {
                    "entity": "alert",
                    "entity_id": raised_ids.pop(key),
                    "action": "raise",
                    "to_status": "open",
                    "reason": kind,
                }
            )
        elif what == "clear" and key in open_rows:
            rows.append(
                {
                    "entity": "alert",
                    "entity_id": open_rows[key].id,
                    "action": "resolve",
                    "from_status": open_rows[key].status,
                    "to_status": "resolved",
                    "reason": "cause cleared",
                }
            )
    audit.record_many(session, rows, actor=actor)
    if new_rows or refreshed or cleared:
        emit(session, AlertsChanged(resolved=len(cleared)))
