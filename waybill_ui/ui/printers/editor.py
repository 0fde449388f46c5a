"""The dialog that adds or changes a label printer: how it is reached (network, CUPS, print
component, PDF), its label size, DPI, darkness and offsets, and whether it is the shop's default
for its size. The fields are read into a `PrinterInput` only on 保存; services/printing/printers.py
checks them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from waybill_ui import runtime
from waybill_ui.db.models import Printer
from waybill_ui.db.rows import row_id
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.services.printing import labels, printers
from waybill_ui.services.printing.printers import PrinterInput
from waybill_ui.ui import print_component
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.work import io_bound


def _select(options, value, label: str, width: str, marker: str, **extra) -> ui.select:
    return ui.select(options, value=value, label=label, **extra).props("outlined dense").classes(width).mark(marker)


def _number(label: str, value, width: str, marker: str, **limits) -> ui.number:
    return ui.number(label, value=value, **limits).props("outlined dense").classes(width).mark(marker)


class PrinterFields:
    """The editor's inputs, preset from `row` (None: a new printer); `read()` gathers them."""

    def __init__(self, row: Printer | None):
        self.name = (
            ui.input(t("printing.name"), value=row.name if row else "").props("outlined dense").mark("printer-name")
        )
        kinds = {k: t(f"printing.kind.{k}") for k in printers.KINDS}
        self.kind = _select(kinds, row.kind if row else "network", t("printing.kind"), "w-full", "printer-kind")
        self._connection(row)
        self._component(row)
        self._geometry(row)
        self.default = ui.checkbox(t("printing.is_default"), value=bool(row and row.is_default)).mark("printer-default")
        self.kind.on_value_change(lambda _: self.show())
        self.show()

    def _connection(self, row: Printer | None) -> None:
        with ui.row().classes("w-full gap-2 flex-wrap") as self.raw_row:
            languages = {"tspl": "TSPL", "zpl": "ZPL", "pdf": "PDF"}
            value = row.language if row else "tspl"
            self.language = _select(languages, value, t("printing.language"), "w-28", "printer-language")
            modes = {m: t(f"printing.mode.{m}") for m in printers.MODES}
            self.mode = _select(modes, row.mode if row else "text", t("printing.mode"), "w-56", "printer-mode")
        with ui.row().classes("w-full gap-2 flex-wrap") as self.net_row:
            self.host = (
                ui.input(t("printing.host"), value=row.host if row else "")
                .props("outlined dense")
                .classes("w-48")
                .mark("printer-host")
            )
            port = row.port if row else 9100
            self.port = _number(t("printing.port"), port, "w-28", "printer-port", min=1, max=65535, precision=0)
        self.queue = (
            ui.input(t("printing.queue"), value=row.queue if row else "")
            .props("outlined dense")
            .classes("w-full")
            .mark("printer-queue")
        )

    def _component(self, row: Printer | None) -> None:
        with ui.row().classes("w-full gap-2 flex-wrap items-center") as self.comp_row:
            components = {c: t(f"printing.component.{c}") for c in printers.COMPONENTS}
            value = row.component if row and row.component else "cainiao"
            self.comp = _select(components, value, t("printing.component"), "w-40", "printer-component")
            known = row.component_printer if row and row.component_printer else None
            self.comp_printer = _select(
                [known] if known else [],
                known,
                t("printing.component_printer"),
                "w-56",
                "printer-component-printer",
                new_value_mode="add-unique",
                with_input=True,
            )
            ui.button(t("printing.component_list"), on_click=self.list_component_printers).props(
                "flat dense no-caps"
            ).mark("printer-component-list")

    def _geometry(self, row: Printer | None) -> None:
        with ui.row().classes("w-full gap-2 flex-wrap"):
            sizes = {k: t(f"labels.size.{k}") for k in labels.SIZES}
            self.size = _select(sizes, row.size if row else "76x130", t("printing.size"), "w-36", "printer-size")
            dpis = {d: str(d) for d in printers.DPIS}
            self.dpi = _select(dpis, row.dpi if row else 203, t("printing.dpi"), "w-24", "printer-dpi")
            self.darkness = _number(
                t("printing.darkness"),
                row.darkness if row else 8,
                "w-28",
                "printer-darkness",
                min=0,
                max=15,
                precision=0,
            )
            offsets = {"min": 0, "max": 10, "step": 0.5}
            x, y = (row.offset_x_mm, row.offset_y_mm) if row else (0, 0)
            self.off_x = _number(t("printing.offset_x"), x, "w-28", "printer-offset-x", **offsets)
            self.off_y = _number(t("printing.offset_y"), y, "w-28", "printer-offset-y", **offsets)

    def show(self) -> None:
        """Only the fields the chosen kind of printer uses."""
        kind = self.kind.value
        self.raw_row.set_visibility(kind in ("network", "cups"))
        self.net_row.set_visibility(kind == "network")
        self.queue.set_visibility(kind == "cups")
        self.comp_row.set_visibility(kind == "component")

    async def list_component_printers(self) -> None:
        names = await print_component.component_printers(self.comp.value)
        if not names:
            ui.notify(t("printing.component_none"), type="warning")
            return
        chosen = self.comp_printer.value
        self.comp_printer.set_options(names, value=chosen if chosen in names else names[0])

    def read(self) -> PrinterInput:
        return PrinterInput(
            name=self.name.value or "",
            kind=self.kind.value,
            language=self.language.value,
            mode=self.mode.value,
            host=self.host.value or "",
            port=int(self.port.value or 9100),
            queue=self.queue.value or "",
            component=self.comp.value if self.kind.value == "component" else "",
            component_printer=self.comp_printer.value or "",
            size=self.size.value,
            dpi=int(self.dpi.value),
            darkness=int(self.darkness.value or 0),
            offset_x_mm=float(self.off_x.value or 0),
            offset_y_mm=float(self.off_y.value or 0),
            is_default=bool(self.default.value),
        )


def open_printer_editor(me, row: Printer | None, on_saved: Callable[[], Awaitable[None] | None]) -> None:
    """Add a printer (`row` None) or change `row`; `on_saved` runs after it is stored."""
    db = runtime.get().db
    with ui.dialog() as dialog, ui.card().classes("w-[36rem] max-w-full").mark("printer-editor"):
        ui.label(t("printing.edit") if row else t("printing.add")).classes("text-lg font-bold")
        fields = PrinterFields(row)
        error = ui.label("").classes("text-red-700").mark("printer-error")

        async def save() -> None:
            data = fields.read()
            try:
                if row is None:
                    await io_bound(printers.add, db, data=data, actor=me)
                else:
                    await io_bound(printers.change, db, printer_id=row_id(row), data=data, actor=me)
            except ServiceError as exc:
                error.text = exc.message(lang())
                return
            dialog.close()
            ui.notify(t("printing.saved"), type="positive")
            done = on_saved()
            if done is not None:
                await done

        with ui.row().classes("w-full justify-end"):
            ui.button(t("common.cancel"), on_click=dialog.close).props("flat")
            ui.button(t("common.save"), icon="save", on_click=save).mark("printer-save")
    dialog.open()
