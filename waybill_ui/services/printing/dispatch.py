"""Printing labels to a printer, for pages and routes: fetch routing codes, make the job, start it.

Raw printers (network, CUPS) are driven from a background thread here; the job row carries the
progress, so the page and the API just read it. Print-component jobs are sent by the packer's
browser (static/print_component.js) and finished by its results (services/printing/component.py).
"""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import TYPE_CHECKING

from waybill_ui.db import Database
from waybill_ui.db.models import PrintJob
from waybill_ui.services.printing import prepare as label_prepare
from waybill_ui.services.printing import labels
from waybill_ui.services.common.errors import Invalid
from waybill_ui.db.rows import row_id
from waybill_ui.services.printing import printers, queue, render, transport
from waybill_ui.services.accounts.users import Principal, require_owner

if TYPE_CHECKING:  # annotations only
    from collections.abc import Iterable

    from waybill_ui.carriers.protocol import CarrierProvider
    from waybill_ui.services.ewaybill.issue import ProviderFor

log = logging.getLogger(__name__)


async def print_labels(
    db: Database,
    market: CarrierProvider | None,
    *,
    shipment_ids: str | Iterable[int | str],
    actor: Principal,
    key: str,
    printer_id: int | None = None,
    mask_phone: bool | None = None,
    start: bool = True,
    provider_for: ProviderFor | None = None,
) -> PrintJob:
    """Make the print job (idempotent by `key`) and, for a raw printer, start sending it. What must
    happen online first is the same as for a PDF (services/printing/prepare.py: routing codes, and
    e-waybill reprints at the providers that count them)."""
    ids = labels.parse_ids(shipment_ids)  # bad input fails before any work
    await label_prepare.before_print(db, shipment_ids=ids, market=market, provider_for=provider_for)
    job = await asyncio.to_thread(
        queue.submit, db, shipment_ids=ids, actor=actor, key=key, printer_id=printer_id, mask_phone=mask_phone
    )
    if start and job.status == "queued" and job.attempts == 0:  # a repeated request resumes nothing
        launch(db, job_id=row_id(job))
    return job


def launch(db: Database, *, job_id: int, actor: Principal | None = None) -> bool:
    """Send a raw printer's job (queued, or failed: resume) in a background thread. False when the
    job is not for a raw printer or is already printed/sending."""
    job = queue.get_any(db, job_id) if actor is None else queue.get(db, job_id=job_id, actor=actor)
    printer = printers.get(db, printer_id=job.printer_id)
    if printer.kind not in queue.RAW_KINDS or job.status not in ("queued", "failed"):
        return False

    def work() -> None:
        try:
            queue.run(db, job_id=job_id)
        except Exception:  # the job row says what failed; this is only for the log
            log.exception("print job %s failed to run", job_id)

    threading.Thread(target=work, name=f"print-job-{job_id}", daemon=True).start()
    return True


def retry(db: Database, *, job_id: int, actor: Principal) -> PrintJob:
    job = queue.get(db, job_id=job_id, actor=actor)
    queue.require_retryable(job)
    launch(db, job_id=job_id, actor=actor)
    return job


def test_print(db: Database, *, printer_id: int, actor: Principal) -> int:
    """One sample label to a raw printer, nothing counted; raises PrinterFault with what to do."""
    require_owner(actor)
    printer = printers.get(db, printer_id=printer_id)
    if printer.kind not in queue.RAW_KINDS:
        raise Invalid("printing.not_raw", name=printer.name)
    sample = labels.sample_label(db)
    data = next(iter(render.commands(printer, [sample], mask=labels.options(db).mask_phone)))
    if printer.kind == "network":
        with transport.NetworkPrinter(printer.host, printer.port, printer.language) as device:
            device.send(data)
    else:
        transport.cups_send(printer.queue, data, raw=printer.language != "pdf", title="test")
    return 1
