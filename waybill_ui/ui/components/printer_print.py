"""Send labels to a label printer from any page: `await print_to_printer([shipment ids])`.

A dialog picks the printer (the person's default first), makes the print job (one idempotency key
per dialog: a double click makes one job), and follows it: a network/CUPS job runs on the server
and its row is polled for progress; a print-component job is sent from this browser to the
component on this PC. A failed job shows what went wrong in plain words and a 重试 that resumes
from the first label not confirmed.
"""

from __future__ import annotations

import secrets

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
from waybill_ui.ui.session import signed_in
from typing import Any

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


async def print_to_printer(shipment_ids: list[int]) -> int | None:
    me = signed_in()
    db = runtime.get().db
    current = runtime.get()
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
    key = secrets.token_hex(16)
    state: dict[str, Any] = {"job": None}

    with ui.dialog() as dialog, ui.card().classes("w-[30rem] max-w-full").mark("printer-dialog"):
        ui.label(t("printing.to_printer")).classes("text-lg font-bold")
        chosen = (
            ui.select(
                {p.id: f"{p.name} · {p.size}" for p in choices},
                value=default.id if default and default.kind != "browser_pdf" else choices[0].id,
                label=t("printing.tab"),
            )
            .props("outlined dense")
            .classes("w-full")
            .mark("printer-choice")
        )
        status = ui.label("").mark("printer-status")
        bar = ui.linear_progress(value=0, show_value=False).props("instant-feedback").mark("printer-progress")
        errors = ui.column().classes("gap-0 text-sm text-red-700").mark("printer-errors")
        with ui.row().classes("w-full justify-end gap-2"):
            ui.button(t("labels.close"), on_click=dialog.close).props("flat").mark("printer-close")
            retry = ui.button(t("printing.retry"), icon="replay").props("no-caps").mark("printer-retry")
            send = ui.button(t("printing.to_printer"), icon="print").props("no-caps").mark("printer-send")
    retry.set_visibility(False)

    def show(job) -> None:
        bar.value = job.confirmed / max(job.total, 1)
        status.text = t(
            "printing.job_line",
            id=job.id,
            printer=next(p.name for p in choices if p.id == job.printer_id),
            confirmed=job.confirmed,
            total=job.total,
            status=t(f"printing.status.{job.status}"),
        )
        errors.clear()
        retry.set_visibility(job.status == "failed")
        if job.status == "failed":
            with errors:
                ui.label(job.error).mark("printer-error")
                for entry in job.label_errors[-SHOWN_ERRORS:]:
                    ui.label(f"#{entry['index']} {entry['number']}: {entry['error']}")

    async def poll() -> None:
        if state["job"] is None:
            return
        job = await io_bound(queue.get_any, db, state["job"])
        if job is not None:
            show(job)
            if job.status in ("printed", "failed"):
                timer.active = False

    timer = ui.timer(POLL_S, poll, active=False)

    async def follow(job_id: int) -> None:
        printer = await io_bound(printers.get, db, printer_id=chosen.value)
        if printer.kind == "component":
            try:
                show(await print_component.send_job(job_id, me))
            except TimeoutError:  # the browser did not answer in time (tab in the background, …)
                status.text = t("printing.component_unreachable")
                retry.set_visibility(True)
        else:
            timer.active = True

    async def go() -> None:
        send.disable()
        try:
            job = await dispatch.print_labels(
                db,
                current.providers.market if current.providers else None,
                shipment_ids=ids,
                actor=me,
                key=key,
                printer_id=chosen.value,
                provider_for=ewaybill.runtime_provider_for(current),
            )
        except ServiceError as exc:
            status.text = exc.message(lang())
            send.enable()
            return
        state["job"] = job.id
        show(job)
        send.set_visibility(False)
        chosen.disable()
        await follow(row_id(job))

    async def again() -> None:
        retry.set_visibility(False)
        printer = await io_bound(printers.get, db, printer_id=chosen.value)
        if printer.kind != "component":  # resume on the server, then follow the row
            await resume(state["job"], me)
        await follow(state["job"])  # a component job is (re)sent from this browser here

    send.on_click(go)
    retry.on_click(again)
    dialog.open()
    return None
