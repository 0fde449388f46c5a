"""合并 / 取消合并 / 拆分包裹 on the orders page (docs/merge-split.md): thin calls of
services/orders/merging.py and services/orders/splitting.py with the answer said in plain Chinese."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from waybill_ui import runtime
from waybill_ui.services.orders import merging as merge_orders
from waybill_ui.services.orders import splitting as split_orders
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.session import actor
from waybill_ui.ui.work import io_bound

Done = Callable[[], Awaitable[None] | None]


async def _after(on_done: Done) -> None:
    outcome = on_done()
    if outcome is not None:
        await outcome


async def merge_selected_orders(order_nos: list[str], on_done: Done) -> bool:
    if len(order_nos) < 2:
        ui.notify(t("orders.merge.pick_two"), type="warning")
        return False
    try:
        group = await io_bound(merge_orders.merge, runtime.get().db, order_nos=order_nos, actor=actor())
    except ServiceError as exc:
        ui.notify(exc.message(lang()), type="negative", multi_line=True, timeout=8000)
        return False
    ui.notify(t("orders.merge.done", count=len(order_nos), group=group), type="positive")
    await _after(on_done)
    return True


async def unmerge_order(order_no: str, on_done: Done) -> None:
    try:
        nos = await io_bound(merge_orders.unmerge, runtime.get().db, order_no=order_no, actor=actor())
    except ServiceError as exc:
        ui.notify(exc.message(lang()), type="negative", multi_line=True)
        return
    ui.notify(t("orders.merge.undone", orders="、".join(nos)), type="positive")
    await _after(on_done)


async def open_split_dialog(order_no: str, on_done: Done) -> None:
    db = runtime.get().db
    try:
        current = await io_bound(split_orders.parcels_of, db, order_no=order_no)
    except ServiceError as exc:
        ui.notify(exc.message(lang()), type="negative")
        return
    with ui.dialog() as dialog, ui.card().classes("w-[28rem] max-w-full").mark("split-dialog"):
        ui.label(t("orders.split.title", order_no=order_no)).classes("text-lg font-bold")
        count = (
            ui.number(
                t("orders.split.count"),
                value=max(2, len(current)),
                min=1,
                max=split_orders.MAX_PARCELS,
                step=1,
                format="%d",
            )
            .props("outlined dense")
            .classes("w-40")
            .mark("split-count")
        )
        items = (
            ui.textarea(t("orders.split.items"), value="\n".join(p.items for p in current if p.items))
            .props("outlined dense autogrow")
            .classes("w-full")
            .mark("split-items")
        )
        error = ui.label().classes("text-red-700 text-sm").mark("split-error")
        with ui.row().classes("w-full justify-end"):
            ui.button(t("common.cancel"), on_click=dialog.close).props("flat")

            async def save() -> None:
                lines = [line for line in (items.value or "").splitlines() if line.strip()]
                parcels = int(count.value or 1)
                try:
                    await io_bound(
                        split_orders.split, db, order_no=order_no, parcels=parcels, items=lines or None, actor=actor()
                    )
                except ServiceError as exc:
                    error.set_text(exc.message(lang()))
                    return
                dialog.close()
                ui.notify(t("orders.split.done", order_no=order_no, count=parcels), type="positive")
                await _after(on_done)

            ui.button(t("orders.split.confirm"), on_click=save).mark("split-confirm")
    dialog.open()
