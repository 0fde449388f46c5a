"""订单发货: orders waiting to ship and all orders — paged, sorted, filtered and searched on the
server; a selection that can span pages ("select all 3,412 matching"); import, ship, batch ship,
cancel and the marketplace batch-ship file."""

from __future__ import annotations

import json
from datetime import date

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.carriers import codes, geo
from waybill_ui.clock import SHANGHAI, fmt_local, utcnow
from waybill_ui.services.orders import carrier_requests
from waybill_ui.services.ewaybill import issue as ewaybill
from waybill_ui.services.orders import shipback as exports
from waybill_ui.services.orders import address_check as order_address
from waybill_ui.services.orders import listing as orders
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.ui.live import on_news
from waybill_ui.ui.components.labels import print_labels
from waybill_ui.ui.frame import frame
from waybill_ui.ui.i18n import fen, lang, t
from waybill_ui.ui.orders.address_dialog import open_address_dialog, open_address_file_dialog
from waybill_ui.ui.orders.batch_dialog import open_batch_dialog
from waybill_ui.ui.orders.packing_actions import print_pick_list
from waybill_ui.ui.orders.import_dialog import open_import_dialog
from waybill_ui.ui.orders.ship_dialog import open_ship_dialog
from waybill_ui.ui.session import actor
from typing import Any

PAGE_SIZE = 50


def _columns() -> list[dict[str, Any]]:
    def col(name: str, *, sortable: bool = False, **extra: Any) -> dict[str, Any]:
        return {"name": name, "label": t(f"orders.col.{name}"), "field": name, "align": "left",
                "sortable": sortable, **extra}

    wrap: dict[str, Any] = {"style": "white-space: normal; min-width: 12rem"}
    return [col("order_no", sortable=True), col("ordered_at", sortable=True), col("receiver"), col("address", **wrap),
            col("items", **wrap), col("amount", sortable=True), col("status", sortable=True), col("shipping"),
            col("message", **wrap), col("actions")]


def _row(r: orders.OrderRow) -> dict[str, Any]:
    return {"id": r.id, "order_no": r.order_no, "ordered_at": fmt_local(r.ordered_at),
            "receiver": f"{r.receiver_name} {r.phone}", "address": " ".join(
                p for p in (r.province, r.city if r.city != r.province else "", r.district, r.address) if p),
            "items": f"{r.items} ×{r.item_count}", "amount": fen(r.amount_fen),
            "status": t("orders.needs_address") if r.status == "pending" and not order_address.of(r)
            else t(f"orders.status.{r.status}"),
            "needs_address": r.status == "pending" and not order_address.of(r),
            "raw_status": r.status, "shipping": " ".join(p for p in (codes.name_of(r.carrier) if r.carrier else "",
                                                                    r.waybill_number or "") if p),
            "message": " / ".join(p for p in (r.buyer_message, r.seller_memo) if p), "shipment_id": r.shipment_id,
            **_request_of(r),
            "can_cancel": bool(r.shipment_id and r.shipment_status == "pending")}


def _request_of(r: orders.OrderRow) -> dict[str, Any]:
    """The buyer's carrier request as a chip, red when the shipped carrier goes against it."""
    request = carrier_requests.parse(r.buyer_message, r.seller_memo)
    if not request:
        return {"request": "", "request_broken": ""}
    broken = carrier_requests.warning(request, r.carrier, lang()) if r.carrier else ""
    return {"request": carrier_requests.label(request, lang()), "request_broken": broken}


def _message_slot() -> str:
    return """
        <q-td :props="props" style="white-space: normal; min-width: 12rem">
          <div>{{ props.row.message }}</div>
          <q-chip v-if="props.row.request" dense square size="sm"
                  :color="props.row.request_broken ? 'negative' : 'orange-2'"
                  :text-color="props.row.request_broken ? 'white' : 'orange-10'"
                  :title="props.row.request_broken || props.row.request">
            {{ props.row.request_broken || props.row.request }}
          </q-chip>
        </q-td>"""


def _actions_slot() -> str:
    ship, cancel = json.dumps(t("orders.action.ship")), json.dumps(t("orders.action.cancel"))
    fill = json.dumps(t("address.fill_button"))
    return f"""
        <q-td :props="props">
          <q-btn v-if="props.row.needs_address" size="sm" dense unelevated no-caps color="orange-8" class="q-mr-xs"
                 :label='{fill}' @click="() => $parent.$emit('fill', props.row)" />
          <q-btn v-if="props.row.raw_status === 'pending'" size="sm" dense unelevated no-caps color="primary"
                 :label='{ship}' @click="() => $parent.$emit('ship', props.row)" />
          <q-btn v-if="props.row.can_cancel" size="sm" dense flat no-caps color="negative"
                 :label='{cancel}' @click="() => $parent.$emit('cancel', props.row)" />
        </q-td>"""


