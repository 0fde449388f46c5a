"""Printers and print jobs (issue 20), following the rules of docs/api.md
(owner-only management, paged lists, Idempotency-Key on what must not happen twice)."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Annotated, Literal, Any

from fastapi import Depends, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, Field, StrictBool, StrictInt

from waybill_ui.services.ewaybill import issue as ewaybill
from waybill_ui.db.rows import row_id
from waybill_ui import runtime
from waybill_ui.api.deps import DB, CurrentUser, Owner
from waybill_ui.api.paging import Page, PageParams, page_params
from waybill_ui.services.printing import component, dispatch, printers, queue
from waybill_ui.services.printing.printers import PrinterInput
from waybill_ui.api.router import api_router

router = api_router(tags=["printing"])


class PrinterIn(BaseModel):
    name: str = Field(min_length=1, max_length=60)
    kind: Literal["browser_pdf", "network", "cups", "component"]
    language: Literal["tspl", "zpl", "pdf"] = "tspl"
    mode: Literal["text", "raster"] = "text"
    host: str = Field(default="", max_length=120)
    port: StrictInt = Field(default=9100, ge=1, le=65535)
    queue: str = Field(default="", max_length=120)
    component: str = Field(default="", max_length=16)
    component_printer: str = Field(default="", max_length=120)
    size: str = Field(default="76x130", max_length=10)
    dpi: StrictInt = 203
    darkness: StrictInt = Field(default=8, ge=0, le=15)
    offset_x_mm: float = Field(default=0.0, ge=0, le=10, description="shift right; printers take no negative origin")
    offset_y_mm: float = Field(default=0.0, ge=0, le=10, description="shift down")
    is_default: StrictBool = False


class PrinterOut(PrinterIn):
    id: int
    mine: bool = False  # the caller's own default for its size


class ChoiceIn(BaseModel):
    size: str = Field(default="76x130", max_length=10)
    printer_id: StrictInt | None = None


class JobIn(BaseModel):
    shipment_ids: list[StrictInt] = Field(min_length=1, max_length=5000)
    printer_id: StrictInt | None = Field(None, description="the caller's default printer when left out")
    mask_phone: StrictBool | None = None


class LabelError(BaseModel):
    index: int
    shipment_id: int
    number: str
    error: str


class JobOut(BaseModel):
    id: int
    printer_id: int
    status: str
    total: int
    confirmed: int
    attempts: int
    error: str
    label_errors: list[LabelError]
    created_by: str
    created_at: datetime
    finished_at: datetime | None


class ResultsIn(BaseModel):
    results: list[dict[str, Any]] = Field(
        max_length=5000, description="[{documentID, status, msg}] as the component said"
    )


def _printer(row, choices: dict[str, int]) -> PrinterOut:
    data = {k: getattr(row, k) for k in PrinterIn.model_fields}
    return PrinterOut(id=row.id, mine=choices.get(row.size) == row.id, **data)


def _job(row) -> JobOut:
    return JobOut(**{k: getattr(row, k) for k in JobOut.model_fields})


@router.get("/printers", response_model=list[PrinterOut])
def list_printers(db: DB, user: CurrentUser) -> list[PrinterOut]:
    """Every printer; `mine` marks the caller's own default for its size."""
    choices = printers.own_choices(db, username=user.username)
    return [_printer(row, choices) for row in printers.list_printers(db)]


@router.post("/printers", response_model=PrinterOut, status_code=201)
def add_printer(body: PrinterIn, db: DB, owner: Owner) -> PrinterOut:
    return _printer(printers.add(db, data=PrinterInput(**body.model_dump()), actor=owner), {})


@router.put("/printers/default", status_code=204)
def choose_default(body: ChoiceIn, db: DB, user: CurrentUser) -> Response:
    """The caller's own default printer for a label size (null: follow the shop default)."""
    printers.choose(db, printer_id=body.printer_id, size=body.size, actor=user)
    return Response(status_code=204)


@router.put("/printers/{printer_id}", response_model=PrinterOut)
def change_printer(printer_id: int, body: PrinterIn, db: DB, owner: Owner) -> PrinterOut:
    return _printer(printers.change(db, printer_id=printer_id, data=PrinterInput(**body.model_dump()), actor=owner), {})


