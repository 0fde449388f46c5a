"""Is the tracking service itself working? One alert for the shop instead of one per parcel.

- 查询账号异常 (`provider_config`): the provider refused our account settings.
- 查询服务故障 (`provider_down`): DOWN_AFTER queries in a row failed with no answer at all (HTTP
  errors, time-outs, 5xx). While it is open, missing news says nothing about the parcels, so the
  no-news alerts (揽收超时, 中转超时, 派送超时, 超出时效) are held (alert_rules.hold_no_news).
Both clear themselves on the first answer that works again. The streak of failures lives in a
`setting` row, so it survives restarts and is the same for every process.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session, col

from typing import Any
from waybill_ui.carriers.protocol import ProviderConfigError
from waybill_ui.carriers import registry
from waybill_ui.db.models import Alert, Setting
from waybill_ui.services.alerts import rules as alert_rules
from waybill_ui.services.alerts import raising as alerts
from waybill_ui.texts import tr

ACTOR = "tracking"
DOWN_AFTER = 5  # failed queries in a row, with no success in between


def _streak_key(provider: str) -> str:
    return f"tracking.failing.{provider}"


def down_key(provider: str) -> str:
    return f"{alert_rules.PROVIDER_DOWN}:{provider}"


def is_down(session: Session) -> bool:
    """True while any provider's 查询服务故障 alert is open."""
    return (
        session.execute(
            select(col(Alert.id))
            .where(col(Alert.kind) == alert_rules.PROVIDER_DOWN, col(Alert.status) != "resolved")
            .limit(1)
        ).first()
        is not None
    )


def note_chunk(
    session: Session,
    *,
    provider: str,
    now: datetime,
    config_error: ProviderConfigError | None,
    any_success: bool,
    failures: int,
    last_error: str,
) -> bool:
    """Record one written chunk of tracking answers; True when an alert was raised or cleared."""
    changed = False
    config_key = f"{alert_rules.PROVIDER_CONFIG}:{provider}"
    if config_error is not None:
        params: dict[str, Any] = {"provider": provider, "error": str(config_error)[:200]}
        alerts.raise_alert(
            session,
            kind=alert_rules.PROVIDER_CONFIG,
            dedupe_key=config_key,
            actor=ACTOR,
            message=tr("alerts.msg.provider_config", "zh", **params),
            details={"params": params},
        )
        changed = True
    elif any_success and alerts.clear_alert(
        session, dedupe_key=config_key, actor=ACTOR, note="provider answered again"
    ):
        changed = True
    row = session.get(Setting, _streak_key(provider))
    if any_success:
        if row is not None:
            session.delete(row)
        return (
            alerts.clear_alert(session, dedupe_key=down_key(provider), actor=ACTOR, note="provider answered again") > 0
            or changed
        )
    if not failures or config_error is not None:
        return changed
    streak = dict(row.value or {}) if row is not None else {}
    count = int(streak.get("count", 0)) + failures
    since = streak.get("since") or now.isoformat()
    value = {"count": count, "since": since, "error": last_error[:200]}
    if row is None:
        row = Setting(key=_streak_key(provider), value=value, updated_at=now, updated_by=ACTOR)
    else:
        row.value, row.updated_at = value, now
    session.add(row)
    if count >= DOWN_AFTER:
        params = {"provider": registry.label(provider, "zh"), "error": friendly_error(last_error, "zh"), "count": count}
        alerts.raise_alert(
            session,
            kind=alert_rules.PROVIDER_DOWN,
            dedupe_key=down_key(provider),
            actor=ACTOR,
            message=tr("alerts.msg.provider_down", "zh", **params),
            details={"params": params, "raw_error": last_error[:300], "since": since},
        )
        changed = True
    return changed


def _names() -> set[str]:
    from waybill_ui.texts import TEXTS

    return set(TEXTS)


def friendly_error(raw: str, lang: str | None = "zh") -> str:
    """A stored error ("http_error: provider answered HTTP 503") in the seller's words; the raw
    text stays available behind the page's details toggle."""
    code, _, rest = (raw or "").partition(":")
    key = f"provider_error.{code.strip()}"
    if key in _names():
        return tr(key, lang)
    return tr("provider_error.other", lang) if raw else ""
