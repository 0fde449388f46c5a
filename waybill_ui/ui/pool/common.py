"""Small helpers shared by the pool page's parts."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from nicegui import ui

from waybill_ui.carriers import codes
from waybill_ui.clock import SHANGHAI
from waybill_ui.services.pool import numbers as pool_numbers
from waybill_ui.texts import TEXTS
from waybill_ui.ui.i18n import t
from typing import Any

STATUS_COLORS = {
    "available": "positive",
    "used": "primary",
    "voided": "grey",
    "expired": "warning",
    "refunded": "info",
    "external": "grey",
}


def carrier_options(*, with_all: bool = False) -> dict[str, Any]:
    options = {code: f"{c.name}（{code}）" for code, c in codes.CARRIERS.items()}
    return {"": t("poolui.filter.all"), **options} if with_all else options


def status_options() -> dict[str, Any]:
    return {"": t("poolui.filter.all"), **{s: t(f"pool.status.{s}") for s in pool_numbers.STATUSES}}


def origin_options() -> dict[str, Any]:
    return {"": t("poolui.filter.all"), **{o: t(f"pool.origin.{o}") for o in pool_numbers.ORIGINS}}


def action_label(action: str) -> str:
    return t(f"pool.action.{action}") if f"pool.action.{action}" in TEXTS else action


def status_label(status: str) -> str:
    return t(f"pool.status.{status}") if status else ""


def day_start(value: str | None) -> datetime | None:
    """A 'YYYY-MM-DD' from a date field as the start of that day in Shanghai."""
    if not value:
        return None
    try:
        return datetime.combine(datetime.fromisoformat(value).date(), time(0, 0), SHANGHAI)
    except ValueError:
        return None


def day_end(value: str | None) -> datetime | None:
    start = day_start(value)
    return start + timedelta(days=1) if start else None


def date_input(label: str, marker: str) -> ui.input:
    return ui.input(label).props("type=date outlined dense stack-label clearable").classes("w-40").mark(marker)
