"""运费对账 (issue 22): import a carrier's monthly bill, read the judged lines, the shipments it
left out, totals per carrier and month, and the dispute list to send back. Owner only: bills are
money. The rules live in services/aftership/freight/."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, File, Form, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel

from waybill_ui import runtime
from waybill_ui.api.deps import DB, Owner, language
from waybill_ui.api.paging import Page, PageParams, page_params
from waybill_ui.services.aftership import freight
from waybill_ui.services.orders import importing as orders_import
from waybill_ui.services.common import uploads
from waybill_ui.services.common.errors import Invalid
from waybill_ui.api.router import api_router

router = api_router(tags=["freight"])


class BillOut(BaseModel):
    id: int
    carrier: str
    month: str
    filename: str
    lines: int
    billed_fen: int
    expected_fen: int
    overcharge_fen: int
    missing: int
    counts: dict[str, Any]
    imported_at: datetime


class LineOut(BaseModel):
    row_no: int
    number: str
    billed_on: str
    destination: str
    weight_g: int | None
    our_weight_g: int | None
    fee_fen: int
    surcharge_fen: int
    expected_fen: int | None
    diff_fen: int
    issue: str
    shipment_id: int | None


class MissingOut(BaseModel):
    shipment_id: int
    number: str
    order_no: str
    province: str
    shipped_at: datetime | str | None


def _bill(b) -> BillOut:
    return BillOut(
        id=b.id,
        carrier=b.carrier_code,
        month=b.month,
        filename=b.filename,
        lines=b.lines,
        billed_fen=b.billed_fen,
        expected_fen=b.expected_fen,
        overcharge_fen=b.overcharge_fen,
        missing=b.missing,
        counts=b.counts,
        imported_at=b.imported_at,
    )


@router.post("/freight/bills", response_model=BillOut, status_code=201)
def import_bill(
    db: DB,
    user: Owner,
    request: Request,
    file: Annotated[UploadFile, File()],
    carrier: Annotated[str, Form()],
    month: Annotated[str, Form(description="YYYY-MM")],
    mapping: Annotated[str, Form(description='JSON {"number": "快递单号", "fee": "金额", ...}')] = "",
) -> BillOut:
    """A monthly bill (CSV or XLSX). Columns are found by header name: `mapping` first, else the
    mapping remembered for this carrier, else common names; without a number or fee column → 422
    with code `need_mapping`."""
    settings = runtime.get().settings
    orders_import.check_size(int(request.headers.get("content-length") or 0) - 1024, settings.upload_limit_mb)
    try:
        chosen = json.loads(mapping) if mapping else None
    except ValueError:
        raise Invalid("freight.bad_mapping") from None
    if chosen is not None and not isinstance(chosen, dict):
        raise Invalid("freight.bad_mapping")
    path = uploads.save_stream(
        file.file, folder=settings.uploads_dir, filename=file.filename or "", limit_mb=settings.upload_limit_mb
    )
    try:
        bill = freight.import_bill(
            db,
            carrier=carrier.upper(),
            month=month,
            data=path.read_bytes(),
            filename=file.filename or "",
            mapping=chosen,
            actor=f"api:{user.username}",
        )
    finally:
        uploads.remove(path)
    return _bill(bill)


@router.get("/freight/bills", response_model=Page[BillOut])
def list_bills(db: DB, user: Owner, paging: Annotated[PageParams, Depends(page_params)]) -> Page[BillOut]:
    rows, total = freight.list_bills(db, page=paging.page, size=paging.size)
    return Page(items=[_bill(b) for b in rows], total=total, page=paging.page, size=paging.size)


@router.get("/freight/bills/{bill_id}/lines", response_model=Page[LineOut])
def list_lines(
    bill_id: int, db: DB, user: Owner, paging: Annotated[PageParams, Depends(page_params)], issue: str | None = None
) -> Page[LineOut]:
    """`issue`: ok, overcharge, weight, not_ours, duplicate, or disputed (every line not ok)."""
    freight.reconcile.get_bill(db, bill_id)
    rows, total = freight.list_lines(db, bill_id=bill_id, issue=issue or None, page=paging.page, size=paging.size)
    return Page(
        items=[LineOut(**{k: getattr(r, k) for k in LineOut.model_fields}) for r in rows],
        total=total,
        page=paging.page,
        size=paging.size,
    )


@router.get("/freight/bills/{bill_id}/missing", response_model=Page[MissingOut])
def list_missing(
    bill_id: int, db: DB, user: Owner, paging: Annotated[PageParams, Depends(page_params)]
) -> Page[MissingOut]:
    """Our shipments of the bill's carrier and month that the bill does not list."""
    rows, total = freight.list_missing(db, bill_id=bill_id, page=paging.page, size=paging.size)
    return Page(items=[MissingOut(**r) for r in rows], total=total, page=paging.page, size=paging.size)


@router.get("/freight/summary")
def summary(db: DB, user: Owner) -> list[dict[str, Any]]:
    """Totals per carrier and month over every imported bill."""
    return freight.summary_by_month(db)


@router.get("/freight/bills/{bill_id}/disputes.{fmt}", response_class=Response)
def disputes(bill_id: int, fmt: str, db: DB, user: Owner, request: Request) -> Response:
    """The dispute list for the carrier: every line not ok, then the shipments the bill left out."""
    if fmt not in ("csv", "xlsx"):
        raise Invalid("freight.bad_format", format=fmt)
    lang = language(request)
    if fmt == "csv":
        data, media = freight.dispute_csv(db, bill_id=bill_id, lang=lang), "text/csv; charset=utf-8"
    else:
        data = freight.dispute_xlsx(db, bill_id=bill_id, lang=lang)
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(
        data,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="freight-disputes-{bill_id}.{fmt}"'},
    )
