"""补地址 dialog (智能识别): paste the buyer's block, check the recognised fields, save; and
从文件补地址: a second file fills many waiting orders at once. The rules live in
services/orders/addresses/ (parse, check against the divisions, store).

Its parts are in `ui/orders/address/`: the fields with the place choices (fields.py), what a
recognised block adds (recognition.py) and the 从文件补地址 dialog (from_file.py);
`AddressDialog` below wires the one-order dialog."""

from __future__ import annotations

from nicegui import ui

from waybill_ui import runtime
from waybill_ui.clock import utcnow
from waybill_ui.db.models import Order
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.services.orders import listing as orders
from waybill_ui.services.orders.addresses import fill
from waybill_ui.services.orders.addresses.paste import parse_block
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.orders.address.fields import AddressFields
from waybill_ui.ui.orders.address.from_file import AddressFileDialog, Done, finish
from waybill_ui.ui.orders.address.recognition import show_confidence, show_warnings
from waybill_ui.ui.session import actor
from waybill_ui.ui.work import io_bound


class AddressDialog:
    def __init__(self, order_no: str, order: Order, on_done: Done):
        self.db = runtime.get().db
        self.order_no, self.on_done = order_no, on_done  # as the page asked for it
        with ui.dialog() as self.dialog, ui.card().classes("w-[40rem] max-w-full").mark("address-dialog"):
            ui.label(f"{t('address.paste.title')} · {self.order_no}").classes("text-lg font-bold")
            self.paste = (
                ui.textarea(placeholder=t("address.paste.hint"))
                .props("outlined autogrow")
                .classes("w-full")
                .mark("address-paste")
            )
            with ui.row().classes("w-full items-center gap-2"):
                ui.button(t("address.paste.recognise"), icon="auto_fix_high", on_click=self.recognise).props(
                    "no-caps"
                ).mark("address-recognise")
                self.confidence = ui.label().classes("text-sm").mark("address-confidence")
            self.warning = ui.column().classes("w-full gap-1").mark("address-warning")
            self.fields = AddressFields(order)
            with ui.row().classes("w-full justify-end"):
                ui.button(t("common.cancel"), on_click=self.dialog.close).props("flat")
                ui.button(t("address.save"), icon="save", on_click=self.save).mark("address-save")

    def recognise(self) -> None:
        got = parse_block(self.paste.value or "")
        self.fields.take(got)
        show_confidence(self.confidence, got)
        show_warnings(self.warning, got, self.pick)

    def pick(self, place: str) -> None:
        """One of the candidate places for an ambiguous name: read again with it in front."""
        got = parse_block(place + (self.fields.detail.value or ""))
        self.fields.set_place(got.province, got.city, got.district)
        self.warning.clear()

    async def save(self) -> None:
        try:
            await io_bound(
                fill.fill_order, self.db, order_no=self.order_no, data=self.fields.values(), actor=actor(), now=utcnow()
            )
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
            return
        ui.notify(t("address.saved", order_no=self.order_no), type="positive")
        self.dialog.close()
        await finish(self.on_done)


async def open_address_dialog(order_no: str, on_done: Done) -> None:
    order = await io_bound(orders.get_order, runtime.get().db, order_no=order_no)
    AddressDialog(order_no, order, on_done).dialog.open()


async def open_address_file_dialog(on_done: Done) -> None:
    AddressFileDialog(on_done).dialog.open()
