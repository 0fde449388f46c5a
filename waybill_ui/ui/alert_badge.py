"""The open-alert count on the 预警 button of the header, kept current: at page load, on
"alerts" news from the bus, and every half minute (other areas raise alerts without news)."""

from __future__ import annotations

from nicegui import run, ui

from waybill_ui import runtime
from waybill_ui.services import alert_center
from waybill_ui.ui.i18n import t
from waybill_ui.ui.live import on_news

POLL_S = 30.0


def attach(button: ui.button) -> ui.badge:
    db = runtime.get().db
    with button:
        badge = ui.badge("", color="red").props("floating rounded").mark("alerts-badge")
        tip = ui.tooltip("")
    badge.set_visibility(False)

    async def update(*_) -> None:
        count = await run.io_bound(alert_center.open_total, db)
        if count is None:  # the app is shutting down
            return
        badge.text = str(count) if count < 1000 else "999+"
        badge.set_visibility(count > 0)
        tip.text = t("alerts.badge_tooltip", count=count)

    ui.timer(0.01, update, once=True)
    ui.timer(POLL_S, update)
    on_news("alerts", update)
    return badge
