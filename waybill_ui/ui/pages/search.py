"""Search results: what the header's box found, grouped as orders, numbers and shipments, each
linking to the page that deals with it."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.services.orders import search
from waybill_ui.texts import TEXTS
from waybill_ui.ui.frame import frame
from waybill_ui.ui.i18n import t


def _status(kind: str, status: str) -> str:
    if kind == "shipment":
        key = f"status.{status}" if f"status.{status}" in TEXTS else f"dash.status.{status}"
    else:
        key = f"search.status.{status}"
    return t(key) if key in TEXTS else status


@ui.page("/search", title="搜索 · 快递单号管家")
async def search_page(q: str = "") -> None:
    results = await io_bound(search.find, runtime.get().db, q=q)
    with frame("/search"):
        ui.label(t("search.title", q=q.strip())).classes("text-2xl font-bold").mark("search-title")
        if len(q.strip()) < search.MIN_LENGTH:
            ui.label(t("search.too_short", count=search.MIN_LENGTH)).classes("text-gray-600").mark("search-short")
            return
        if not results.hits:
            ui.label(t("search.nothing", q=q.strip())).classes("text-gray-600").mark("search-nothing")
            return
        for kind in search.KINDS:
            hits = results.of(kind)
            if not hits:
                continue
            with ui.card().classes("w-full max-w-4xl").mark(f"search-{kind}"):
                ui.label(t(f"search.kind.{kind}")).classes("text-lg font-bold")
                for hit in hits:
                    with ui.row().classes("w-full items-center gap-3"):
                        ui.link(hit.title, hit.url).classes("font-mono w-64").mark(f"hit-{kind}")
                        if hit.status:
                            ui.badge(_status(kind, hit.status)).props("outline color=grey-8")
                        ui.label(hit.detail).classes("text-gray-600")
                if kind in results.more:
                    ui.label(t("search.more")).classes("text-sm text-gray-500")
