"""Print labels from any page: `await print_labels([shipment ids])` (e.g. in a button's handler).

Shows a dialog with progress while the PDF is made off the event loop (routing codes fetched
first, then the pages drawn in a worker thread), lists what was printed, then opens the browser's
print dialog for the PDF from a hidden frame of this page — no new tab, so no pop-up blocker can
stop it — with "Open PDF" / "Download PDF" buttons as the fallback.
Returns the PDF's URL, or None when nothing was printed (the dialog / a notification says why).
"""

from __future__ import annotations

import json
import logging
import secrets
from dataclasses import dataclass

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.services.ewaybill import issue as ewaybill
from waybill_ui.services.printing import print_labels as label_printing
from waybill_ui.services.printing.print_labels import MadeLabels
from waybill_ui.services.printing import labels
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.services.printing import printers
from waybill_ui.ui.components.printer_print import print_to_printer
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.session import actor

log = logging.getLogger(__name__)


def pdf_url(token: str, *, download: bool = False) -> str:
    return f"/api/v1/labels/files/{token}.pdf" + ("?download=1" if download else "")


# Print from a hidden same-origin frame: the PDF viewer of the frame prints it (Chromium, Edge,
# Firefox); nothing opens, so no pop-up blocker is involved.
PRINT_JS = """
(() => {
  const old = document.getElementById('label-print-frame');
  if (old) old.remove();
  const frame = document.createElement('iframe');
  frame.id = 'label-print-frame';
  frame.style.cssText = 'position:fixed;right:0;bottom:0;width:1px;height:1px;border:0;opacity:0';
  frame.onload = () => { try { frame.contentWindow.focus(); frame.contentWindow.print(); } catch (e) {} };
  frame.src = %s;
  document.body.appendChild(frame);
})();
"""


@dataclass
class LabelProgress:
    """Pages drawn so far; written by the worker thread, read by the dialog's timer."""

    total: int
    done: int = 0

    def record(self, done: int, total: int) -> None:  # called from the worker thread: just record
        self.done, self.total = done, total


class LabelsDialog:
    """The persistent dialog that follows one print: progress, then what was printed and the PDF's
    buttons, or what went wrong — always with a way out."""

    def __init__(self, count: int, progress: LabelProgress):
        self.progress = progress
        with (
            ui.dialog().props("persistent") as self.dialog,
            ui.card().classes("w-[30rem] max-w-full").mark("labels-dialog") as self.card,
        ):
            ui.label(t("labels.dialog_title", count=count)).classes("text-lg font-bold")
            self.status = ui.label(t("labels.step_routing")).classes("text-gray-700").mark("labels-status")
            self.bar = ui.linear_progress(value=0, show_value=False).props("instant-feedback").mark("labels-progress")
            self.note = ui.label("").classes("text-sm text-orange-700")
            self.note.set_visibility(False)
            self.actions = ui.row().classes("w-full justify-end gap-2")
            with self.actions:
                self.close = ui.button(t("labels.close"), on_click=self.dialog.close).props("flat").mark("labels-close")
                self.close.set_visibility(False)
        self.dialog.open()

    def tick(self) -> None:
        done, total = self.progress.done, self.progress.total
        if done:
            self.bar.value = done / total
            self.status.text = t("labels.step_render", done=done, total=total)

    def failed(self, exc: Exception) -> None:
        if isinstance(exc, ServiceError):
            error = exc.message(lang())
        else:
            ref = secrets.token_hex(4)
            log.exception("printing labels failed (%s)", ref, exc_info=exc)
            error = t("labels.unexpected", ref=ref)
        self.status.text = t("labels.failed", error=error)
        self.status.classes(replace="text-red-700").mark("labels-error")
        if isinstance(exc, ServiceError) and exc.params.get("link"):
            with self.actions:
                ui.link(t("senders.set_now"), exc.params["link"]).mark("labels-fix-link")
        self.close.set_visibility(True)

    def ready(self, made: MadeLabels, token: str, *, open_tab: bool) -> str:
        count, reprints, printed = made.result.count, made.result.reprints, made.result.printed
        url = pdf_url(token)
        self.bar.value = 1
        self.status.text = t("labels.ready", count=count, reprints=reprints)
        self.status.mark("labels-ready")
        if made.routing_missing:
            self.note.text = t("labels.routing_failed", count=made.routing_missing)
            self.note.set_visibility(True)
        with (
            ui.column()
            .classes("w-full gap-0 text-sm text-gray-700")
            .mark("labels-printed")
            .move(target_container=self.card, target_index=3)
        ):
            for order_no, carrier, number in printed:
                ui.label(t("labels.printed_line", order_no=order_no, carrier=carrier, number=number))
            if count > len(printed):  # the result lists only the first few
                ui.label(t("labels.printed_more", count=count - len(printed)))
        with self.actions:
            ui.button(
                t("labels.download"),
                icon="download",
                on_click=lambda: ui.download.from_url(pdf_url(token, download=True)),
            ).props("flat no-caps").mark("labels-download")
            with ui.link(target=url, new_tab=True).classes("no-underline").mark("labels-open"):
                ui.button(t("labels.open_pdf"), icon="print").props("no-caps")
        self.close.set_visibility(True)
        self.close.move(self.actions)
        if open_tab:
            ui.run_javascript(PRINT_JS % json.dumps(url))
            self.status.text = t("labels.sent_to_print", count=count, reprints=reprints)
        return url


async def _to_default_printer(ids: list[int], size: str | None) -> bool:
    """Sends to the person's (or the shop's) default printer for this size when it is a real one."""
    current = runtime.get()
    chosen_size = size or (await io_bound(labels.options, current.db)).size
    default = await io_bound(printers.default_for, current.db, username=actor(), size=chosen_size)
    if default is None or default.kind == "browser_pdf":
        return False
    await print_to_printer(ids)
    return True


async def print_labels(
    shipment_ids: list[int],
    size: str | None = None,
    *,
    mask_phone: bool | None = None,
    open_tab: bool = True,
    pdf_only: bool = False,
) -> str | None:
    try:
        ids = labels.parse_ids(shipment_ids)
        if size:
            size = labels.check_size(size)
    except ServiceError as exc:
        ui.notify(exc.message(lang()), type="warning")
        return None
    if not pdf_only and await _to_default_printer(ids, size):
        return None
    current = runtime.get()
    progress = LabelProgress(total=len(ids))
    shown = LabelsDialog(len(ids), progress)
    timer = ui.timer(0.2, shown.tick)
    try:
        # routing codes, e-waybill reprints at the providers that count them, then the PDF
        made = await label_printing.make_labels(
            current.db,
            market=current.providers.market if current.providers else None,
            provider_for=ewaybill.runtime_provider_for(current),
            shipment_ids=ids,
            actor=actor(),
            size=size,
            mask_phone=mask_phone,
            progress=progress.record,
            folder=labels.files_folder(current.settings.data_dir),  # served from there, swept after hours
        )
    except Exception as exc:  # never leave a persistent dialog without a way out
        shown.failed(exc)
        return None
    finally:
        timer.cancel()
    return shown.ready(made, made.result.token, open_tab=open_tab)
