"""打印面单: print labels for a list of shipment ids (or all not printed yet). The order, batch-ship
and tracking pages print through the same component; this page also serves links like
/labels/print?ids=1,2,3&size=100x180."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.services.printing import labels
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.ui.components.labels import print_labels
from waybill_ui.ui.components.printer_print import print_to_printer
from waybill_ui.ui.frame import frame
from waybill_ui.ui.i18n import lang, t

FILL_LIMIT = 500


@ui.page("/labels/print", title="打印面单 · 快递单号管家")
async def labels_print_page(ids: str = "", size: str = "") -> None:
    db = runtime.get().db
    with frame("/labels/print"):
        ui.label(t("labels.print_page_title")).classes("text-2xl font-bold").mark("labels-title")
        ui.label(t("labels.print_page_intro")).classes("text-gray-600")
        chosen = await io_bound(labels.options, db)
        with ui.card().classes("w-full max-w-3xl"):
            id_box = (
                ui.textarea(t("labels.ids"), value=", ".join(p for p in ids.replace(",", " ").split() if p))
                .props('outlined autogrow input-style="max-height: 12rem; overflow-y: auto"')
                .classes("w-full")
                .mark("labels-ids")
            )
            size_toggle = (
                ui.toggle(
                    {key: t(f"labels.size.{key}") for key in labels.SIZES},
                    value=size if size in labels.SIZES else chosen.size,
                )
                .props("no-caps")
                .mark("labels-size")
            )
            unprinted = await io_bound(labels.count_unprinted, db)
            with ui.row().classes("items-center gap-3"):
                ui.label(t("labels.unprinted_count", count=unprinted)).classes("text-gray-700").mark("labels-unprinted")

                async def fill() -> None:
                    found = await io_bound(labels.unprinted_ids, db, limit=FILL_LIMIT)
                    if found is None:  # the app is shutting down
                        return
                    id_box.value = ", ".join(str(i) for i in found)

                ui.button(t("labels.fill_unprinted", limit=FILL_LIMIT), on_click=fill).props("flat no-caps").mark(
                    "labels-fill-unprinted"
                )

            async def go() -> None:
                try:
                    chosen_ids = labels.parse_ids(id_box.value or "")
                except ServiceError as exc:
                    ui.notify(exc.message(lang()), type="warning")
                    return
                await print_labels(chosen_ids, size_toggle.value, pdf_only=True)  # 发送到打印机 is the other button

            async def to_printer() -> None:
                try:
                    chosen_ids = labels.parse_ids(id_box.value or "")
                except ServiceError as exc:
                    ui.notify(exc.message(lang()), type="warning")
                    return
                await print_to_printer(chosen_ids)

            with ui.row().classes("gap-2"):
                ui.button(t("labels.print"), icon="print", on_click=go).mark("labels-print")
                ui.button(t("printing.to_printer"), icon="local_printshop", on_click=to_printer).props(
                    "outline no-caps"
                ).mark("labels-to-printer")
