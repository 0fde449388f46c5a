"""物流跟踪: built by a later issue; until then the page says so plainly."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.ui.frame import coming_soon, frame


@ui.page("/tracking", title="物流跟踪 · 快递单号管家")
def tracking_page() -> None:
    with frame("/tracking"):
        coming_soon("nav.tracking", "coming.tracking")
