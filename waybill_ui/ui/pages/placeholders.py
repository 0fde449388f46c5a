"""Sections later issues build; each says so plainly until then."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.ui.frame import coming_soon, frame


@ui.page("/", title="工作台 · 快递单号管家")
def dashboard_page() -> None:
    with frame("/"):
        coming_soon("nav.dashboard", "coming.dashboard")


@ui.page("/pool", title="单号库存 · 快递单号管家")
def pool_page() -> None:
    with frame("/pool"):
        coming_soon("nav.pool", "coming.pool")


@ui.page("/orders", title="订单发货 · 快递单号管家")
def orders_page() -> None:
    with frame("/orders"):
        coming_soon("nav.orders", "coming.orders")


@ui.page("/tracking", title="物流跟踪 · 快递单号管家")
def tracking_page() -> None:
    with frame("/tracking"):
        coming_soon("nav.tracking", "coming.tracking")


@ui.page("/alerts", title="预警 · 快递单号管家")
def alerts_page() -> None:
    with frame("/alerts"):
        coming_soon("nav.alerts", "coming.alerts")
