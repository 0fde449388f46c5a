"""订单发货: orders waiting to ship and all orders — paged, sorted, filtered and searched on the
server; a selection that can span pages ("select all 3,412 matching"); import, ship, batch ship,
cancel and the marketplace batch-ship file.

The page is put together from small parts in `ui/orders/`: the filters (filters.py), the table
(table.py), the selection (selection.py, typed state) and what the toolbar does with it
(selected_actions.py); `OrdersView` below only wires them."""

from __future__ import annotations

from dataclasses import dataclass, field

from nicegui import ui

from waybill_ui.ui.work import Newest, io_bound
from waybill_ui import runtime
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.services.orders import listing as orders
from waybill_ui.services.orders import merging as merge_orders
from waybill_ui.services.orders import shops
from waybill_ui.ui.frame import frame
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.live import follow
from waybill_ui.ui.orders import selected_actions as act
from waybill_ui.ui.orders.address_dialog import open_address_dialog, open_address_file_dialog
from waybill_ui.ui.orders.batch_dialog import open_batch_dialog
from waybill_ui.ui.orders.filters import Filters
from waybill_ui.ui.orders.import_dialog import open_import_dialog
from waybill_ui.ui.orders.packing_actions import print_pick_list
from waybill_ui.ui.orders.parcel_actions import merge_selected_orders, open_split_dialog, unmerge_order
from waybill_ui.ui.orders.selection import Selection
from waybill_ui.ui.orders.ship_dialog import open_ship_dialog
from waybill_ui.ui.orders.table import PAGE_SIZE, make_table, rows_of


@dataclass
class PageState:
    tab: str = "pending"
    selection: Selection = field(default_factory=Selection)
    cursors: dict[int, str | None] = field(default_factory=dict)  # page number → keyset cursor for `query`
    query: tuple | None = None  # the filter, sort and page size the cursors belong to
    mergeable_ids: tuple[int, ...] = ()  # 可合并, as the merge rule last named them


