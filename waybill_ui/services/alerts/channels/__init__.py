"""Alerts where the seller already is (issue 22): WeCom / DingTalk / Feishu group robots and
e-mail, per alert kind, one message a minute per channel (the rest as a digest), retried on
failure, with a daily summary."""

from waybill_ui.services.alerts.channels.channels import KINDS, create, delete, list_channels, update
from waybill_ui.services.alerts.channels.dispatch import (
    collect,
    daily_summary,
    flush,
    run_once,
    send_test,
)

__all__ = [
    "KINDS",
    "collect",
    "create",
    "daily_summary",
    "delete",
    "flush",
    "list_channels",
    "run_once",
    "send_test",
    "update",
]
