"""Orders: the paged list and the marketplace-export import (docs/api.md)."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Annotated

from fastapi import Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel

from waybill_ui import runtime
from waybill_ui.api.deps import DB, CurrentUser, language
from waybill_ui.api.paging import Page, PageParams, page_params
from waybill_ui.services.orders import listing as orders
from waybill_ui.services.orders import importing as orders_import
from waybill_ui.services.common import uploads
from waybill_ui.services.common.errors import Invalid
from waybill_ui.services.orders.importing import template
from waybill_ui.services.orders import merging as merge_orders
from waybill_ui.api.router import api_router

router = api_router(tags=["orders"])


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
    shop_id: int
    shop_name: str
    phone_ext: str  # a privacy number's extension, apart from `phone`
    merge_group_id: int | None = None  # merged with other orders into one parcel (docs/merge-split.md)
    parcels: int = 1  # split into several parcels
    parcels_shipped: int = 0  # out of them shipped: 部分发货 while fewer than `parcels` on a waiting order


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
    format: str  # the marketplace plug-in that read the file, or "mapped"
    shop_id: int | None
    rejected: list[RejectedRow]


@router.get("/orders", response_model=Page[OrderOut])
def list_orders(
    db: DB,
    user: CurrentUser,
    paging: Annotated[PageParams, Depends(page_params)],
    status: str | None = None,
    q: str = "",
    province: str | None = None,
    carrier: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    sort: Annotated[str, Query(pattern="^(" + "|".join(orders.SORTS) + ")$")] = "ordered_at",
    descending: bool = True,
    unprinted: Annotated[bool, Query(description="only orders whose label was never printed")] = False,
    cursor: Annotated[str | None, Query(description="next_cursor/prev_cursor of a page")] = None,
    shop_id: Annotated[int | None, Query(description="one shop's orders; every shop's when absent")] = None,
    mergeable: Annotated[bool, Query(description="only waiting orders that could be merged (可合并)")] = False,
) -> Page[OrderOut]:
    """Orders, newest first by default; `q` searches order no, buyer nick, recipient, phone, number."""
    filters = orders.OrderFilter(
        status=status or None,
        q=q,
        province=province,
        carrier=carrier,
        date_from=date_from,
        date_to=date_to,
        unprinted=unprinted,
        shop_id=shop_id,
        only_ids=tuple(sorted(merge_orders.mergeable_ids(db))) if mergeable else None,
    )
    found = orders.list_orders(
        db, filters=filters, sort=sort, descending=descending, page=paging.page, size=paging.size, cursor=cursor or None
    )
    return Page(
        items=[OrderOut(**{k: getattr(r, k) for k in OrderOut.model_fields}) for r in found.rows],
        total=found.total,
        page=paging.page,
        size=paging.size,
        next_cursor=found.next_cursor,
        prev_cursor=found.prev_cursor,
        total_estimated=found.estimated,
    )


@router.post("/orders/import", response_model=ImportOut)
def import_orders(
    db: DB,
    user: CurrentUser,
    request: Request,
    file: Annotated[UploadFile, File()],
    shop_id: Annotated[
        int | None, Query(description="the shop the orders go into; may be left out while only one shop is active")
    ] = None,
    mapping: Annotated[
        str | None,
        Form(description="JSON {field: column header} for a layout no plug-in knows; remembered for the shop"),
    ] = None,
) -> ImportOut:
    """A marketplace's order export (CSV in GBK/GB18030/UTF-8, or XLSX), into one shop. Good rows
    are imported, bad rows come back with their row number and the reason; over the size limit →
    413; a layout neither a marketplace plug-in nor the shop's saved mapping knows → 422
    `needs_mapping` with the file's `headers` and the `fields` to map (send again with `mapping`)."""
    columns = _mapping(mapping)
    settings = runtime.get().settings
    orders_import.check_size(int(request.headers.get("content-length") or 0) - 1024, settings.upload_limit_mb)
    path = uploads.save_stream(
        file.file, folder=settings.uploads_dir, filename=file.filename or "", limit_mb=settings.upload_limit_mb
    )
    try:
        report = orders_import.import_orders(
            db, data=path, filename=file.filename or "", actor=f"api:{user.username}", shop_id=shop_id, mapping=columns
        )
    finally:
        uploads.remove(path)
    return ImportOut(**report.as_json(language(request)))


def _mapping(raw: str | None) -> dict[str, str] | None:
    if not raw:
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        value = None
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise Invalid("import.mapping.order_no_required", code="bad_mapping")
    return value


@router.get("/orders/import-template.csv")
def import_template(user: CurrentUser) -> Response:
    """The plain import template (UTF-8 with BOM), for orders that do not come from Taobao."""
    return Response(
        template.csv_bytes(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="order-import-template.csv"'},
    )
