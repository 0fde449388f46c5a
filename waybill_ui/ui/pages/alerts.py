"""预警 center: every open alert of every kind (tracking, stock, expiry, purchases), acknowledge,
resolve with a note, 告知买家 for parcel alerts, and the log of notices given. Live.

The page is put together from small parts in `ui/alerts/`: the typed state (state.py), the bulk bar
(bulk_bar.py), the cards and kind chips (cards.py), the resolve dialogs (dialogs.py) and the notice
log (notice_log.py); `AlertsView` below only wires them."""

from __future__ import annotations

from nicegui import ui

from waybill_ui import runtime
from waybill_ui.services.alerts import center as alert_center
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.ui.alerts.bulk_bar import BarActions, BulkBar, apply_bulk
from waybill_ui.ui.alerts.cards import CardActions, alert_card, kind_chips
from waybill_ui.ui.alerts.dialogs import open_bulk_resolve_dialog, open_resolve_dialog
from waybill_ui.ui.alerts.notice_log import NoticeLog
from waybill_ui.ui.alerts.state import AlertsState
from waybill_ui.ui.frame import frame
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.live import on_news
from waybill_ui.ui.session import actor
from waybill_ui.ui.work import Newest, io_bound

PAGE_SIZE = 20


class AlertsView:
    def __init__(self, state: AlertsState):
        self.db = runtime.get().db
        self.state = state
        self.newest = Newest()  # a late answer to an older reload is dropped
        ui.label(t("alerts.title")).classes("text-2xl font-bold")
        ui.label(t("alerts.intro")).classes("text-gray-600")
        self.kinds = ui.row().classes("w-full gap-1").mark("kind-chips")
        self.status_toggle = (
            ui.toggle(
                {s: t(f"alerts.status.{s}") for s in alert_center.STATUS_FILTERS},
                value=state.status,
                on_change=lambda e: self.pick_status(e.value),
            )
            .props("no-caps")
            .mark("status-toggle")
        )
        self.total_label = ui.label().classes("text-gray-600").mark("alerts-total")
        self.bar = BulkBar(
            state,
            BarActions(
                select_page=self.select_page,
                choose_all=self.choose_all,
                clear=self.clear_selection,
                acknowledge=lambda: self.bulk("acknowledge"),
                resolve=self.bulk_resolve_dialog,
            ),
        )
        self.listing = ui.column().classes("w-full gap-2").mark("alert-list")
        self.pager = ui.pagination(1, 1, direction_links=True, on_change=lambda e: self.go_to(e.value)).mark(
            "alerts-pager"
        )
        self.log = NoticeLog(state)
        self.card_actions = CardActions(
            tick=self.tick, acknowledge=self.acknowledge, resolve=self.resolve_dialog, notice_logged=self.log.reload
        )

    # --- the list -----------------------------------------------------------------------------

    async def reload(self) -> None:
        # only the newest reload draws, or a live update's late answer would show open alerts
        # under 已解决 (ui/work.py)
        ticket = self.newest.start()
        state = self.state
        try:
            rows, total = await io_bound(
                alert_center.list_alerts, self.db, status=state.status, kind=state.kind, page=state.page, size=PAGE_SIZE
            )
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="warning")
            return
        counts = await io_bound(alert_center.open_counts, self.db)
        if not self.newest.is_current(ticket):
            return
        kind_chips(self.kinds, counts, state.kind, self.pick_kind)
        self.total_label.text = t("common.page_of", total=total)
        # only alerts not yet resolved have a box to tick
        state.selection.total, state.selection.shown = total, [a.id for a in rows if a.status != "resolved"]
        self.bar.show()
        self.pager.max = max(1, -(-total // PAGE_SIZE))
        self.listing.clear()
        with self.listing:
            if not rows:
                ui.label(t("alerts.empty")).classes("text-gray-500 p-4").mark("alerts-empty")
            for a in rows:
                alert_card(a, state.selection, self.card_actions)
        # "this page" is ticked when every box shown is (it is not carried over to the next page)
        shown = state.selection.shown
        self.bar.page_box.value = bool(shown) and all(state.selection.has(i) for i in shown)
        await self.log.reload()

    async def pick_status(self, status: str) -> None:
        await self._pick(status, self.state.kind)

    async def pick_kind(self, kind: str | None) -> None:
        await self._pick(self.state.status, kind)

    async def _pick(self, status: str, kind: str | None) -> None:
        self.clear_selection()
        self.state.status, self.state.kind, self.state.page = status, kind, 1
        if self.status_toggle.value != status:
            self.status_toggle.value = status
        await self.reload()

    async def go_to(self, page: int | None) -> None:
        if page and page != self.state.page:
            self.state.page = page
            await self.reload()

    # --- one alert ----------------------------------------------------------------------------

    async def acknowledge(self, alert_id: int) -> None:
        try:
            await io_bound(alert_center.acknowledge, self.db, alert_id=alert_id, actor=actor())
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="warning")
        else:
            ui.notify(t("alerts.acknowledged"))
        await self.reload()

    def resolve_dialog(self, alert_id: int) -> None:
        open_resolve_dialog(alert_id, self.reload)

    # --- the selection ------------------------------------------------------------------------

    def tick(self, alert_id: int, value: bool) -> None:
        self.state.selection.tick(alert_id, value)
        self.bar.show()

    def select_page(self, value: bool) -> None:
        if value:
            self.state.selection.tick_page()
            self._set_boxes(True)
        self.bar.show()

    def _set_boxes(self, value: bool) -> None:
        for box in self.listing.descendants():
            if isinstance(box, ui.checkbox) and box.value != value:
                box.value = value

    def choose_all(self) -> None:
        self.state.selection.choose_all()
        self._set_boxes(True)
        self.bar.show()

    def clear_selection(self) -> None:
        self.state.selection.clear()
        self._set_boxes(False)
        self.bar.page_box.value = False
        self.bar.show()

    async def bulk(self, action: str, note: str = "") -> bool:
        if not await apply_bulk(self.state, action, note):
            return False
        self.clear_selection()
        await self.reload()
        return True

    def bulk_resolve_dialog(self) -> None:
        if not self.state.selection.size:
            ui.notify(t("alerts.bulk.none"), type="warning")
            return
        open_bulk_resolve_dialog(self.state.selection.size, lambda note: self.bulk("resolve", note))


@ui.page("/alerts", title="预警 · 快递单号管家")
async def alerts_page(status: str = "open", kind: str = "") -> None:
    with frame("/alerts"):
        view = AlertsView(AlertsState.from_query(status, kind))
    on_news("alerts", lambda _payloads: view.reload())
    await view.reload()