class OrdersView:
    def __init__(self, *, q: str, needs_address: bool, can_merge: bool, shop_names: dict[int, str]):
        self.db = runtime.get().db
        self.newest = Newest()  # reloads: a late answer to an older one is dropped (ui/work.py)
        self.state = PageState(tab="all" if q.strip() else "pending")
        self._header()
        # nicegui takes a tab's name as the value (its docs say so); its annotation lists Tab/TabPanel only
        with (
            ui.tabs(
                value=self.state.tab,  # type: ignore[arg-type]
                on_change=lambda e: self.switch_tab(e.value),
            )
            .props("no-caps align=left")
            .mark("orders-tabs")
        ):
            self.pending_tab = ui.tab("pending", t("orders.tab.pending")).mark("tab-pending")
            ui.tab("all", t("orders.tab.all")).mark("tab-all")
        self.filters = Filters(
            q=q,
            needs_address=needs_address,
            can_merge=can_merge,
            show_status=self.state.tab == "all",
            shop_names=shop_names,
            apply=self.apply,
        )
        self._toolbar()
        self.table = make_table()
        self._wire_table()

    # --- layout -------------------------------------------------------------------------------

    def _header(self) -> None:
        with ui.row().classes("w-full items-center"):
            ui.label(t("orders.title")).classes("text-2xl font-bold")
            ui.space()
            ui.button(t("orders.rules"), icon="rule", on_click=lambda: ui.navigate.to("/orders/rules")).props(
                "flat no-caps"
            ).mark("orders-rules")
            ui.button(
                t("orders.merge.suggestions"), icon="call_merge", on_click=lambda: ui.navigate.to("/orders/merge")
            ).props("flat no-caps").mark("orders-merge-suggestions")
            ui.button(
                t("address.bulk.title"),
                icon="edit_location_alt",
                on_click=lambda: open_address_file_dialog(self.after_change),
            ).props("flat no-caps").mark("orders-fill-addresses")
            ui.button(
                t("orders.import.button"),
                icon="upload_file",
                on_click=lambda: open_import_dialog(self.reload, shop_id=self.filters.shop.value),
            ).mark("orders-import")

    def _toolbar(self) -> None:
        with ui.row().classes("w-full items-center gap-2 bg-white rounded p-2").mark("selection-toolbar"):
            self.picked = ui.label().classes("font-bold").mark("selection-count")
            self.about = ui.label().classes("text-gray-600").mark("orders-total-estimated")
            self.select_all = ui.button(on_click=self.choose_all).props("flat dense no-caps").mark("select-all")
            ui.button(t("orders.clear_selection"), on_click=self.clear_selection).props("flat dense no-caps").mark(
                "clear-selection"
            )
            ui.separator().props("vertical")
            self.ship_one = (
                ui.button(t("orders.action.ship"), icon="local_shipping", on_click=self.ship_selected)
                .props("dense no-caps")
                .mark("ship-selected")
            )
            ui.button(t("orders.action.batch"), icon="dynamic_feed", on_click=self.batch_selected).props(
                "dense no-caps"
            ).mark("batch-ship")
            ui.button(t("orders.action.merge"), icon="call_merge", on_click=self.merge_selected).props(
                "dense no-caps outline"
            ).mark("merge-selected")
            actions = (
                (
                    "orders.action.cancel",
                    "undo",
                    "cancel-selected",
                    "outline color=negative",
                    lambda ids: act.cancel_orders(ids, self.after_change),
                ),
                (
                    "orders.action.export",
                    "download",
                    "export-batch-file",
                    "outline",
                    lambda ids: act.export_file(ids, shop_id=self.filters.shop.value),
                ),
                ("labels.print", "print", "print-labels", "outline", lambda ids: act.print_orders(ids, self.reload)),
                (
                    "orders.action.pick_list",
                    "checklist",
                    "pick-list",
                    "outline",
                    lambda ids: self.picking(ids, slips=False),
                ),
                (
                    "orders.action.slips",
                    "receipt_long",
                    "packing-slips",
                    "outline",
                    lambda ids: self.picking(ids, slips=True),
                ),
            )
            for key, icon, marker, props, handler in actions:
                ui.button(t(key), icon=icon, on_click=lambda handler=handler: self.with_selected(handler)).props(
                    f"dense no-caps {props}"
                ).mark(marker)

    def _wire_table(self) -> None:
        table = self.table
        table.on_pagination_change(self.keep_total)
        table.on("request", self.on_request)
        table.on("selection", self.on_select)
        table.on(
            "ship", lambda e: open_ship_dialog(e.args["order_no"], self.after_change, shop_id=e.args.get("shop_id"))
        )
        table.on("fill", lambda e: open_address_dialog(e.args["order_no"], self.after_change))
        table.on("cancel", lambda e: act.confirm_cancel([e.args["shipment_id"]], self.after_change))
        table.on("split", lambda e: open_split_dialog(e.args["order_no"], self.after_change))
        table.on("unmerge", lambda e: unmerge_order(e.args["order_no"], self.after_change))
        follow("orders", self.reload, every_s=3.0)  # a batch ship's burst of news reloads at most every 3 s

    # --- the list -----------------------------------------------------------------------------

    async def reload(self) -> None:
        state = self.state
        ticket, pagination = self.newest.start(), self.table.pagination
        if self.filters.mergeable.value:  # 可合并: the ids come from the merge rule (services/orders/merging.py)
            state.mergeable_ids = tuple(sorted(await io_bound(merge_orders.mergeable_ids, self.db)))
        filters = self.filters.current(state.tab, state.mergeable_ids)
        sort = pagination.get("sortBy") or "ordered_at"
        descending, size = bool(pagination.get("descending", True)), int(pagination.get("rowsPerPage") or PAGE_SIZE)
        number = int(pagination.get("page", 1))
        query = (repr(filters), sort, descending, size)
        if query != state.query:  # another filter, sort or page size: cursors start again
            state.query, state.cursors = query, {}
        try:  # next/previous go by cursor (same cost at any depth); a jumped-to page by number
            found = await io_bound(
                orders.list_orders,
                self.db,
                filters=filters,
                sort=sort,
                descending=descending,
                page=number,
                size=size,
                cursor=state.cursors.get(number),
            )
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
            return
        if not self.newest.is_current(ticket):  # a newer filter/page was asked for meanwhile: its answer wins
            return
        total = found.total
        if found.next_cursor:
            state.cursors[number + 1] = found.next_cursor
        if found.prev_cursor and number > 1:
            state.cursors[number - 1] = found.prev_cursor
        self.about.set_text(t("list.total_estimated", count=f"{total:,}") if found.estimated else "")
        twins = await io_bound(merge_orders.mergeable_among, self.db, found.rows)
        if not self.newest.is_current(ticket):
            return
        shown = rows_of(found.rows, twins)
        self.state.selection.total = total
        self.table.rows = shown
        self.table.pagination = {**pagination, "rowsNumber": total}
        self.table.selected = [r for r in shown if self.state.selection.has(r["id"])]
        self.table.update()
        self.show_selection()
        tabs = await io_bound(orders.status_counts, self.db)
        pending = tabs.counts.get("pending", 0)
        about = "pending" in tabs.estimated  # an estimate at scale (db/keyset.py): the tab says 约
        self.pending_tab.set_label(
            t("orders.tab.pending_count_estimated", count=f"{pending:,}")
            if about
            else t("orders.tab.pending_count", count=pending)
        )

    async def apply(self) -> None:
        self.clear_selection()
        self.table.pagination = {**self.table.pagination, "page": 1}
        await self.reload()

    async def switch_tab(self, value: str) -> None:
        self.state.tab = value
        self.filters.status.set_visibility(value == "all")
        await self.apply()

    async def on_request(self, e) -> None:
        self.table.pagination = e.args["pagination"]
        await self.reload()

    def keep_total(self, e) -> None:
        # the browser's table reports its pagination back, sometimes from before the first load:
        # the total is ours to say
        total = self.state.selection.total
        if (e.value or {}).get("rowsNumber") != total:
            self.table.pagination = {**(e.value or {}), "rowsNumber": total}

    async def after_change(self) -> None:
        self.clear_selection()
        await self.reload()

    # --- the selection ------------------------------------------------------------------------

    def show_selection(self) -> None:
        chosen = self.state.selection
        self.picked.set_text(t("orders.selected", count=chosen.size))
        self.select_all.set_text(t("orders.select_all", count=chosen.total))
        self.select_all.set_visibility(not chosen.everything and chosen.total > 0 and chosen.size < chosen.total)
        self.ship_one.set_enabled(chosen.size == 1)

    def on_select(self, _) -> None:
        self.state.selection.page_ticked({r["id"] for r in self.table.rows}, {r["id"] for r in self.table.selected})
        self.show_selection()

    def clear_selection(self) -> None:
        self.state.selection.clear()
        self.table.selected = []
        self.table.update()
        self.show_selection()

    def choose_all(self) -> None:
        self.state.selection.choose_all()
        self.table.selected = list(self.table.rows)
        self.table.update()
        self.show_selection()

    async def selected_ids(self) -> list[int]:
        chosen = self.state.selection
        if chosen.everything:
            ids = await io_bound(
                orders.matching_ids, self.db, filters=self.filters.current(self.state.tab, self.state.mergeable_ids)
            )
            return [i for i in ids if i not in chosen.excluded]
        return sorted(chosen.chosen)

    async def with_selected(self, handler) -> None:
        await handler(await self.selected_ids())

    async def ship_selected(self) -> None:
        ids = await self.selected_ids()
        if len(ids) != 1:
            ui.notify(t("orders.pick_one"), type="warning")
            return
        on_page = {r["id"]: r for r in self.table.rows}
        if ids[0] in on_page:  # numbers are unique per shop: the dialog is told which shop
            row = on_page[ids[0]]
            await open_ship_dialog(row["order_no"], self.after_change, shop_id=row["shop_id"])
            return
        order = await io_bound(orders.get_order, self.db, order_id=ids[0])
        await open_ship_dialog(order.order_no, self.after_change, shop_id=order.shop_id)

    async def merge_selected(self) -> None:
        ids = await self.selected_ids()
        await merge_selected_orders(await io_bound(orders.order_nos, self.db, ids=ids), self.after_change)

    async def batch_selected(self) -> None:
        ids = await self.selected_ids()
        if not ids:
            ui.notify(t("orders.pick_some"), type="warning")
            return
        await open_batch_dialog(ids, self.after_change)

    async def picking(self, ids: list[int], *, slips: bool) -> None:
        if not ids:
            ui.notify(t("pick.none_selected"), type="warning")
            return
        await print_pick_list(ids, slips=slips)


@ui.page("/orders", title="订单发货 · 快递单号管家")
async def orders_page(q: str = "", needs_address: int = 0, can_merge: int = 0) -> None:
    """`q`: start with this search over all orders (the header's search box links here);
    `needs_address=1`: start with the 待补地址 orders only (the dashboard links here);
    `can_merge=1`: start with the 可合并 orders only."""
    shop_names = await io_bound(shops.names, runtime.get().db)
    with frame("/orders"):
        view = OrdersView(q=q, needs_address=bool(needs_address), can_merge=bool(can_merge), shop_names=shop_names)
    await view.reload()
