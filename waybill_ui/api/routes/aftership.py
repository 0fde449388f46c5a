"""Interceptions (拦截) and returns (退货), issue 22. Staff may request an interception and mark a
return received; the rules live in services/aftership/interception.py and services/aftership/returns.py."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import Depends, Query
from pydantic import BaseModel, Field

from waybill_ui.runtime import providers_of
from waybill_ui import runtime
from waybill_ui.api.deps import DB, CurrentUser
from waybill_ui.api.paging import Page, PageParams, page_params
from waybill_ui.clock import utcnow
from waybill_ui.services.aftership import interception
from waybill_ui.services.aftership import returns
from waybill_ui.api.router import api_router

router = api_router(tags=["after-sale"])


class InterceptRequest(BaseModel):
    kind: str = Field(description="return (退回寄件人) or redirect (改址)")
    address: dict[str, Any] = Field(
        default_factory=dict, description="for redirect: name, phone, province, city, district, address"
    )


class InterceptionOut(BaseModel):
    id: int
    shipment_id: int
    kind: str
    status: str
    provider_ref: str
    fee_fen: int
    error: str


class ReturnOut(BaseModel):
    id: int
    order_no: str
    number: str
    carrier: str
    province: str
    reason: str
    status: str
    opened_at: datetime
    received_at: datetime | None
    received_by: str
    note: str


class ReceiveRequest(BaseModel):
    note: str = ""


def _out(row) -> InterceptionOut:
    return InterceptionOut(**{k: getattr(row, k) for k in InterceptionOut.model_fields})


@router.post("/shipments/{shipment_id}/interceptions", response_model=InterceptionOut, status_code=201)
async def intercept(shipment_id: int, body: InterceptRequest, db: DB, user: CurrentUser) -> InterceptionOut:
    """Ask the carrier to stop the parcel. `status` says how it went: accepted, failed (with the
    carrier's reason in `error`) or requested (did not get through; sent again automatically)."""
    row = await interception.request(
        db,
        providers_of(runtime.get()).market,
        shipment_id=shipment_id,
        kind=body.kind,
        address=body.address,
        actor=f"api:{user.username}",
    )
    return _out(row)


@router.get("/shipments/{shipment_id}/interceptions", response_model=list[InterceptionOut])
def interceptions_of(shipment_id: int, db: DB, user: CurrentUser) -> list[InterceptionOut]:
    return [_out(r) for r in interception.for_shipment(db, shipment_id=shipment_id)]


@router.get("/returns", response_model=Page[ReturnOut])
def list_returns(
    db: DB, user: CurrentUser, paging: Annotated[PageParams, Depends(page_params)], status: str | None = None
) -> Page[ReturnOut]:
    rows, total = returns.list_returns(db, status=status or None, page=paging.page, size=paging.size)
    return Page(
        items=[ReturnOut(**{k: r[k] for k in ReturnOut.model_fields}) for r in rows],
        total=total,
        page=paging.page,
        size=paging.size,
    )


@router.post("/returns/{return_id}/received", response_model=ReturnOut)
def mark_received(return_id: int, body: ReceiveRequest, db: DB, user: CurrentUser) -> ReturnOut:
    """The parcel is back on the shelf; the order's after-sale state becomes `returned`."""
    returns.mark_received(db, return_id=return_id, actor=f"api:{user.username}", note=body.note)
    (row,), _ = returns.list_returns(db, return_id=return_id)
    return ReturnOut(**{k: row[k] for k in ReturnOut.model_fields})


@router.get("/returns/rates")
def return_rates(
    db: DB,
    user: CurrentUser,
    by: Annotated[str, Query(pattern="^(carrier|province)$")] = "carrier",
    days: Annotated[int, Query(ge=1, le=366)] = 30,
) -> list[dict[str, Any]]:
    """Return rate per carrier or province over the shipments of the last `days` days."""
    now = utcnow()
    return returns.return_rates(db, by=by, since=now - timedelta(days=days), until=now)
