"""Watching the pool: numbers past their expiry become `expired`; alerts warn N days before
numbers expire and when a carrier's stock runs low. Each run is one transaction; alerts are
raised and cleared by dedupe key, so re-running changes nothing that is already right.

Low stock, per carrier:
* a threshold the owner set (usable numbers below it), or
* the computed rule: days of stock left at the recent usage rate < lead time;
* a carrier used in the last 14 days with no usable number left always alerts.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import text
from sqlmodel import Session, col
from typing import Any

from waybill_ui.events import PoolChanged, publish
from waybill_ui.db import Database
from waybill_ui.clock import utcnow
from waybill_ui.services.alerts import raising as alerts
from waybill_ui.services.pool import stock as pool
from waybill_ui.services.pool import history as pool_audit
from waybill_ui.services.pool.allocation import _ts
from waybill_ui.texts import tr

log = logging.getLogger(__name__)

EXPIRY_ACTOR = "job:pool_expiry"
STOCK_ACTOR = "job:pool_low_stock"

_EXPIRE = text("""
UPDATE waybill SET status = 'expired', updated_at = :now, reserved_token = NULL, reserved_until = NULL
WHERE status = 'available' AND expires_at IS NOT NULL AND expires_at <= :now
RETURNING id, carrier_code, number
""")


@dataclass
class ExpiryRun:
    expired: dict[str, int] = field(default_factory=dict)  # carrier -> numbers marked expired now
    expiring: dict[str, int] = field(default_factory=dict)  # carrier -> numbers expiring within the warning


def _alert_text(key: str, **params: Any) -> tuple[str, dict[str, Any]]:
    # Alerts are stored in the shop's default language; the key and params travel along so a page
    # can show them in the reader's language.
    return tr(key, "zh", **params), {"text_key": key, "params": params}


def expire_due(db: Database, *, now: datetime | None = None, actor: str = EXPIRY_ACTOR) -> ExpiryRun:
    """Mark available numbers past `expires_at` as expired and refresh the 'expiring soon' alerts."""
    now = now or utcnow()
    values = pool.settings(db)
    warn_days = int(values["pool.expiry_warn_days"])
    run = ExpiryRun()
    with db.write() as session:
        rows = session.execute(_EXPIRE, {"now": _ts(now)}).all()
        for row in rows:
            run.expired[row.carrier_code] = run.expired.get(row.carrier_code, 0) + 1
        pool_audit.record_numbers(
            session,
            ((r.carrier_code, r.number, r.id) for r in rows),
            action="expire",
            from_status="available",
            to_status="expired",
            actor=actor,
            reason="past_expiry",
        )
        stock = pool.stock_in(session, now=now, warn_days=warn_days, window_days=int(values["pool.usage_window_days"]))
        bought = _bought_expiring(session, now=now, warn_days=warn_days)
        for s in stock:
            dedupe = f"pool_expiring:{s.carrier}"
            if s.expiring_soon:
                run.expiring[s.carrier] = s.expiring_soon
                message, details = _alert_text(
                    _expiring_key(s.expiring_soon, bought.get(s.carrier, 0)),
                    carrier=s.name,
                    count=s.expiring_soon,
                    days=warn_days,
                    bought=bought.get(s.carrier, 0),
                )
                alerts.raise_alert(
                    session,
                    kind="pool_expiring",
                    dedupe_key=dedupe,
                    message=message,
                    actor=actor,
                    carrier_code=s.carrier,
                    details={**details, "count": s.expiring_soon, "bought": bought.get(s.carrier, 0)},
                )
            else:
                alerts.clear_alert(session, dedupe_key=dedupe, actor=actor, note="no numbers expiring soon")
            _expired_alert(session, s, newly=run.expired.get(s.carrier, 0), actor=actor)
    if rows:
        log.info("pool expiry: %s", run.expired)
    if run.expired or run.expiring:
        publish(PoolChanged(reason="expired", counts=dict(run.expired)))
    return run


_BOUGHT_EXPIRING = text("""
SELECT carrier_code, count(*) FROM waybill
WHERE status = 'available' AND origin = 'purchase' AND expires_at IS NOT NULL AND expires_at > :now
  AND expires_at <= :until
