"""发货 dialog for one order: carrier pre-selected by the matching rules (with the reason), a pool
number held while the dialog is open (released on cancel, close or timeout), or a typed/scanned
number with carriers suggested from its pattern.

Its parts are in `ui/orders/ship/`: the typed state (state.py), the order summary and carrier
choices (summary.py), the fields (form.py) and shipping on confirm (submit.py); `ShipDialog` below
holds the pool number and wires them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import app, ui

from waybill_ui import runtime
from waybill_ui.carriers import codes
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.services.ewaybill import issue as ewaybill
from waybill_ui.services.shipping import single as shipping
from waybill_ui.ui.components.labels import print_labels
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.orders.ship.form import ShipForm
from waybill_ui.ui.orders.ship.state import ShipState
from waybill_ui.ui.orders.ship.submit import announce, ship
from waybill_ui.ui.orders.ship.summary import order_summary
from waybill_ui.ui.orders.unsure_box import unsure_box
from waybill_ui.ui.work import io_bound

OnDone = Callable[[], Awaitable[None] | None]


class ShipDialog:
    def __init__(self, context: shipping.DialogContext, on_done: OnDone):
        self.db = runtime.get().db
        self.context, self.on_done = context, on_done
        self.state = ShipState()
        self.page = ui.context.client
        with (
            ui.dialog().props("persistent") as self.dialog,
            ui.card().classes("w-[36rem] max-w-full").mark("ship-dialog"),
        ):
            order_summary(context)
            self.form = ShipForm(context)
            self.unsure = unsure_box(context.order.order_no, self.shipped)
            self._footer()
        self.form.carrier.on_value_change(lambda e: self.hold_for(e.value))
        self.form.mode.on_value_change(self.on_mode)
        with self.dialog:  # the timer lives and dies with the dialog
            self.timeout = ui.timer(shipping.HOLD_TTL.total_seconds(), self.lapse, once=True)
        ui.context.client.on_disconnect(self.release)

    def _footer(self) -> None:
        with ui.row().classes("w-full justify-end items-center gap-2 flex-wrap"):
            self.print_after = ui.checkbox(
                t("labels.print_after_ship"), value=app.storage.user.get("print_after_ship", True)
            ).mark("ship-print-after")
            ui.space()
            ui.button(t("common.cancel"), on_click=self.close).props("flat").mark("ship-cancel")
            self.confirm = ui.button(t("orders.ship.confirm"), icon="local_shipping", on_click=self.submit).mark(
                "ship-confirm"
            )

    # --- the held number ----------------------------------------------------------------------

    async def release(self) -> None:
        hold, self.state.hold = self.state.hold, None
        if hold is not None:
            await io_bound(shipping.release_hold, self.db, token=hold.token)

    async def hold_for(self, code: str | None) -> None:
        """Show the checks for carrier `code` and hold a pool number of it (none for an e-waybill account).

        Choices can follow each other faster than a hold comes back: only the newest one keeps its hold."""
        form, state = self.form, self.state
        state.asked += 1
        mine = state.asked
        form.show_choice(code)
        await self.release()
        if mine != state.asked:
            return
        form.empty_box.set_visibility(False)
        form.held_label.set_text("")
        state.ewaybill = False
        if not code or not form.pool:
            return
        has_account = await io_bound(ewaybill.has_account, self.db, code)
        if mine != state.asked:
            return
        if has_account:  # the provider issues it on confirm
            state.ewaybill = True
            form.held_label.set_text(t("ewaybill.dialog.will_issue", carrier=codes.name_of(code)))
            return
        hold = await io_bound(shipping.hold_number, self.db, carrier=code)
        if state.done or mine != state.asked:  # closed, or another choice made, while we waited
            if hold:
                await io_bound(shipping.release_hold, self.db, token=hold.token)
            return
        state.hold = hold
        form.show_hold(hold)

    async def on_mode(self) -> None:
        self.form.show_mode()
        await self.hold_for(self.form.carrier.value)

    # --- closing ------------------------------------------------------------------------------

    async def close(self) -> None:
        self.state.done = True
        self.timeout.deactivate()
        await self.release()
        self.dialog.close()
        self.dialog.delete()

    async def lapse(self) -> None:
        ui.notify(t("orders.ship.lapsed"), type="warning")
        await self.close()

    async def submit(self) -> None:
        form = self.form
        form.error.set_text("")
        problem = form.problem(has_number=self.state.hold is not None or self.state.ewaybill)
        if problem:
            form.error.set_text(problem)
            return
        self.confirm.props("loading")
        try:
            result = await ship(self.context, form, self.state)
        except ServiceError as exc:
            form.show_error(exc)
            self.unsure.set_visibility(exc.code == "ewaybill_unsure")
            if exc.code == "hold_lapsed":
                self.state.hold = None
                await self.hold_for(form.carrier.value)
            return
        finally:
            self.confirm.props(remove="loading")
        await self.shipped(result)

    async def shipped(self, result: shipping.Shipped) -> None:
        self.state.hold = None  # used, nothing to release
        announce(result)
        await self.close()
        app.storage.user["print_after_ship"] = bool(self.print_after.value)
        if self.print_after.value:
            with self.page.content:  # the ship dialog is gone: the print dialog belongs to the page
                await print_labels([p[0] for p in result.parcels] or [result.id])
        outcome = self.on_done()
        if outcome is not None:
            await outcome


async def open_ship_dialog(order_no: str, on_done: OnDone, shop_id: int | None = None) -> None:
    try:
        context = await io_bound(
            shipping.dialog_context, runtime.get().db, order_no=order_no, lang=lang(), shop_id=shop_id
        )
    except ServiceError as exc:
        ui.notify(exc.message(lang()), type="negative")
        return
    dialog = ShipDialog(context, on_done)
    dialog.dialog.open()
    await dialog.hold_for(dialog.form.carrier.value)
