"""The print queue: jobs with status (queued → sending → printed | failed), progress, resume.

`submit` counts the print once (services/printing/labels.py `take_for_print`: the 补打 mark and counter
as for a PDF) and keeps the label data on the job; the same idempotency key gives back the same
job, so a double click or a retried request prints nothing twice. `run` sends the labels not yet
confirmed, one by one, and records each confirmation; a printer that goes away stops the job at
that label with a plain-Chinese reason, and `run` again (重试) resumes from the first label the
printer did not confirm — never from the start, never counting the reprint again.
Staff see their own jobs, the owner all.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from datetime import datetime

from sqlalchemy import ColumnElement, func, update
from sqlmodel import select, col
from typing import Any

from waybill_ui.db import Database
from waybill_ui.db.models import Printer, PrintJob
from waybill_ui.db.rows import changed_rows, must_get, row_id
from waybill_ui.clock import utcnow
from waybill_ui.services.printing import labels as label_service
from waybill_ui.services.common.errors import Conflict, Invalid, NotFound, ServiceError
from waybill_ui.services.printing.label_pdf import LabelData
from waybill_ui.services.printing import printers, render, transport
from waybill_ui.services.accounts.users import Principal
from waybill_ui.texts import tr

STATUSES = ("queued", "sending", "printed", "failed")
RAW_KINDS = ("network", "cups")


def _labels_of(job: PrintJob) -> list[LabelData]:
    return [LabelData(**data) for data in job.labels]


def visible(actor: Principal) -> ColumnElement[Any] | bool:
    return True if actor.is_owner else col(PrintJob.created_by) == actor.username


def get(db: Database, *, job_id: int, actor: Principal) -> PrintJob:
    with db.read() as session:
        job = session.get(PrintJob, job_id)
    if job is None or not (actor.is_owner or job.created_by == actor.username):
        raise NotFound("printing.job_not_found", id=job_id)
    return job


def list_jobs(
    db: Database, *, actor: Principal, status: str | None = None, offset: int = 0, limit: int = 50
) -> tuple[list[PrintJob], int]:
    with db.read() as session:
        where = [visible(actor)] + ([PrintJob.status == status] if status else [])
        total = session.exec(select(func.count()).select_from(PrintJob).where(*where)).one()
        rows = list(
            session.exec(select(PrintJob).where(*where).order_by(col(PrintJob.id).desc()).offset(offset).limit(limit))
        )
    return rows, total


def submit(
    db: Database,
    *,
    shipment_ids: str | Iterable[int | str],
    actor: Principal,
    key: str,
    printer_id: int | None = None,
    mask_phone: bool | None = None,
    now: datetime | None = None,
) -> PrintJob:
    """A job for these shipments on this printer (or the person's default for the shop's label
    size). The same key again → the same job, nothing counted twice."""
    key = (key or "").strip()
    if not key or len(key) > 80:
        raise Invalid("printing.bad_key")
    with db.read() as session:
        existing = session.exec(select(PrintJob).where(PrintJob.key == key)).first()
    if existing is not None and existing.labels:
        if existing.created_by != actor.username and not actor.is_owner:
            raise Conflict("printing.key_taken")
        return existing
    ids = label_service.parse_ids(shipment_ids)
    if printer_id is None:
        chosen = printers.default_for(db, username=actor.username, size=label_service.options(db).size)
        if chosen is None:
            raise Invalid("printing.no_printer")
        printer = chosen
    else:
        printer = printers.get(db, printer_id=printer_id)
    if printer.kind == "browser_pdf":
        raise Invalid("printing.browser_only", name=printer.name)
    mask = label_service.options(db).mask_phone if mask_phone is None else bool(mask_phone)
    if existing is None:
        # The job row first (its key is unique): a second request with the key waits on it.
        with db.write() as session:
            if session.exec(select(PrintJob.id).where(PrintJob.key == key)).first():
                raise Conflict("printing.key_busy")
            session.add(
                PrintJob(
                    key=key,
                    printer_id=row_id(printer),
                    shipment_ids=ids,
                    total=len(ids),
                    mask_phone=mask,
                    created_by=actor.username,
                    created_at=now or utcnow(),
                )
            )
    taken = label_service.take_for_print(db, shipment_ids=ids, actor=actor.username, size=printer.size, now=now)
    with db.write() as session:
        job = session.exec(select(PrintJob).where(PrintJob.key == key)).one()
        job.labels = [dataclasses.asdict(label) for label in taken]
        job.printer_id, job.total, job.shipment_ids = row_id(printer), len(taken), ids
        session.add(job)
    return job


def _claim(db: Database, job_id: int, now: datetime) -> bool:
    """queued/failed → sending, for one runner only (a conditional update)."""
    with db.write() as session:
        done = session.execute(
            update(PrintJob)
            .where(col(PrintJob.id) == job_id, col(PrintJob.status).in_(("queued", "failed")))
            .values(status="sending", started_at=now, error="", attempts=PrintJob.attempts + 1)
            .execution_options(synchronize_session=False)
        )
    return changed_rows(done) == 1


def _finish(
    db: Database,
    job_id: int,
    *,
    confirmed: int,
    error: ServiceError | None,
    label_error: dict[str, Any] | None,
    now: datetime,
) -> None:
    with db.write() as session:
        job = must_get(session, PrintJob, job_id)
        job.confirmed = confirmed
        job.finished_at = now
        if error is None:
            job.status = "printed"
        else:
            job.status = "failed"
            job.error = error.message("zh")[:400]
            if label_error:
                job.label_errors = [*job.label_errors, label_error][-50:]
        session.add(job)


def run(
    db: Database,
    *,
    job_id: int,
    actor: Principal | None = None,
    open_printer: Callable[[str, int, str], transport.NetworkPrinter] = transport.NetworkPrinter,
    cups: Callable[..., None] = transport.cups_send,
    progress: Callable[[int, int], None] | None = None,
    now: Callable[[], datetime] = utcnow,
) -> PrintJob:
    """Send the job's labels from the first one not confirmed. Blocking (socket I/O, rendering):
    routes and pages call it from a worker thread. Returns the job as it ended."""
    if actor is not None:
        get(db, job_id=job_id, actor=actor)  # staff may only run their own jobs
    with db.read() as session:
        job = session.get(PrintJob, job_id)
        if job is None:
            raise NotFound("printing.job_not_found", id=job_id)
        printer = must_get(session, Printer, job.printer_id)
    if printer.kind not in RAW_KINDS:
        raise Invalid("printing.not_raw", name=printer.name)
    if not job.labels:
        raise Conflict("printing.job_empty", id=job_id)
    if not _claim(db, job_id, now()):
        return get_any(db, job_id)
    pending = _labels_of(job)[job.confirmed :]
    confirmed = job.confirmed
    error: ServiceError | None = None
    try:
        chunks = render.commands(printer, pending, mask=job.mask_phone)
        if printer.kind == "network":
            with open_printer(printer.host, printer.port, printer.language) as device:
                for data in chunks:
                    device.send(data)
                    confirmed += 1
                    _confirm(db, job_id, confirmed)
                    if progress:
                        progress(confirmed, job.total)
        else:
            for current, data in zip(pending, chunks, strict=True):
                cups(printer.queue, data, raw=printer.language != "pdf", title=f"{current.number}")
                confirmed += 1
                _confirm(db, job_id, confirmed)
                if progress:
                    progress(confirmed, job.total)
    except ServiceError as exc:
        error = exc
    except Exception as exc:  # a rendering bug must not leave the job "sending" forever
        error = transport.PrinterFault("printing.fault.internal", error=type(exc).__name__)
    label_error = None
    if error is not None:
        left = confirmed - job.confirmed  # the first label the printer did not confirm
        failed = pending[left] if left < len(pending) else None
        if failed is not None:
            label_error = {
                "index": failed.index,
                "shipment_id": failed.shipment_id,
                "number": failed.number,
                "error": error.message("zh")[:200],
            }
    _finish(db, job_id, confirmed=confirmed, error=error, label_error=label_error, now=now())
    return get_any(db, job_id)


def _confirm(db: Database, job_id: int, confirmed: int) -> None:
    with db.write() as session:
        session.execute(
            update(PrintJob)
            .where(col(PrintJob.id) == job_id)
            .values(confirmed=confirmed)
            .execution_options(synchronize_session=False)
        )


def get_any(db: Database, job_id: int) -> PrintJob:
    with db.read() as session:
        return must_get(session, PrintJob, job_id)


def require_retryable(job: PrintJob) -> None:
    if job.status == "printed":
        raise Conflict("printing.already_printed", id=job.id)
    if job.status == "sending":
        raise Conflict("printing.still_sending", id=job.id)


def recover(db: Database, *, now: datetime | None = None) -> int:
    """After a restart: jobs left "sending" failed (the app stopped mid-job); 重试 resumes them."""
    with db.write() as session:
        done = session.execute(
            update(PrintJob)
            .where(col(PrintJob.status) == "sending")
            .values(status="failed", error=tr("printing.interrupted", "zh"), finished_at=now or utcnow())
            .execution_options(synchronize_session=False)
        )
    return changed_rows(done)
