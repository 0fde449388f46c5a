"""工作台: built by a later issue; until then the page says so plainly."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.ui.frame import coming_soon, frame


@ui.page("/", title="工作台 · 快递单号管家")
def dashboard_page() -> None:
    with frame("/"):
        coming_soon("nav.dashboard", "coming.dashboard")
