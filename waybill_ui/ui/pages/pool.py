"""单号库存: built by a later issue; until then the page says so plainly."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.ui.frame import coming_soon, frame


@ui.page("/pool", title="单号库存 · 快递单号管家")
def pool_page() -> None:
    with frame("/pool"):
        coming_soon("nav.pool", "coming.pool")
