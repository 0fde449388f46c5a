"""订单发货: built by a later issue; until then the page says so plainly."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.ui.frame import coming_soon, frame


@ui.page("/orders", title="订单发货 · 快递单号管家")
def orders_page() -> None:
    with frame("/orders"):
        coming_soon("nav.orders", "coming.orders")
