"""预警: built by a later issue; until then the page says so plainly."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.ui.frame import coming_soon, frame


@ui.page("/alerts", title="预警 · 快递单号管家")
def alerts_page() -> None:
    with frame("/alerts"):
        coming_soon("nav.alerts", "coming.alerts")
