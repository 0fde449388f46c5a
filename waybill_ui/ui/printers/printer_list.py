"""The printers of 设置 → 打印机: each with its badges and what it is, 设为我的默认 for everyone, and
测试打印 / 编辑 / 删除 for the owner."""

from __future__ import annotations

from nicegui import ui

from waybill_ui import runtime
from waybill_ui.db.models import Printer
from waybill_ui.db.rows import row_id
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.services.printing import dispatch, printers, queue
from waybill_ui.ui import print_component
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.printers.editor import open_printer_editor
from waybill_ui.ui.work import io_bound


def summary(row: Printer) -> str:
    where = {
        "network": f"{row.host}:{row.port} · {row.language.upper()}",
        "cups": f"CUPS {row.queue} · {row.language.upper()}",
        "component": f"{t('printing.component.' + row.component)} · {row.component_printer}",
    }.get(row.kind, "PDF")
    return f"{t('printing.kind.' + row.kind)} · {where} · {row.size} · {row.dpi} DPI"


class PrinterList:
    """Drawn into the current container; `reload` draws it again from the database."""

    def __init__(self, me):
        self.db = runtime.get().db
        self.me = me
        self.box = ui.column().classes("w-full")  # the gap of the section around it

    async def reload(self) -> None:
        rows = await io_bound(printers.list_printers, self.db)
        mine = await io_bound(printers.own_choices, self.db, username=self.me.username)
        self.box.clear()
        with self.box:
            if not rows:
                ui.label(t("printing.none")).classes("text-gray-500").mark("printers-none")
            for row in rows:
                self._row(row, is_mine=mine.get(row.size) == row.id)

    def _row(self, row: Printer, *, is_mine: bool) -> None:
        with ui.row().classes("w-full items-center gap-2 bg-white rounded p-2 flex-wrap").mark("printer-row"):
            ui.label(row.name).classes("font-bold")
            if row.is_default:
                ui.badge(t("printing.is_default")).props("color=orange")
            if is_mine:
                ui.badge(t("printing.my_default")).props("color=green").mark("printer-mine")
            ui.label(summary(row)).classes("text-gray-600 text-sm")
            ui.space()
            if not is_mine:
                ui.button(t("printing.my_default"), on_click=lambda r=row: self.choose(r)).props(
                    "flat dense no-caps"
                ).mark("printer-choose")
            if not self.me.is_owner:
                return
            if row.kind in queue.RAW_KINDS or row.kind == "component":
                ui.button(t("printing.test"), on_click=lambda r=row: self.test(r)).props("flat dense no-caps").mark(
                    "printer-test"
                )
            ui.button(t("printing.edit"), on_click=lambda r=row: self.edit(r)).props("flat dense no-caps").mark(
                "printer-edit"
            )
            ui.button(t("printing.remove"), on_click=lambda r=row: self.remove(r)).props(
                "flat dense no-caps color=negative"
            ).mark("printer-remove")

    def edit(self, row: Printer | None) -> None:
        open_printer_editor(self.me, row, self.reload)

    async def choose(self, row: Printer) -> None:
        await io_bound(printers.choose, self.db, printer_id=row.id, size=row.size, actor=self.me)
        ui.notify(t("printing.my_default_saved"), type="positive")
        await self.reload()

    async def test(self, row: Printer) -> None:
        try:
            if row.kind == "component":  # from this browser to the component on this PC
                if not await self._component_test(row):
                    return
            else:
                await io_bound(dispatch.test_print, self.db, printer_id=row_id(row), actor=self.me)
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative", multi_line=True)
            return
        ui.notify(t("printing.test_sent", name=row.name), type="positive")

    async def _component_test(self, row: Printer) -> bool:
        results = await print_component.test_print(row_id(row))
        failed = [r for r in results if r["status"] != "success"]
        if failed or not results:
            error = failed[0]["msg"] if failed else "—"
            ui.notify(t("printing.fault.component", error=error), type="negative", multi_line=True)
            return False
        return True

    async def remove(self, row: Printer) -> None:
        try:
            await io_bound(printers.remove, self.db, printer_id=row_id(row), actor=self.me)
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
            return
        ui.notify(t("printing.removed"))
        await self.reload()
