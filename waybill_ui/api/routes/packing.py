"""Packing station PDFs and records (issue 21): pick list / packing slips and courier handovers.
Staff may call them; the rules live in services/packing/."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from typing import Annotated

from fastapi import Depends
from fastapi.responses import Response
from pydantic import BaseModel, Field, StrictInt

from waybill_ui.api.deps import DB, CurrentUser
from waybill_ui.api.paging import Page, PageParams, page_params
from waybill_ui.services.packing import barcodes, handover, handover_lists, pick_list
from waybill_ui.api.router import api_router

router = api_router(tags=["packing"])


class PickListRequest(BaseModel):
    order_nos: list[str] = Field(description="the selection or the batch's orders; at most 2000")
    slips: bool = Field(False, description="one 发货单 page per order (with the order barcode) instead of the 拣货单")


class HandoverRequest(BaseModel):
    carrier: str
    numbers: list[str] = Field(description="the waybill numbers scanned out to this carrier's courier")


class HandoverOut(BaseModel):
    id: int
    carrier: str
    count: int
    numbers: list[str]


def _pdf(data: bytes, name: str) -> Response:
    return Response(
        data,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}"', "Cache-Control": "no-store"},
    )


@router.post("/packing/pick-list.pdf", response_class=Response)
async def pick_list_pdf(body: PickListRequest, db: DB, user: CurrentUser) -> Response:
    """拣货单 aggregated by item, sorted by shelf; or with slips=true the per-order 发货单."""
    picks, slips = await asyncio.to_thread(pick_list.collect, db, order_nos=body.order_nos)
    if body.slips:
        return _pdf(await asyncio.to_thread(pick_list.render_slips, slips), "packing-slips.pdf")
    return _pdf(await asyncio.to_thread(pick_list.render_pick_list, picks), "pick-list.pdf")


@router.post("/packing/handovers", response_model=HandoverOut, status_code=201)
def create_handover(body: HandoverRequest, db: DB, user: CurrentUser) -> HandoverOut:
    """Record the parcels handed to one carrier's courier (each parcel once)."""
    record = handover.hand_over(db, carrier=body.carrier, numbers=body.numbers, actor=user.username)
    return HandoverOut(id=record.id, carrier=record.carrier_code, count=record.count, numbers=record.numbers)


@router.get("/packing/handovers/{handover_id}.pdf", response_class=Response)
async def handover_pdf(handover_id: int, db: DB, user: CurrentUser) -> Response:
    """The handover sheet (交接单) to sign."""
    record = handover.get(db, handover_id=handover_id)
    return _pdf(await asyncio.to_thread(handover.render_sheet, record), f"handover-{handover_id}.pdf")


# --- lists around the handover, and the barcode map (paged on the server) ----------------------


class LeftParcelOut(BaseModel):
    carrier: str
    number: str
    order_no: str
    shipped_at: datetime
    packed: bool


class HandoverRowOut(BaseModel):
    id: int
    carrier: str
    count: int
    created_at: datetime
    created_by: str


class BarcodeIn(BaseModel):
    sku: str = Field(description="the 商家编码 this barcode stands for")
    weight_g: StrictInt | None = Field(None, description="grams of one piece (the station's expected weight)")


class BarcodeOut(BaseModel):
    barcode: str
    sku: str
    weight_g: int | None


@router.get("/packing/left-over", response_model=Page[LeftParcelOut])
def left_over(
    db: DB,
    user: CurrentUser,
    paging: Annotated[PageParams, Depends(page_params)],
    day: date | None = None,
    carrier: str | None = None,
) -> Page[LeftParcelOut]:
    """Parcels shipped by the end of `day` (shop time, default today), never handed over, not picked up."""
    rows, total = handover_lists.left_over(
        db, day=day, carrier=carrier or None, offset=paging.offset, limit=paging.size
    )
    return Page(items=[LeftParcelOut(**vars(r)) for r in rows], total=total, page=paging.page, size=paging.size)


@router.get("/packing/handovers", response_model=Page[HandoverRowOut])
def list_handovers(
    db: DB, user: CurrentUser, paging: Annotated[PageParams, Depends(page_params)]
) -> Page[HandoverRowOut]:
    """Past handovers, newest first."""
    rows, total = handover_lists.recent(db, offset=paging.offset, limit=paging.size)
    return Page(items=[HandoverRowOut(**vars(r)) for r in rows], total=total, page=paging.page, size=paging.size)


@router.get("/packing/barcodes", response_model=Page[BarcodeOut])
def list_barcodes(
    db: DB, user: CurrentUser, paging: Annotated[PageParams, Depends(page_params)], q: str = ""
) -> Page[BarcodeOut]:
    """The barcode → 商家编码 map; `q` matches a part of either."""
    rows, total = barcodes.list_page(db, q=q, offset=paging.offset, limit=paging.size)
    return Page(items=[BarcodeOut(**vars(r)) for r in rows], total=total, page=paging.page, size=paging.size)


@router.put("/packing/barcodes/{barcode}", response_model=BarcodeOut)
def put_barcode(barcode: str, body: BarcodeIn, db: DB, user: CurrentUser) -> BarcodeOut:
    """Add or change one mapping (and the piece weight)."""
    row = barcodes.save(db, barcode=barcode, sku=body.sku, weight_g=body.weight_g, actor=user.username)
    return BarcodeOut(**vars(row))


@router.delete("/packing/barcodes/{barcode}", status_code=204, response_class=Response)
def delete_barcode(barcode: str, db: DB, user: CurrentUser) -> Response:
    barcodes.delete(db, barcode=barcode, actor=user.username)
    return Response(status_code=204)
