"""合并建议: waiting orders of one buyer and address that could go out as one parcel, paged on
the server (services/orders/merging.suggestions), each group merged with one click."""

from __future__ import annotations

from nicegui import ui

from waybill_ui import runtime
from waybill_ui.services.orders import merging as merge_orders
from waybill_ui.ui.frame import frame
from waybill_ui.ui.i18n import t
from waybill_ui.ui.orders.parcel_actions import merge_selected_orders
from waybill_ui.ui.work import io_bound

PAGE_SIZE = 20


@ui.page("/orders/merge", title="合并建议 · 快递单号管家")
async def merge_page() -> None:
    db = runtime.get().db
    state = {"page": 1}
    with frame("/orders"):
        with ui.row().classes("w-full items-center"):
            ui.button(icon="arrow_back", on_click=lambda: ui.navigate.to("/orders")).props("flat round dense")
            ui.label(t("orders.merge.page_title")).classes("text-xl font-bold")
        groups = ui.column().classes("w-full gap-2").mark("merge-groups")
        pager = ui.pagination(1, 1, direction_links=True, on_change=lambda e: turn(e.value)).mark("merge-pager")

    async def turn(page: int) -> None:
        state["page"] = page
        await show()

    async def show() -> None:
        found, total = await io_bound(merge_orders.suggestions, db, page=state["page"], size=PAGE_SIZE)
        pager.max = max(1, -(-total // PAGE_SIZE))
        pager.set_visibility(total > PAGE_SIZE)
        groups.clear()
        with groups:
            if not found:
                ui.label(t("orders.merge.empty")).classes("text-gray-600").mark("merge-empty")
            for group in found:
                with ui.card().classes("w-full").mark(f"merge-group-{group.order_nos[0]}"):
                    ui.label(
                        t(
                            "orders.merge.group_line",
                            count=len(group.order_nos),
                            receiver=group.receiver_name,
                            phone=group.phone,
                            address=group.address,
                        )
                    ).classes("font-bold")
                    for no, items in zip(group.order_nos, group.items, strict=False):
                        ui.label(f"{no}  {items}").classes("text-sm font-mono")
                    ui.button(
                        t("orders.merge.merge_these", count=len(group.order_nos)),
                        icon="call_merge",
                        on_click=lambda nos=group.order_nos: merge_selected_orders(nos, show),
                    ).props("dense no-caps").mark(f"merge-{group.order_nos[0]}")

    await show()
