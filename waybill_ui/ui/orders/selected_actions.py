"""What the selection toolbar does with the chosen orders: cancel their shipments (after a
confirmation), print their labels, the marketplace batch-ship file. Each takes the chosen
order ids and what to call once the orders changed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from waybill_ui import runtime
from waybill_ui.clock import SHANGHAI, utcnow
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.services.ewaybill import issue as ewaybill
from waybill_ui.services.orders import shipback as exports
from waybill_ui.ui.components.labels import print_labels
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.session import actor
from waybill_ui.ui.work import io_bound

Changed = Callable[[], Awaitable[None]]


async def _cancel(shipment_ids: list[int], after_change: Changed) -> None:
    rt = runtime.get()
    problems, done = [], 0
    for shipment_id in shipment_ids:
        try:
            await ewaybill.cancel_any(
                rt.db, shipment_id=shipment_id, actor=actor(), provider_for=ewaybill.runtime_provider_for(rt)
            )
            done += 1
        except ServiceError as exc:
            problems.append(exc.message(lang()))
    if done:
        ui.notify(t("orders.cancelled", count=done), type="positive")
    for problem in problems[:5]:
        ui.notify(problem, type="negative")
    await after_change()


def confirm_cancel(shipment_ids: list[int], after_change: Changed) -> None:
    if not shipment_ids:
        ui.notify(t("orders.nothing_to_cancel"), type="warning")
        return
    with ui.dialog() as dialog, ui.card().mark("cancel-dialog"):
        ui.label(t("orders.cancel_confirm", count=len(shipment_ids)))
        with ui.row().classes("w-full justify-end"):
            ui.button(t("common.cancel"), on_click=dialog.close).props("flat")

            async def go() -> None:
                dialog.close()
                await _cancel(shipment_ids, after_change)

            ui.button(t("orders.action.cancel"), on_click=go).props("color=negative").mark("cancel-confirm")
    dialog.open()


async def cancel_orders(order_ids: list[int], after_change: Changed) -> None:
    db = runtime.get().db
    confirm_cancel(await io_bound(exports.shipment_ids_for_orders, db, order_ids=order_ids), after_change)


async def print_orders(order_ids: list[int], after_print: Changed) -> None:
    db = runtime.get().db
    shipment_ids = await io_bound(exports.shipment_ids_for_orders, db, order_ids=order_ids)
    if not shipment_ids:
        ui.notify(t("labels.none_selected"), type="warning")
        return
    await print_labels(shipment_ids)
    await after_print()


async def export_file(order_ids: list[int], *, shop_id: int | None = None) -> None:
    """The marketplace's batch-ship file for the chosen orders, or for today's shipments, in the
    template of the shop filtered on, else of the shop all chosen orders are in (shipback.build)."""
    db = runtime.get().db
    today = utcnow().astimezone(SHANGHAI).replace(hour=0, minute=0, second=0, microsecond=0)
    try:
        if order_ids:
            shipment_ids = await io_bound(exports.shipment_ids_for_orders, db, order_ids=order_ids)
            made = await io_bound(
                exports.build, db, shop_id=shop_id, shipment_ids=shipment_ids or [0], now=utcnow().astimezone(SHANGHAI)
            )
        else:
            made = await io_bound(
                exports.build, db, shop_id=shop_id, shipped_since=today, now=utcnow().astimezone(SHANGHAI)
            )
    except ServiceError as exc:
        ui.notify(exc.message(lang()), type="warning")
        return
    ui.download.content(made.content, made.filename, made.media_type)
