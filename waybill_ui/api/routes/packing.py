"""Packing station PDFs and records (issue 21): pick list / packing slips and courier handovers.
Staff may call them; the rules live in services/packing/."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel, Field

from waybill_ui.api.deps import DB, CurrentUser
from waybill_ui.services.packing import handover, pick_list

router = APIRouter(tags=["packing"])


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
    return Response(data, media_type="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{name}"', "Cache-Control": "no-store"})


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
