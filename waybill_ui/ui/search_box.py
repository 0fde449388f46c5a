"""The header's search box: Enter jumps straight to the one page a search points at (an order,
a number, a shipment), or to the results page when several things match."""

from __future__ import annotations

from urllib.parse import urlencode

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.services.orders import search
from waybill_ui.ui.i18n import t


async def go(q: str) -> None:
    q = (q or "").strip()
    if not q:
        return
    exact = await io_bound(search.exact_target, runtime.get().db, q=q)  # a scanner sends whole codes
    if exact:
        ui.navigate.to(exact)
        return
    results = await io_bound(search.find, runtime.get().db, q=q)
    ui.navigate.to(search.single_target(results) or "/search?" + urlencode({"q": q}))


def search_box() -> None:
    box = (
        ui.input(placeholder=t("search.placeholder"))
        .props("dense outlined rounded clearable")
        .classes("w-32 sm:w-64")
        .mark("global-search")
    )
    with box.add_slot("prepend"):
        ui.icon("search").classes("text-gray-500")
    box.on("keydown.enter", lambda: go(box.value))
