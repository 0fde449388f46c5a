"""Orders: the paged list and the marketplace-export import (docs/api.md)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel

from waybill_ui import runtime
from waybill_ui.api.deps import DB, CurrentUser, language
from waybill_ui.api.paging import Page, PageParams, page_params
from waybill_ui.services.orders import listing as orders
from waybill_ui.services.orders import importing as orders_import
from waybill_ui.services.common import uploads
from waybill_ui.services.orders.importing import template

router = APIRouter(tags=["orders"])


class OrderOut(BaseModel):
    order_no: str
    status: str
    receiver_name: str
    phone: str
    province: str
    city: str
    district: str
    address: str
    carrier: str | None
    waybill_number: str | None
    buyer_nick: str
    items: str
    amount_fen: int
    buyer_message: str
    ordered_at: datetime | None
    paid_at: datetime | None
    shipment_id: int | None


class RejectedRow(BaseModel):
    row: int
    order_no: str
    reason: str


class ImportOut(BaseModel):
    imported: int
    updated: int
    skipped_shipped: int
    external_numbers: int
    by_status: dict[str, int]
    encoding: str
    rejected: list[RejectedRow]


@router.get("/orders", response_model=Page[OrderOut])
def list_orders(db: DB, user: CurrentUser, paging: Annotated[PageParams, Depends(page_params)],
                status: str | None = None, q: str = "", province: str | None = None, carrier: str | None = None,
                date_from: date | None = None, date_to: date | None = None,
                sort: Annotated[str, Query(pattern="^(" + "|".join(orders.SORTS) + ")$")] = "ordered_at",
                descending: bool = True,
                unprinted: Annotated[bool, Query(description="only orders whose label was never printed")] = False,
                ) -> Page[OrderOut]:
    """Orders, newest first by default; `q` searches order no, buyer nick, recipient, phone, number."""
    filters = orders.OrderFilter(status=status or None, q=q, province=province, carrier=carrier,
                                 date_from=date_from, date_to=date_to, unprinted=unprinted)
    rows, total = orders.list_orders(db, filters=filters, sort=sort, descending=descending,
                                     page=paging.page, size=paging.size)
    return Page(items=[OrderOut(**{k: getattr(r, k) for k in OrderOut.model_fields}) for r in rows],
                total=total, page=paging.page, size=paging.size)


@router.post("/orders/import", response_model=ImportOut)
def import_orders(db: DB, user: CurrentUser, request: Request, file: Annotated[UploadFile, File()]) -> ImportOut:
    """The marketplace's order export (CSV in GBK/GB18030/UTF-8, or XLSX). Good rows are imported,
    bad rows come back with their row number and the reason; over the size limit → 413."""
    settings = runtime.get().settings
    orders_import.check_size(int(request.headers.get("content-length") or 0) - 1024, settings.upload_limit_mb)
    path = uploads.save_stream(file.file, folder=settings.uploads_dir, filename=file.filename or "",
                               limit_mb=settings.upload_limit_mb)
    try:
        report = orders_import.import_orders(db, data=path, filename=file.filename or "",
                                             actor=f"api:{user.username}")
    finally:
        uploads.remove(path)
    return ImportOut(**report.as_json(language(request)))


@router.get("/orders/import-template.csv")
def import_template(user: CurrentUser) -> Response:
    """The plain import template (UTF-8 with BOM), for orders that do not come from Taobao."""
    return Response(template.csv_bytes(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="order-import-template.csv"'})
