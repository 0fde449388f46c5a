"""物流跟踪: shipped parcels with status chips, filters and search (paged on the server), a live
timeline for the chosen parcel, refresh now for a selection, and "track any number".

The page is put together from small parts in `ui/tracking/`: the typed state (state.py), the
filter bar and status chips (filters.py), the action bars (bars.py), the parcel list (listing.py),
the timeline panel (panel.py) and refresh now (refresh.py); `TrackingView` below only wires them."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from waybill_ui import runtime
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.services.tracking import queries as tq
from waybill_ui.ui.components.labels import print_labels
from waybill_ui.ui.frame import frame
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.live import ids_in, on_news
from waybill_ui.ui.tracking.bars import ActionBars, BarActions
from waybill_ui.ui.tracking.filters import FilterBar, status_chips
from waybill_ui.ui.tracking.listing import PAGE_SIZE, ShipmentList
from waybill_ui.ui.tracking.panel import TimelinePanel
from waybill_ui.ui.tracking.refresh import refresh_and_report
from waybill_ui.ui.tracking.state import TrackingState
from waybill_ui.ui.tracking_parts import any_number_box
from waybill_ui.ui.work import Newest, io_bound


class TrackingView:
    def __init__(self, state: TrackingState, *, carrier: str, alert: str, q: str):
        self.db = runtime.get().db
        self.newest = Newest()  # reloads: a late answer to an older one is dropped (ui/work.py)
        self.state = state
        with ui.row().classes("w-full items-center"):
            ui.label(t("tracking.title")).classes("text-2xl font-bold")
            ui.space()
            ui.button(t("tracking.refresh_due"), icon="update", on_click=lambda: self.refresh_ids(None)).props(
                "outline"
            ).mark("refresh-due")
        ui.label(t("tracking.intro")).classes("text-gray-600")
        any_number_box()
        self.chips = ui.row().classes("w-full gap-1").mark("status-chips")
        self.filters = FilterBar(
            carrier=carrier, alert=alert, q=q, apply=lambda: self.reload(first_page=True), reset=self.reset
        )
        self.bars = ActionBars(
            BarActions(
                refresh_checked=self.refresh_checked,
                print_checked=self.print_checked,
                refresh_page=lambda: self.refresh_ids(sorted(self.state.visible)),
                check_page=self.check_page,
                check_all=self.check_all_matching,
                clear=self.clear_checked,
            )
        )
        with ui.row().classes("w-full md:flex-nowrap items-start gap-4"):
            with ui.column().classes("grow gap-1 min-w-0"):
                self.list = ShipmentList(state, on_check=self.check, on_select=self.select, go_to=self.go_to)
            self.panel = TimelinePanel(refresh=self.refresh_ids)

    # --- the list -----------------------------------------------------------------------------

    async def reload(self, first_page: bool = False) -> None:
        if first_page:
            self.state.page = 1
        f = self.filters.current(self.state.status)
        ticket = self.newest.start()
        try:
            rows, total = await io_bound(tq.list_shipments, self.db, f, page=self.state.page, size=PAGE_SIZE)
            counts = await io_bound(tq.status_counts, self.db, f)
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="warning")
            return
        if not self.newest.is_current(ticket):  # a live update and a click on a chip, say
            return
        status_chips(self.chips, counts, self.state.status, self.pick_status)
        if self.list.show(rows, total):
            self.bars.page_box.value = bool(rows) and all(r.id in self.state.checked for r in rows)
        self.bars.show_total(total)

    async def pick_status(self, code: str | None) -> None:
        self.state.status = code
        await self.reload(first_page=True)

    async def go_to(self, page: int | None) -> None:
        if page and page != self.state.page:
            self.state.page = page
            await self.reload()

    async def reset(self) -> None:
        self.state.status = None
        if not self.filters.clear():  # else "never printed" was unticked and its handler reloads
            await self.reload(first_page=True)

    async def news(self, payloads: list[Any]) -> None:
        changed = ids_in(payloads)
        await self.reload()
        if self.state.selected in changed:
            await self.panel.show(self.state.selected)

    # --- one parcel and refresh now -----------------------------------------------------------

    async def select(self, shipment_id: int) -> None:
        self.state.selected = shipment_id
        self.list.set_selected(shipment_id)
        await self.panel.show(shipment_id)

    async def refresh_ids(self, ids: list[int] | None) -> None:
        await refresh_and_report(ids)
        await self.reload()
        await self.panel.show(self.state.selected)

    async def refresh_checked(self) -> None:
        if self.state.checked:
            await self.refresh_ids(sorted(self.state.checked))

    async def print_checked(self) -> None:
        if not self.state.checked:
            ui.notify(t("labels.none_selected"), type="warning")
            return
        await print_labels(sorted(self.state.checked))
        await self.reload()  # print counts changed

    # --- ticked parcels -----------------------------------------------------------------------

    def check(self, shipment_id: int, value: bool) -> None:
        self.state.check(shipment_id, value)
        self.bars.show_checked(len(self.state.checked))

    def check_page(self, value: bool) -> None:
        if value == self.list.all_checked():
            return
        for shipment_id in self.list.lines:
            self.state.check(shipment_id, value)
        self.list.set_checked(value)
        self.bars.show_checked(len(self.state.checked))

    async def check_all_matching(self) -> None:
        self.state.checked = set(await io_bound(tq.matching_ids, self.db, self.filters.current(self.state.status)))
        self.list.set_checked(True)
        self.bars.page_box.value = True
        self.bars.show_checked(len(self.state.checked))

    def clear_checked(self) -> None:
        self.state.checked = set()
        self.list.set_checked(False)
        self.bars.page_box.value = False
        self.bars.show_checked(len(self.state.checked))


@ui.page("/tracking", title="物流跟踪 · 快递单号管家")
async def tracking_page(status: str = "", carrier: str = "", alert: str = "", q: str = "") -> None:
    with frame("/tracking"):
        view = TrackingView(TrackingState(status=status or None), carrier=carrier, alert=alert, q=q)
    on_news("shipments", view.news)
    await view.reload()
