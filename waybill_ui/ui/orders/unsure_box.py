"""In the ship dialog, for an e-waybill whose last issue answer was lost (Kuaidi100, see
services/ewaybill/unsure.py): enter the number found at the provider, or confirm none was issued."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.services.ewaybill import unsure as ewaybill_unsure
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.services.shipping import single as shipping
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.session import actor


def unsure_box(order_no: str, on_shipped: Callable[[shipping.Shipped], Awaitable[None]]) -> ui.column:
    """Hidden until `show()`; a found number ships the order, "none" clears the hold."""
    db = runtime.get().db
    with ui.column().classes("w-full gap-1 bg-orange-50 rounded p-2").mark("ship-unsure") as box:
        ui.label(t("ewaybill.unsure.title")).classes("font-bold text-orange-800")
        found = (
            ui.input(t("ewaybill.unsure.number"))
            .props("outlined dense clearable")
            .classes("w-full font-mono")
            .mark("ship-unsure-number")
        )
        problem = ui.label().classes("text-red-700 text-sm").mark("ship-unsure-error")
        with ui.row().classes("gap-2 flex-wrap"):
            use = ui.button(t("ewaybill.unsure.use"), icon="check").mark("ship-unsure-use")
            none = ui.button(t("ewaybill.unsure.none"), icon="block").props("outline").mark("ship-unsure-none")

    async def settle(number: str | None) -> None:
        problem.set_text("")
        try:
            result = await io_bound(ewaybill_unsure.settle, db, order_no=order_no, number=number, actor=actor())
        except ServiceError as exc:
            problem.set_text(exc.message(lang()))
            return
        box.set_visibility(False)
        if result is None:
            ui.notify(t("ewaybill.unsure.cleared"), type="positive")
        else:
            await on_shipped(result)

    use.on_click(lambda: settle((found.value or "").strip() or "-"))
    none.on_click(lambda: settle(None))
    box.set_visibility(False)
    return box
