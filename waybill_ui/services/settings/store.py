"""Settings the owner edits in the app (thresholds, matching weights, label options, provider keys
entered on the settings page…), kept in the `setting` table as JSON. Each area names its own keys
and defaults; environment settings (config.py) stay the base for deployment options."""

from __future__ import annotations

from typing import Any

from sqlmodel import select, col

from waybill_ui.db import Database
from waybill_ui.db.models import Setting
from waybill_ui.clock import utcnow
from waybill_ui.services.accounts import audit

_MISSING = object()


def get(db: Database, key: str, default: Any = None) -> Any:
    with db.read() as session:
        row = session.get(Setting, key)
        return default if row is None else row.value


def get_many(db: Database, defaults: dict[str, Any]) -> dict[str, Any]:
    """Values for several keys at once, each falling back to its default."""
    with db.read() as session:
        rows = session.exec(select(Setting).where(col(Setting.key).in_(list(defaults)))).all()
    stored = {row.key: row.value for row in rows}
    return {key: stored.get(key, default) for key, default in defaults.items()}


def put(db: Database, *, values: dict[str, Any], actor: str) -> None:
    """Store several values in one transaction, with an audit row per change."""
    now = utcnow()
    with db.write() as session:
        for key, value in values.items():
            row = session.get(Setting, key)
            before = _MISSING if row is None else row.value
            if before == value:
                continue
            row = row or Setting(key=key)
            row.value, row.updated_at, row.updated_by = value, now, actor
            session.add(row)
            secret = any(word in key for word in ("key", "secret", "password", "token"))
            audit.record(
                session,
                actor=actor,
                entity="setting",
                entity_id=key,
                action="set",
                details={} if secret else {"from": None if before is _MISSING else before, "to": value},
            )
