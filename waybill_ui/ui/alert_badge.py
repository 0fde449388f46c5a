"""The open-alert count on the 预警 button of the header, kept current: at page load, on
"alerts" news from the bus, and every half minute (other areas raise alerts without news).

No ui.timer here on purpose: a timer waits for the client's connection, which makes NiceGUI
deliver every page before it is fully built; a plain background task does not."""

from __future__ import annotations

import asyncio

from nicegui import background_tasks, ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.services.alerts import center as alert_center
from waybill_ui.ui.i18n import t
from waybill_ui.ui.live import on_news

POLL_S = 30.0


def attach(button: ui.button) -> ui.badge:
    db = runtime.get().db
    client = ui.context.client
    with button:
        badge = ui.badge("", color="red").props("floating rounded").mark("alerts-badge")
        tip = ui.tooltip("")
    badge.set_visibility(False)

    async def update(*_) -> None:
        count = await io_bound(alert_center.open_total, db)
        if count is None or client.is_deleted:  # the app or the page is going away
            return
        badge.text = str(count) if count < 1000 else "999+"
        badge.set_visibility(count > 0)
        tip.text = t("alerts.badge_tooltip", count=count)

    async def poll() -> None:
        await update()
        while not client.is_deleted:
            await asyncio.sleep(POLL_S)
            if not client.is_deleted:
                await update()

    task = background_tasks.create(poll(), name="alert badge")
    client.on_delete(task.cancel)
    on_news("alerts", update)
    return badge