GROUP BY carrier_code
""")


def _bought_expiring(session: Session, *, now: datetime, warn_days: int) -> dict[str, int]:
    """Expiring numbers that were bought on the market: only those can be refunded or extended."""
    rows = session.execute(_BOUGHT_EXPIRING, {"now": _ts(now), "until": _ts(now + timedelta(days=warn_days))})
    return {carrier: count for carrier, count in rows}


def _expiring_key(count: int, bought: int) -> str:
    if bought >= count:
        return "pool.alert.expiring"  # all bought: refund or extension offered
    return "pool.alert.expiring_mixed" if bought else "pool.alert.expiring_outlet"


def _expired_alert(session: Session, s: pool.CarrierStock, *, newly: int, actor: str) -> None:
    """已过期: numbers that actually expired are an alert of their own until none is left expired
    (refunded or written off); a run that expires more refreshes the count."""
    dedupe = f"pool_expired:{s.carrier}"
    if s.expired and newly:
        message, details = _alert_text("pool.alert.expired", carrier=s.name, count=s.expired, newly=newly)
        alerts.raise_alert(
            session,
            kind="pool_expired",
            dedupe_key=dedupe,
            message=message,
            actor=actor,
            carrier_code=s.carrier,
            details={**details, "count": s.expired},
        )
    elif not s.expired:
        alerts.clear_alert(session, dedupe_key=dedupe, actor=actor, note="no expired numbers left")


@dataclass
class StockVerdict:
    carrier: str
    available: int
    days_left: float | None
    low: bool
    why: str  # "", "threshold", "lead_time", "empty_but_active"


def verdict(s: pool.CarrierStock, *, threshold: int, lead_time_days: int) -> StockVerdict:
    days_left = s.days_left
    if s.used_last_14d and s.available == 0:
        why = "empty_but_active"
    elif threshold and s.available < threshold:
        why = "threshold"
    elif days_left is not None and days_left < lead_time_days:
        why = "lead_time"
    else:
        why = ""
    return StockVerdict(s.carrier, s.available, days_left, bool(why), why)


def check_stock_in(
    session: Session, *, now: datetime, actor: str, only: list[str] | None = None, values: dict[str, Any] | None = None
) -> list[StockVerdict]:
    """Raise or clear each carrier's low-stock alert, inside the caller's transaction."""
    if values is None:
        from sqlmodel import select

        from waybill_ui.db.models import Setting

        stored = {
            r.key: r.value for r in session.exec(select(Setting).where(col(Setting.key).in_(list(pool.DEFAULTS))))
        }
        values = {k: stored.get(k, v) for k, v in pool.DEFAULTS.items()}
    thresholds = {str(k): int(v or 0) for k, v in (values["pool.low_stock_thresholds"] or {}).items()}
    lead = int(values["pool.lead_time_days"])
    out = []
    for s in pool.stock_in(
        session,
        now=now,
        warn_days=int(values["pool.expiry_warn_days"]),
        window_days=int(values["pool.usage_window_days"]),
    ):
        if only and s.carrier not in only:
            continue
        v = verdict(s, threshold=thresholds.get(s.carrier, 0), lead_time_days=lead)
        dedupe = f"pool_low_stock:{s.carrier}"
        if v.low:
            days = "—" if v.days_left is None else f"{v.days_left:.1f}"
            message, details = _alert_text(
                f"pool.alert.low_{v.why}",
                carrier=s.name,
                count=s.available,
                days=days,
                threshold=thresholds.get(s.carrier, 0),
                lead=lead,
            )
            alerts.raise_alert(
                session,
                kind="pool_low_stock",
                dedupe_key=dedupe,
                message=message,
                actor=actor,
                carrier_code=s.carrier,
                details={**details, "why": v.why},
            )
        else:
            alerts.clear_alert(session, dedupe_key=dedupe, actor=actor, note="stock is enough again")
        out.append(v)
    return out


def check_stock(db: Database, *, now: datetime | None = None, actor: str = STOCK_ACTOR) -> list[StockVerdict]:
    values = pool.settings(db)
    with db.write() as session:
        return check_stock_in(session, now=now or utcnow(), actor=actor, values=values)


def overview(
    db: Database, *, now: datetime | None = None
) -> tuple[list[pool.CarrierStock], dict[str, StockVerdict], dict[str, Any]]:
    """Stock per carrier with its low-stock verdict (for the pool page), and the settings used."""
    values = pool.settings(db)
    now = now or utcnow()
    with db.read() as session:
        stock = pool.stock_in(
            session,
            now=now,
            warn_days=int(values["pool.expiry_warn_days"]),
            window_days=int(values["pool.usage_window_days"]),
        )
    thresholds = values["pool.low_stock_thresholds"]
    verdicts = {
        s.carrier: verdict(s, threshold=thresholds.get(s.carrier, 0), lead_time_days=int(values["pool.lead_time_days"]))
        for s in stock
    }
    return stock, verdicts, values
