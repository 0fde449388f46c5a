"""Send labels to a label printer from any page: `await print_to_printer([shipment ids])`.

A dialog picks the printer (the person's default first), makes the print job (one idempotency key
per dialog: a double click makes one job), and follows it: a network/CUPS job runs on the server
and its row is polled for progress; a print-component job is sent from this browser to the
component on this PC. A failed job shows what went wrong in plain words and a 重试 that resumes
from the first label not confirmed.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui.db.rows import row_id
from waybill_ui import runtime
from waybill_ui.services.ewaybill import issue as ewaybill
from waybill_ui.services.printing import labels
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.services.printing import dispatch, printers, queue
from waybill_ui.ui import print_component
from waybill_ui.ui.i18n import lang, t
from waybill_ui.db.models import Printer, PrintJob
from waybill_ui.ui.session import signed_in

POLL_S = 0.3
SHOWN_ERRORS = 5


async def resume(job_id: int, me) -> None:
    """重试: raw jobs resume on the server, component jobs from this browser."""
    db = runtime.get().db
    try:
        job = await io_bound(queue.get, db, job_id=job_id, actor=me)
        printer = await io_bound(printers.get, db, printer_id=job.printer_id)
        if printer.kind == "component":
            await print_component.send_job(job_id, me)
        else:
            await io_bound(dispatch.retry, db, job_id=job_id, actor=me)
    except ServiceError as exc:
        ui.notify(exc.message(lang()), type="negative")


@dataclass
class PrintState:
    shipment_ids: list[int]
    choices: list[Printer]  # the printers offered (not the browser's PDF dialog)
    key: str = field(default_factory=lambda: secrets.token_hex(16))  # one per dialog: a double click makes one job
    job: int | None = None  # the job made, once made


class PrinterDialog:
    def __init__(self, state: PrintState, me, default: Printer | None):
        self.db = runtime.get().db
        self.state, self.me = state, me
        choices = state.choices
        first = default.id if default and default.kind != "browser_pdf" else choices[0].id
        with ui.dialog() as self.dialog, ui.card().classes("w-[30rem] max-w-full").mark("printer-dialog"):
            ui.label(t("printing.to_printer")).classes("text-lg font-bold")
            self.chosen = (
                ui.select({p.id: f"{p.name} · {p.size}" for p in choices}, value=first, label=t("printing.tab"))
                .props("outlined dense")
                .classes("w-full")
                .mark("printer-choice")
            )
            self.status = ui.label("").mark("printer-status")
            self.bar = ui.linear_progress(value=0, show_value=False).props("instant-feedback").mark("printer-progress")
            self.errors = ui.column().classes("gap-0 text-sm text-red-700").mark("printer-errors")
            with ui.row().classes("w-full justify-end gap-2"):
                ui.button(t("labels.close"), on_click=self.dialog.close).props("flat").mark("printer-close")
                self.retry = (
                    ui.button(t("printing.retry"), icon="replay", on_click=self.again)
                    .props("no-caps")
                    .mark("printer-retry")
                )
                self.send = (
                    ui.button(t("printing.to_printer"), icon="print", on_click=self.go)
                    .props("no-caps")
                    .mark("printer-send")
                )
        self.retry.set_visibility(False)
        self.timer = ui.timer(POLL_S, self.poll, active=False)

    def show(self, job: PrintJob) -> None:
        self.bar.value = job.confirmed / max(job.total, 1)
        self.status.text = t(
            "printing.job_line",
            id=job.id,
            printer=next(p.name for p in self.state.choices if p.id == job.printer_id),
            confirmed=job.confirmed,
            total=job.total,
            status=t(f"printing.status.{job.status}"),
        )
        self.errors.clear()
        self.retry.set_visibility(job.status == "failed")
        if job.status == "failed":
            with self.errors:
                ui.label(job.error).mark("printer-error")
                for entry in job.label_errors[-SHOWN_ERRORS:]:
                    ui.label(f"#{entry['index']} {entry['number']}: {entry['error']}")

    async def poll(self) -> None:
        if self.state.job is None:
            return
        job = await io_bound(queue.get_any, self.db, self.state.job)
        if job is not None:
            self.show(job)
            if job.status in ("printed", "failed"):
                self.timer.active = False

    async def follow(self, job_id: int) -> None:
        printer = await io_bound(printers.get, self.db, printer_id=self.chosen.value)
        if printer.kind == "component":
            try:
                self.show(await print_component.send_job(job_id, self.me))
            except TimeoutError:  # the browser did not answer in time (tab in the background, …)
                self.status.text = t("printing.component_unreachable")
                self.retry.set_visibility(True)
        else:
            self.timer.active = True

    async def go(self) -> None:
        current = runtime.get()
        self.send.disable()
        try:
            job = await dispatch.print_labels(
                self.db,
                current.providers.market if current.providers else None,
                shipment_ids=self.state.shipment_ids,
                actor=self.me,
                key=self.state.key,
                printer_id=self.chosen.value,
                provider_for=ewaybill.runtime_provider_for(current),
            )
        except ServiceError as exc:
            self.status.text = exc.message(lang())
            self.send.enable()
            return
        self.state.job = job.id
        self.show(job)
        self.send.set_visibility(False)
        self.chosen.disable()
        await self.follow(row_id(job))

    async def again(self) -> None:
        job_id = self.state.job
        if job_id is None:  # 重试 shows once a job is made
            return
        self.retry.set_visibility(False)
        printer = await io_bound(printers.get, self.db, printer_id=self.chosen.value)
        if printer.kind != "component":  # resume on the server, then follow the row
            await resume(job_id, self.me)
        await self.follow(job_id)  # a component job is (re)sent from this browser here


async def print_to_printer(shipment_ids: list[int]) -> int | None:
    me = signed_in()
    db = runtime.get().db
    try:
        ids = labels.parse_ids(shipment_ids)
    except ServiceError as exc:
        ui.notify(exc.message(lang()), type="warning")
        return None
    choices = [p for p in await io_bound(printers.list_printers, db) if p.kind != "browser_pdf"]
    if not choices:
        ui.notify(t("printing.no_printer"), type="warning", multi_line=True)
        return None
    size = (await io_bound(labels.options, db)).size
    default = await io_bound(printers.default_for, db, username=me.username, size=size)
    PrinterDialog(PrintState(shipment_ids=ids, choices=choices), me, default).dialog.open()
    return None
