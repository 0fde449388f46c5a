"""批量发货 dialog: preview grouped by carrier with a stock check (and a buy link where stock is
short), confirm, progress, a result summary and the marketplace batch-ship file.

Its parts are in `ui/orders/batch/`: the typed state (state.py) and what it lists before and after
shipping (summary.py); `BatchDialog` below wires them and ships."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from waybill_ui import runtime
from waybill_ui.carriers import codes
from waybill_ui.clock import SHANGHAI, utcnow
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.services.ewaybill import issue as ewaybill
from waybill_ui.services.orders import shipback as exports
from waybill_ui.services.shipping import batch as batch_ship
from waybill_ui.services.shipping import dispatch as batch_dispatch
from waybill_ui.ui.components.labels import print_labels
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.orders.batch.summary import shippable, show_preview, show_result, uncovered
from waybill_ui.ui.orders.batch.state import BatchState
from waybill_ui.ui.orders.packing_actions import print_pick_list
from waybill_ui.ui.orders.progress import Progress
from waybill_ui.ui.session import actor
from waybill_ui.ui.work import io_bound

OnDone = Callable[[], Awaitable[None] | None]


class BatchDialog:
    def __init__(self, state: BatchState, on_done: OnDone):
        self.db = runtime.get().db
        self.state, self.on_done = state, on_done
        with (
            ui.dialog().props("persistent") as self.dialog,
            ui.card().classes("w-[48rem] max-w-full").mark("batch-dialog"),
        ):
            ui.label(t("orders.batch.title", count=len(state.order_ids))).classes("text-lg font-bold")
            self._choice()
            self.groups_box = ui.column().classes("w-full gap-1").mark("batch-groups")
            self.progress = Progress("batch-progress")
            self.result_box = ui.column().classes("w-full gap-1").mark("batch-result")
            self._footer()
        for hidden in (self.download, self.print_all, self.carrier, self.override):
            hidden.set_visibility(False)
        self.mode.on_value_change(self.on_mode)
        self.carrier.on_value_change(self.on_carrier)
        self.override.on_value_change(self.refresh_preview)

    def _choice(self) -> None:
        with ui.row().classes("w-full items-center gap-4"):
            self.mode = (
                ui.toggle(
                    {"rules": t("orders.batch.by_rules"), "one": t("orders.batch.one_carrier")}, value=self.state.mode
                )
                .props("no-caps dense")
                .mark("batch-mode")
            )
            self.carrier = (
                ui.select({c: v.name for c, v in codes.CARRIERS.items()}, label=t("orders.ship.carrier"))
                .props("outlined dense")
                .classes("w-48")
                .mark("batch-carrier")
            )
        self.override = (
            ui.input(t("coverage.override_reason"), placeholder=t("coverage.override_hint"))
            .props("outlined dense debounce=600")
            .classes("w-full")
            .mark("batch-override-reason")
        )

    def _footer(self) -> None:
        with ui.row().classes("w-full justify-end"):
            self.close_button = ui.button(t("common.cancel"), on_click=self.finish).props("flat").mark("batch-close")
            ui.button(
                t("orders.action.pick_list"), icon="checklist", on_click=lambda: print_pick_list(self.state.order_ids)
            ).props("flat no-caps").mark("batch-pick-list")  # the batch's 拣货单 (docs/packing.md)
            self.download = (
                ui.button(t("orders.batch.download"), icon="download", on_click=self.fetch_file)
                .props("outline")
                .mark("batch-download")
            )
            self.print_all = (
                ui.button(t("labels.print_all"), icon="print", on_click=lambda: print_labels(self.state.shipment_ids))
                .props("outline")
                .mark("batch-print")
            )
            self.confirm = ui.button(icon="local_shipping", on_click=self.ship).mark("batch-confirm")

    # --- the preview --------------------------------------------------------------------------

    async def on_mode(self) -> None:
        self.state.mode = self.mode.value
        self.carrier.set_visibility(self.state.mode == "one")
        await self.refresh_preview()

    async def on_carrier(self) -> None:
        self.state.carrier = self.carrier.value
        await self.refresh_preview()

    @property
    def override_reason(self) -> str:
        return self.override.value or ""

    async def refresh_preview(self) -> None:
        """Reads the batch again for the choices shown. A preview of many orders takes a while and
        the seller may choose again meanwhile: an answer to an older choice is dropped."""
        state = self.state
        mine = state.ask()
        self.groups_box.clear()
        self.confirm.disable()
        if state.mode == "one" and not state.chosen:
            with self.groups_box:
                ui.label(t("orders.batch.pick_carrier")).classes("text-gray-600")
            return
        preview = await io_bound(
            batch_ship.preview_batch,
            self.db,
            order_ids=state.order_ids,
            carrier=state.chosen,
            override_reason=self.override_reason,
            lang=lang(),
        )
        if mine != state.asked:
            return
        state.preview = preview
        with self.groups_box:
            show_preview(preview)
        self.override.set_visibility(bool(uncovered(preview)) or bool(self.override_reason.strip()))
        self.confirm.set_text(t("orders.batch.confirm", count=shippable(preview)))
        self.confirm.set_enabled(shippable(preview) > 0)

    # --- shipping -----------------------------------------------------------------------------

    async def ship(self) -> None:
        self.confirm.disable()
        self.close_button.disable()
        self.progress.start()
        chosen = self.state.chosen
        try:
            # pool numbers or e-waybills, whichever each order's carrier uses (services/shipping/dispatch.py)
            result = await batch_dispatch.ship_batch(
                self.db,
                order_ids=self.state.order_ids,
                actor=actor(),
                carrier=chosen,
                progress=self.progress,
                lang=lang(),
                provider_for=ewaybill.runtime_provider_for(runtime.get()),
                override_reason=self.override_reason if chosen else "",
            )
        except ServiceError as exc:
            self._refused(exc)
            return
        finally:
            self.progress.stop()
            self.close_button.enable()
        self.state.take(result)
        self._shipped(result)
        outcome = self.on_done()  # the list behind the dialog drops the shipped orders and the selection now
        if outcome is not None:
            await outcome
        ui.notify(
            t("orders.batch.result", shipped=len(result.shipped), failed=len(result.failed)),
            type="positive" if result.shipped else "warning",
        )

    def _refused(self, exc: ServiceError) -> None:
        ui.notify(exc.message(lang()), type="negative")
        if exc.params.get("link"):
            with self.result_box:
                ui.label(exc.message(lang())).classes("text-red-700")
                ui.link(t("senders.set_now"), exc.params["link"]).mark("batch-fix-link")
        self.confirm.enable()

    def _shipped(self, result: batch_ship.BatchResult) -> None:
        self.groups_box.clear()
        self.confirm.set_visibility(False)
        self.mode.disable()
        self.carrier.disable()
        self.close_button.set_text(t("orders.batch.close"))
        with self.result_box:
            show_result(result)
        self.download.set_visibility(bool(result.shipped))
        self.print_all.set_visibility(bool(result.shipped))

    async def fetch_file(self) -> None:
        try:
            data = await io_bound(exports.batch_ship_csv, self.db, batch_id=self.state.batch_id)
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
            return
        ui.download.content(data, exports.filename(utcnow().astimezone(SHANGHAI)), "text/csv")

    async def finish(self) -> None:
        self.dialog.close()
        self.dialog.delete()


async def open_batch_dialog(order_ids: list[int], on_done: OnDone) -> None:
    dialog = BatchDialog(BatchState(order_ids=order_ids), on_done)
    dialog.dialog.open()
    await dialog.refresh_preview()
