"""The channels alerts go to: a WeCom / DingTalk / Feishu group robot (webhook URL, signing secret
for DingTalk and Feishu) or e-mail addresses; which alert kinds each one gets (none chosen: all);
whether it gets the daily summary. Secrets are never shown back, only whether one is set."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlmodel import col
from typing import Any

from waybill_ui.db import Database
from waybill_ui.db.models import AlertChannel
from waybill_ui.services.accounts import audit
from waybill_ui.services.alerts.channels.robots import ROBOTS
from waybill_ui.services.common.errors import Invalid, NotFound

KINDS = (*ROBOTS, "email")
_EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")


def _check(kind: str, name: str, target: str, secret: str) -> None:
    if kind not in KINDS:
        raise Invalid("channels.bad_kind", kind=kind)
    if not name.strip():
        raise Invalid("channels.need_name")
    if kind == "email":
        addresses = [a.strip() for a in target.replace(";", ",").split(",") if a.strip()]
        if not addresses or not all(_EMAIL.match(a) for a in addresses):
            raise Invalid("channels.bad_email")
    elif not re.match(r"^https?://[^\s]+$", target):
        raise Invalid("channels.bad_url")
    if kind in ("dingtalk", "feishu") and not secret and "sign" not in target:
        # a robot without 加签/签名校验 accepts anyone who learns its URL: we insist on the secret
        raise Invalid("channels.need_secret")


def public(channel: AlertChannel) -> dict[str, Any]:
    target = channel.target
    if channel.kind in ROBOTS:  # the URL carries the robot's key: show only where it points
        target = re.sub(r"(key|access_token|hook/)([=/]?)([^&]{4})[^&]*", r"\1\2\3…", target)
    return {
        "id": channel.id,
        "kind": channel.kind,
        "name": channel.name,
        "target": target,
        "has_secret": bool(channel.secret),
        "alert_kinds": list(channel.alert_kinds or []),
        "daily_summary": channel.daily_summary,
        "enabled": channel.enabled,
        "last_sent_at": channel.last_sent_at,
        "last_error": channel.last_error,
        "last_error_at": channel.last_error_at,
        "failures": channel.failures,
        "pending": len(channel.pending or []),
        "next_try_at": channel.next_try_at,
    }


def create(
    db: Database,
    *,
    kind: str,
    name: str,
    target: str,
    secret: str = "",
    alert_kinds: list[str] | None = None,
    daily_summary: bool = False,
    actor: str,
) -> dict[str, Any]:
    target, secret = target.strip(), secret.strip()
    _check(kind, name, target, secret)
    with db.write() as session:
        channel = AlertChannel(
            kind=kind,
            name=name.strip()[:60],
            target=target[:500],
            secret=secret[:200],
            alert_kinds=sorted(set(alert_kinds or [])),
            daily_summary=daily_summary,
        )
        session.add(channel)
        session.flush()
        audit.record(
            session,
            actor=actor,
            entity="alert_channel",
            entity_id=channel.id,
            action="create",
            details={"kind": kind, "name": channel.name},
        )
        return public(channel)


def update(db: Database, *, channel_id: int, actor: str, **changes: Any) -> dict[str, Any]:
    """Change name, target, secret (empty keeps the old one), alert_kinds, daily_summary, enabled."""
    with db.write() as session:
        channel = session.get(AlertChannel, channel_id)
        if channel is None:
            raise NotFound("channels.not_found", id=channel_id)
        for key in ("name", "target", "alert_kinds", "daily_summary", "enabled"):
            if changes.get(key) is not None:
                value = changes[key]
                setattr(
                    channel,
                    key,
                    sorted(set(value)) if key == "alert_kinds" else value.strip() if isinstance(value, str) else value,
                )
        if changes.get("secret"):
            channel.secret = changes["secret"].strip()[:200]
        _check(channel.kind, channel.name, channel.target, channel.secret)
        session.add(channel)
        audit.record(
            session,
            actor=actor,
            entity="alert_channel",
            entity_id=channel_id,
            action="update",
            details={k: v for k, v in changes.items() if k != "secret" and v is not None},
        )
        return public(channel)


def delete(db: Database, *, channel_id: int, actor: str) -> None:
    with db.write() as session:
        channel = session.get(AlertChannel, channel_id)
        if channel is None:
            raise NotFound("channels.not_found", id=channel_id)
        session.delete(channel)
        audit.record(session, actor=actor, entity="alert_channel", entity_id=channel_id, action="delete")


def list_channels(db: Database) -> list[dict[str, Any]]:
    with db.read() as session:
        return [public(c) for c in session.execute(select(AlertChannel).order_by(col(AlertChannel.id))).scalars()]