@router.delete("/printers/{printer_id}", status_code=204)
def remove_printer(printer_id: int, db: DB, owner: Owner) -> Response:
    printers.remove(db, printer_id=printer_id, actor=owner)
    return Response(status_code=204)


@router.post("/printers/{printer_id}/test")
def test_printer(printer_id: int, db: DB, owner: Owner) -> dict[str, Any]:
    """A sample label to a network or CUPS printer (nothing counted); 503 printer_fault says what to do."""
    return {"sent": dispatch.test_print(db, printer_id=printer_id, actor=owner)}


@router.post("/print-jobs", response_model=JobOut, status_code=202)
async def create_job(
    body: JobIn, db: DB, user: CurrentUser, idempotency_key: Annotated[str | None, Header(max_length=80)] = None
) -> JobOut:
    """Print these shipments' labels on a printer. Counted as a print (补打 after the first) once
    per Idempotency-Key: the same key again answers the same job and prints nothing twice.
    Network/CUPS jobs start at once; poll GET /print-jobs/{id} for progress."""
    current = runtime.get()
    job = await dispatch.print_labels(
        db,
        current.providers.market if current.providers else None,
        shipment_ids=body.shipment_ids,
        actor=user,
        key=idempotency_key or secrets.token_hex(16),
        printer_id=body.printer_id,
        mask_phone=body.mask_phone,
        provider_for=ewaybill.runtime_provider_for(current),
    )
    return _job(await run_in_threadpool(queue.get, db, job_id=row_id(job), actor=user))


@router.get("/print-jobs", response_model=Page[JobOut])
def list_jobs(
    db: DB,
    user: CurrentUser,
    paging: Annotated[PageParams, Depends(page_params)],
    status: Literal["queued", "sending", "printed", "failed"] | None = None,
):
    """Newest first; staff see their own jobs, the owner all."""
    rows, total = queue.list_jobs(db, actor=user, status=status, offset=paging.offset, limit=paging.size)
    return Page(items=[_job(r) for r in rows], total=total, page=paging.page, size=paging.size)


@router.get("/print-jobs/{job_id}", response_model=JobOut)
def get_job(job_id: int, db: DB, user: CurrentUser) -> JobOut:
    return _job(queue.get(db, job_id=job_id, actor=user))


@router.post("/print-jobs/{job_id}/retry", response_model=JobOut, status_code=202)
def retry_job(job_id: int, db: DB, user: CurrentUser) -> JobOut:
    """Resume a failed job from the first label the printer did not confirm."""
    return _job(dispatch.retry(db, job_id=job_id, actor=user))


@router.get("/print-jobs/{job_id}/component-task")
def component_task(job_id: int, request: Request, db: DB, user: CurrentUser) -> dict[str, Any]:
    """The frame the packer's browser sends to the print component, with the component's URL."""
    job = queue.get(db, job_id=job_id, actor=user)
    printer = printers.get(db, printer_id=job.printer_id)
    frame = component.task(
        db, job_id=job_id, actor=user, request_id=secrets.token_hex(8), base_url=str(request.base_url).rstrip("/")
    )
    return {
        "url": component.url(printer.component, secure=request.url.scheme == "https"),
        "component": printer.component,
        "frame": frame,
    }


@router.post("/print-jobs/{job_id}/component-results", response_model=JobOut)
def component_results(job_id: int, body: ResultsIn, db: DB, user: CurrentUser) -> JobOut:
    """What the print component reported per document (notifyPrintResult)."""
    return _job(component.record(db, job_id=job_id, actor=user, results=body.results))


@router.get("/print-template/76x130", include_in_schema=False)
def template() -> Response:
    """Our custom-content template for print components: the field names of the label data."""
    from waybill_ui.services.printing.content import LabelTexts

    fields = "".join(f'<field name="{name}"/>' for name in LabelTexts.__dataclass_fields__)
    return Response(
        f'<?xml version="1.0" encoding="UTF-8"?><layout width="76" height="130">{fields}</layout>',
        media_type="application/xml",
    )
