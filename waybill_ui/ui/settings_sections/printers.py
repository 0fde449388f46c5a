"""打印机: the owner adds network / CUPS / print-component printers (size, DPI, darkness, offsets,
test print, shop default per size); everyone picks their own default and sees their print jobs
(the owner all), with 重试 on a failed one.

Put together from small parts in `ui/printers/`: the editor dialog (editor.py), the printers
(printer_list.py) and the print jobs (jobs.py); `render` below only wires them."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.ui.i18n import t
from waybill_ui.ui.printers.jobs import JOBS_SHOWN, JobList
from waybill_ui.ui.printers.printer_list import PrinterList

__all__ = ["GROUP", "JOBS_SHOWN", "ORDER", "OWNER_ONLY", "TAB_KEY", "render"]

TAB_KEY = "printing.tab"
GROUP = "shipping"
ORDER = 35
OWNER_ONLY = False


async def render(me) -> None:
    ui.label(t("printing.intro")).classes("text-gray-600")
    printer_list = PrinterList(me)
    await printer_list.reload()
    if me.is_owner:
        ui.button(t("printing.add"), icon="add", on_click=lambda: printer_list.edit(None)).mark("printer-add")

    ui.label(t("printing.jobs")).classes("text-lg font-bold mt-4")
    jobs = JobList(me)
    await jobs.reload()
    ui.button(icon="refresh", on_click=jobs.reload).props("flat dense").mark("print-jobs-refresh")