@ui.page("/orders", title="订单发货 · 快递单号管家")
async def orders_page(q: str = "", needs_address: int = 0) -> None:
    """`q`: start with this search over all orders (the header's search box links here);
    `needs_address=1`: start with the 待补地址 orders only (the dashboard links here)."""
    rt = runtime.get()
    db = rt.db
    first_tab = "all" if q.strip() else "pending"
    state: dict[str, Any] = {"tab": first_tab, "selected": set(), "all": False, "excluded": set(), "total": 0, "stale": False, "seq": 0}

    with frame("/orders"):
        with ui.row().classes("w-full items-center"):
            ui.label(t("orders.title")).classes("text-2xl font-bold")
            ui.space()
            ui.button(t("orders.rules"), icon="rule", on_click=lambda: ui.navigate.to("/orders/rules")) \
                .props("flat no-caps").mark("orders-rules")
            ui.button(t("address.bulk.title"), icon="edit_location_alt",
                      on_click=lambda: open_address_file_dialog(after_change)).props("flat no-caps") \
                .mark("orders-fill-addresses")
            ui.button(t("orders.import.button"), icon="upload_file", on_click=lambda: open_import_dialog(reload)) \
                .mark("orders-import")
        # nicegui takes a tab's name as the value (its docs say so); its annotation lists Tab/TabPanel only
        with (ui.tabs(value=first_tab, on_change=lambda e: switch_tab(e.value))  # type: ignore[arg-type]
                .props("no-caps align=left").mark("orders-tabs")):
            pending_tab = ui.tab("pending", t("orders.tab.pending")).mark("tab-pending")
            ui.tab("all", t("orders.tab.all")).mark("tab-all")

        with ui.row().classes("w-full items-end gap-2"):
            search = ui.input(t("orders.search"), value=q.strip(), placeholder=t("orders.search_hint")) \
                .props("outlined dense clearable").classes("w-72 max-w-full").mark("orders-search")
            status = ui.select({s: t(f"orders.status.{s}") for s in orders.STATUSES}, label=t("orders.filter.status"),
                               clearable=True).props("outlined dense").classes("w-32").mark("orders-status")
            province = ui.select(geo.PROVINCES, label=t("orders.filter.province"), clearable=True) \
                .props("outlined dense").classes("w-40").mark("orders-province")
            date_from = ui.input(t("orders.filter.from")).props("outlined dense type=date").classes("w-40") \
                .mark("orders-from")
            date_to = ui.input(t("orders.filter.to")).props("outlined dense type=date").classes("w-40").mark("orders-to")
            carrier = ui.select({c: v.name for c, v in codes.CARRIERS.items()}, label=t("orders.filter.carrier"),
                                clearable=True).props("outlined dense").classes("w-36").mark("orders-carrier")
            unprinted = ui.checkbox(t("orders.filter.unprinted")).props("dense").mark("filter-unprinted")
            lacking = ui.checkbox(t("orders.needs_address"), value=bool(needs_address)).props("dense") \
                .mark("filter-needs-address")
            ui.button(icon="search", on_click=lambda: apply()).props("flat").mark("orders-apply")
        status.set_visibility(first_tab == "all")

        with ui.row().classes("w-full items-center gap-2 bg-white rounded p-2").mark("selection-toolbar"):
            picked = ui.label().classes("font-bold").mark("selection-count")
            select_all = ui.button(on_click=lambda: choose_all()).props("flat dense no-caps").mark("select-all")
            ui.button(t("orders.clear_selection"), on_click=lambda: clear_selection()).props("flat dense no-caps") \
                .mark("clear-selection")
            ui.separator().props("vertical")
            ship_one = ui.button(t("orders.action.ship"), icon="local_shipping", on_click=lambda: ship_selected()) \
                .props("dense no-caps").mark("ship-selected")
            ui.button(t("orders.action.batch"), icon="dynamic_feed", on_click=lambda: batch_selected()) \
                .props("dense no-caps").mark("batch-ship")
            ui.button(t("orders.action.cancel"), icon="undo", on_click=lambda: cancel_selected()) \
                .props("dense no-caps outline color=negative").mark("cancel-selected")
            ui.button(t("orders.action.export"), icon="download", on_click=lambda: export_file()) \
                .props("dense no-caps outline").mark("export-batch-file")
            ui.button(t("labels.print"), icon="print", on_click=lambda: print_selected()) \
                .props("dense no-caps outline").mark("print-labels")
            ui.button(t("orders.action.pick_list"), icon="checklist",
                      on_click=lambda: picking(slips=False)).props("dense no-caps outline").mark("pick-list")
            ui.button(t("orders.action.slips"), icon="receipt_long",
                      on_click=lambda: picking(slips=True)).props("dense no-caps outline").mark("packing-slips")

        table = ui.table(columns=_columns(), rows=[], row_key="id", selection="multiple",
                         pagination={"page": 1, "rowsPerPage": PAGE_SIZE, "rowsNumber": 0, "sortBy": "ordered_at",
                                     "descending": True}) \
            .props("flat bordered dense :rows-per-page-options=[20,50,100,200]").classes("w-full").mark("orders-table")
        table.add_slot("body-cell-actions", _actions_slot())
        table.add_slot("body-cell-message", _message_slot())
        table.props["no-data-label"] = t("orders.empty")

    def current_filter() -> orders.OrderFilter:
        def day(value: str | None) -> date | None:
            try:
                return date.fromisoformat(value) if value else None
            except ValueError:
                return None

        return orders.OrderFilter(status="pending" if state["tab"] == "pending" else status.value,
                                  q=(search.value or "").strip(), province=province.value, carrier=carrier.value,
                                  date_from=day(date_from.value), date_to=day(date_to.value),
                                  unprinted=bool(unprinted.value), needs_address=bool(lacking.value))

    async def reload() -> None:
        state["seq"] += 1
        mine, pagination = state["seq"], table.pagination
        try:
            rows, total = await io_bound(orders.list_orders, db, filters=current_filter(),
                                             sort=pagination.get("sortBy") or "ordered_at",
                                             descending=bool(pagination.get("descending", True)),
                                             page=int(pagination.get("page", 1)),
                                             size=int(pagination.get("rowsPerPage") or PAGE_SIZE))
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
            return
        if mine != state["seq"]:  # a newer filter/page was asked for meanwhile: its answer wins
            return
        shown = [_row(r) for r in rows]
        state["total"] = total
        table.rows = shown
        table.pagination = {**pagination, "rowsNumber": total}
        table.selected = [r for r in shown if is_selected(r["id"])]
        table.update()
        show_selection()
        counts = await io_bound(orders.count_by_status, db)
        pending_tab.set_label(t("orders.tab.pending_count", count=counts.get("pending", 0)))

    def is_selected(order_id: int) -> bool:
        return order_id not in state["excluded"] if state["all"] else order_id in state["selected"]

    def selection_size() -> int:
        return state["total"] - len(state["excluded"]) if state["all"] else len(state["selected"])

    def show_selection() -> None:
        size = selection_size()
        picked.set_text(t("orders.selected", count=size))
        select_all.set_text(t("orders.select_all", count=state["total"]))
        select_all.set_visibility(not state["all"] and state["total"] > 0 and size < state["total"])
        ship_one.set_enabled(size == 1)

    def on_select(_) -> None:
        page_ids = {r["id"] for r in table.rows}
        chosen = {r["id"] for r in table.selected}
        if state["all"]:
            state["excluded"] = (state["excluded"] - page_ids) | (page_ids - chosen)
        else:
            state["selected"] = (state["selected"] - page_ids) | chosen
        show_selection()

    def clear_selection() -> None:
        state.update(selected=set(), all=False, excluded=set())
        table.selected = []
        table.update()
        show_selection()

    def choose_all() -> None:
        state.update(all=True, excluded=set(), selected=set())
        table.selected = list(table.rows)
        table.update()
        show_selection()

    async def selected_ids() -> list[int]:
        if state["all"]:
            ids = await io_bound(orders.matching_ids, db, filters=current_filter())
            return [i for i in ids if i not in state["excluded"]]
        return sorted(state["selected"])

    async def apply() -> None:
        clear_selection()
        table.pagination = {**table.pagination, "page": 1}
        await reload()

    async def switch_tab(value: str) -> None:
        state["tab"] = value
        status.set_visibility(value == "all")
        await apply()

    async def on_request(e) -> None:
        table.pagination = e.args["pagination"]
        await reload()

    async def after_change() -> None:
        clear_selection()
        await reload()

    async def ship_row(e) -> None:
        await open_ship_dialog(e.args["order_no"], after_change)

    async def ship_selected() -> None:
        ids = await selected_ids()
        if len(ids) != 1:
            ui.notify(t("orders.pick_one"), type="warning")
            return
        on_page = {r["id"]: r["order_no"] for r in table.rows}
        order_no = on_page.get(ids[0]) or (await io_bound(orders.order_nos, db, ids=ids))[0]
        await open_ship_dialog(order_no, after_change)

    async def batch_selected() -> None:
        ids = await selected_ids()
        if not ids:
            ui.notify(t("orders.pick_some"), type="warning")
            return
        await open_batch_dialog(ids, after_change)

    async def cancel(shipment_ids: list[int]) -> None:
        problems, done = [], 0
        for shipment_id in shipment_ids:
            try:
                await ewaybill.cancel_any(db, shipment_id=shipment_id, actor=actor(),
                                          provider_for=ewaybill.runtime_provider_for(runtime.get()))
                done += 1
            except ServiceError as exc:
                problems.append(exc.message(lang()))
        if done:
            ui.notify(t("orders.cancelled", count=done), type="positive")
        for problem in problems[:5]:
            ui.notify(problem, type="negative")
        await after_change()

    def confirm_cancel(shipment_ids: list[int]) -> None:
        if not shipment_ids:
            ui.notify(t("orders.nothing_to_cancel"), type="warning")
            return
        with ui.dialog() as dialog, ui.card().mark("cancel-dialog"):
            ui.label(t("orders.cancel_confirm", count=len(shipment_ids)))
            with ui.row().classes("w-full justify-end"):
                ui.button(t("common.cancel"), on_click=dialog.close).props("flat")

                async def go() -> None:
                    dialog.close()
                    await cancel(shipment_ids)

                ui.button(t("orders.action.cancel"), on_click=go).props("color=negative").mark("cancel-confirm")
        dialog.open()

    async def cancel_selected() -> None:
        ids = await selected_ids()
        confirm_cancel(await io_bound(exports.shipment_ids_for_orders, db, order_ids=ids))

    async def print_selected() -> None:
        shipment_ids = await io_bound(exports.shipment_ids_for_orders, db, order_ids=await selected_ids())
        if not shipment_ids:
            ui.notify(t("labels.none_selected"), type="warning")
            return
        await print_labels(shipment_ids)
        await reload()

    async def picking(*, slips: bool) -> None:
        ids = await selected_ids()
        if not ids:
            ui.notify(t("pick.none_selected"), type="warning")
            return
        await print_pick_list(ids, slips=slips)

    async def export_file() -> None:
        ids = await selected_ids()
        today = utcnow().astimezone(SHANGHAI).replace(hour=0, minute=0, second=0, microsecond=0)
        try:
            if ids:
                shipment_ids = await io_bound(exports.shipment_ids_for_orders, db, order_ids=ids)
                data = await io_bound(exports.batch_ship_csv, db, shipment_ids=shipment_ids or [0])
            else:
                data = await io_bound(exports.batch_ship_csv, db, shipped_since=today)
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="warning")
            return
        ui.download.content(data, exports.filename(utcnow().astimezone(SHANGHAI)), "text/csv")

    def mark_stale(_payload=None) -> None:  # from any thread: only set a flag
        state["stale"] = True

    async def refresh_if_stale() -> None:
        if state["stale"]:
            state["stale"] = False
            await reload()

    def keep_total(e) -> None:
        # the browser's table reports its pagination back, sometimes from before the first load:
        # the total is ours to say
        if (e.value or {}).get("rowsNumber") != state["total"]:
            table.pagination = {**(e.value or {}), "rowsNumber": state["total"]}

    table.on_pagination_change(keep_total)
    table.on("request", on_request)
    table.on("selection", on_select)
    table.on("ship", ship_row)
    table.on("fill", lambda e: open_address_dialog(e.args["order_no"], after_change))
    table.on("cancel", lambda e: confirm_cancel([e.args["shipment_id"]]))
    search.on("keydown.enter", apply)
    search.on("clear", apply)
    for element in (status, province, carrier, date_from, date_to, unprinted, lacking):
        element.on_value_change(apply)
    on_news("orders", mark_stale)
    ui.timer(3.0, refresh_if_stale)
    await reload()
