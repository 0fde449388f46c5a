"""Shipping: one order, a batch, and cancel before pickup (docs/api.md). Listing and detail
of shipments and the tracking refresh live with the tracking routes."""

from __future__ import annotations

from fastapi import Request
from pydantic import BaseModel, Field

from waybill_ui.api.deps import DB, CurrentUser, language
from fastapi.concurrency import run_in_threadpool

from waybill_ui import runtime
from waybill_ui.carriers import codes
from waybill_ui.services.shipping import dispatch as batch_dispatch
from waybill_ui.services.ewaybill import issue as ewaybill
from waybill_ui.services.shipping import single as shipping
from waybill_ui.api.router import api_router

router = api_router(tags=["shipping"])


class ShipIn(BaseModel):
    order_no: str = Field(min_length=1, max_length=40)
    carrier: str | None = Field(default=None, max_length=40)
    number: str | None = Field(default=None, max_length=60)
    override_reason: str = Field(
        default="", max_length=200, description="required to ship with a carrier that does not serve the destination"
    )
    shop_id: int | None = Field(
        default=None,
        strict=True,
        description="the order's shop; needed only when the order number is in two shops (else 409 ambiguous_order)",
    )
    parcel: int | None = Field(
        default=None,
        ge=1,
        le=20,
        strict=True,
        description="a split order: ship only this parcel (all not yet shipped when left out)",
    )


class ParcelShipped(BaseModel):
    shipment_id: int
    seq: int
    number: str


class ShipmentOut(BaseModel):
    id: int
    order_no: str
    carrier: str
    number: str
    status: str
    reason: str = ""
    warning: str = Field(default="", description="the buyer asked for another carrier (or refused this one)")
    order_nos: list[str] = Field(default=[], description="every order shipped: a merged parcel's whole group")
    parcels: list[ParcelShipped] = Field(default=[], description="one per parcel shipped (split orders)")
    complete: bool = Field(default=True, description="false: a split order still has parcels to ship (部分发货)")


class BatchIn(BaseModel):
    order_nos: list[str] = Field(min_length=1, max_length=50_000)
    carrier: str | None = Field(default=None, max_length=40)
    override_reason: str = Field(
        default="", max_length=200, description="ship with `carrier` also where it does not serve the destination"
    )


class WarningOut(BaseModel):
    order_no: str
    warning: str


class ShippedOut(BaseModel):
    order_no: str
    carrier: str
    number: str
    shipment_id: int


class FailedOut(BaseModel):
    order_no: str
    reason: str
    code: str


class BatchOut(BaseModel):
    batch_id: int
    shipped: list[ShippedOut]
    failed: list[FailedOut]
    warnings: list[WarningOut] = []


class CancelIn(BaseModel):
    reason: str = Field(default="", max_length=200)


def _out(result: shipping.Shipped) -> ShipmentOut:
    return ShipmentOut(
        id=result.id,
        order_no=result.order_no,
        carrier=result.carrier,
        number=result.number,
        status=result.status,
        reason=result.reason,
        warning=result.warning,
        order_nos=result.order_nos or [result.order_no],
        parcels=[ParcelShipped(shipment_id=i, seq=s, number=n) for i, s, n in result.parcels],
        complete=result.complete,
    )


@router.post("/shipments", response_model=ShipmentOut, status_code=201)
async def ship(body: ShipIn, db: DB, user: CurrentUser, request: Request) -> ShipmentOut:
    """Ship one order: carrier from the matching rules and number from the pool when left out;
    a given number is checked against the carrier's format and every number ever seen. With no
    number and a carrier that has an e-waybill account, the account's provider issues it.
    Already shipped → 409."""
    code = codes.resolve(body.carrier) if body.carrier else None
    if code and not (body.number or "").strip() and body.parcel is None and ewaybill.has_account(db, code):
        return _out(
            await ewaybill.issue_and_ship(
                db,
                order_no=body.order_no.strip(),
                carrier=code,
                actor=f"api:{user.username}",
                lang=language(request),
                shop_id=body.shop_id,
                provider_for=ewaybill.runtime_provider_for(runtime.get()),
            )
        )
    return _out(
        await run_in_threadpool(
            shipping.ship_order,
            db,
            order_no=body.order_no.strip(),
            carrier=body.carrier,
            number=body.number,
            actor=f"api:{user.username}",
            lang=language(request),
            override_reason=body.override_reason,
            shop_id=body.shop_id,
            parcel=body.parcel,
        )
    )


@router.post("/shipments/batch", response_model=BatchOut)
async def ship_batch(body: BatchIn, db: DB, user: CurrentUser, request: Request) -> BatchOut:
    """Ship many orders at once; each one is either shipped or listed with the reason. With a
    carrier that has an e-waybill account, the numbers are issued by its provider, concurrently."""
    order_nos, actor = [n.strip() for n in body.order_nos], f"api:{user.username}"
    result = await batch_dispatch.ship_batch(
        db,
        order_nos=order_nos,
        carrier=body.carrier,
        actor=actor,
        source="api",
        lang=language(request),
        override_reason=body.override_reason,
        provider_for=ewaybill.runtime_provider_for(runtime.get()),
    )
    return BatchOut(
        batch_id=result.batch_id,
        shipped=[ShippedOut(**s) for s in result.shipped],
        failed=[FailedOut(**f) for f in result.failed],
        warnings=[WarningOut(**w) for w in getattr(result, "warnings", [])],
    )


@router.post("/shipments/{shipment_id}/cancel", response_model=ShipmentOut)
async def cancel(shipment_id: int, db: DB, user: CurrentUser, body: CancelIn | None = None) -> ShipmentOut:
    """Before pickup: the number is voided, the order goes back to waiting. An e-waybill is
    cancelled at its provider first; a refusal (picked up) → 409 with the reason, nothing changed."""
    reason, actor = (body.reason if body else ""), f"api:{user.username}"
    return _out(
        await ewaybill.cancel_any(
            db,
            shipment_id=shipment_id,
            actor=actor,
            reason=reason,
            provider_for=ewaybill.runtime_provider_for(runtime.get()),
        )
    )
