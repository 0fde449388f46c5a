"""物流跟踪 over JSON: shipments (paged, filtered), one shipment with its events oldest first,
refresh now, and the "track any number" helpers."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Query
from pydantic import BaseModel, Field, StrictInt

from waybill_ui.runtime import providers_of
from waybill_ui import runtime
from waybill_ui.api.deps import DB, CurrentUser
from waybill_ui.api.paging import Page, PageParams, page_params
from waybill_ui.carriers import formats
from waybill_ui.carriers.codes import CARRIERS, name_of
from waybill_ui.carriers.protocol import ProviderError
from waybill_ui.services.tracking import refresh as tracking
from waybill_ui.services.tracking import config as tracking_config
from waybill_ui.services.tracking import queries as tq
from waybill_ui.services.common.errors import Invalid, ProviderUnavailable
from waybill_ui.api.router import api_router

router = api_router(tags=["tracking"])


class EventOut(BaseModel):
    time: datetime
    status: str
    location: str
    text: str
    raw_code: str


class ShipmentOut(BaseModel):
    id: int
    order_no: str
    carrier: str
    carrier_name: str
    number: str
    status: str
    receiver_name: str
    province: str
    city: str
    shipped_at: datetime
    last_event_at: datetime | None
    last_checked_at: datetime | None
    next_check_at: datetime | None
    last_error: str
    last_text: str
    alerts: list[str]
    printed_count: int = 0


class ShipmentDetailOut(ShipmentOut):
    picked_up_at: datetime | None
    delivered_at: datetime | None
    raw_state: str
    events: list[EventOut]


class RefreshIn(BaseModel):
    ids: list[StrictInt] | None = Field(default=None, max_length=10_000)


class RefreshOut(BaseModel):
    checked: int
    changed: int
    failed: int
    skipped: int
    left: int = 0  # due parcels not reached within the answer's time budget; the job takes them next


class PhoneIn(BaseModel):
    phone: str


class QueryIn(BaseModel):
    number: str
    carrier: str | None = None
    phone: str = ""


class QueryOut(BaseModel):
    carrier: str
    number: str
    status: str | None
    shipment_id: int | None
    events: list[EventOut]


def _out(row: tq.ShipmentRow) -> dict[str, Any]:
    return dict(
        id=row.id,
        order_no=row.order_no,
        carrier=row.carrier_code,
        carrier_name=name_of(row.carrier_code),
        number=row.number,
        status=row.status,
        receiver_name=row.receiver_name,
        province=row.province,
        city=row.city,
        shipped_at=row.shipped_at,
        last_event_at=row.last_event_at,
        last_checked_at=row.last_checked_at,
        next_check_at=row.next_check_at,
        last_error=row.last_error,
        last_text=row.last_text,
        alerts=row.alert_kinds,
        printed_count=row.printed_count,
    )


@router.get("/shipments", response_model=Page[ShipmentOut])
def list_shipments(
    db: DB,
    user: CurrentUser,
    paging: Annotated[PageParams, Depends(page_params)],
    status: str | None = None,
    carrier: str | None = None,
    alert: Annotated[str | None, Query(description="any, none or an alert kind")] = None,
    q: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    unprinted: Annotated[bool, Query(description="only parcels whose label was never printed")] = False,
):
    filters = tq.Filters(
        status=status or None,
        carrier=carrier or None,
        alert=alert or None,
        q=q,
        since=since,
        until=until,
        unprinted=unprinted,
    )
    rows, total = tq.list_shipments(db, filters, page=paging.page, size=paging.size)
    return Page(items=[ShipmentOut(**_out(r)) for r in rows], total=total, page=paging.page, size=paging.size)


@router.get("/shipments/{shipment_id}", response_model=ShipmentDetailOut)
def get_shipment(shipment_id: int, db: DB, user: CurrentUser):
    d = tq.detail(db, shipment_id)
    return ShipmentDetailOut(
        **_out(d.row),
        picked_up_at=d.picked_up_at,
        delivered_at=d.delivered_at,
        raw_state=d.raw_state,
        events=[
            EventOut(time=e.time, status=e.status, location=e.location, text=e.text, raw_code=e.raw_code)
            for e in d.events
        ],
    )


@router.post("/shipments/refresh", response_model=RefreshOut)
async def refresh_shipments(user: CurrentUser, body: RefreshIn | None = None):
    """Refresh now: the given shipments, or every due one when `ids` is left out (answered within
    20 s: `left` says how many due ones the scheduled job will take instead)."""
    rt = runtime.get()
    cfg = await asyncio.to_thread(tracking_config.load_for_runtime, rt)
    if body and body.ids is not None:
        summary = await tracking.refresh_now(rt.db, providers_of(rt).tracking, ids=body.ids, cfg=cfg)
    else:
        summary = await tracking.refresh_due(rt.db, providers_of(rt).tracking, cfg=cfg, budget=tracking.ASKED_BUDGET)
    return RefreshOut(**summary.as_dict())


@router.post("/shipments/{shipment_id}/phone")
def set_phone(shipment_id: int, body: PhoneIn, db: DB, user: CurrentUser):
    """The recipient's phone (last 4 digits kept) for privacy carriers; the parcel is looked at again soon."""
    return {"phone_tail": tq.set_phone_tail(db, shipment_id=shipment_id, phone=body.phone, actor=user.username)}


@router.get("/tracking/detect")
def detect_carrier(number: str, user: CurrentUser):
    """Carriers whose number format fits, most likely first (a suggestion, never a decision)."""
    return [
        {"carrier": code, "name": name_of(code), "needs_phone": CARRIERS[code].needs_phone}
        for code in formats.suggest_carriers(number)
    ]


@router.post("/tracking/query", response_model=QueryOut)
async def query_any_number(body: QueryIn, user: CurrentUser):
    """Track any number directly at the provider (nothing is stored)."""
    number = formats.clean(body.number)
    if not number:
        raise Invalid("tracking.no_number")
    carrier = body.carrier or next(iter(formats.suggest_carriers(number)), None)
    if carrier not in CARRIERS:
        raise Invalid("tracking.bad_carrier")
    rt = runtime.get()
    try:
        result = await tracking.track_any(providers_of(rt).tracking, carrier=carrier, number=number, phone=body.phone)
    except ProviderError as exc:
        if exc.code == "phone_required":
            raise Invalid("tracking.phone_required", carrier=name_of(carrier)) from None
        raise ProviderUnavailable("tracking.provider_failed", status=424, error=str(exc)) from None
    shipment_id = await asyncio.to_thread(tq.find_by_number, rt.db, number)
    return QueryOut(
        carrier=carrier,
        number=number,
        status=result.status,
        shipment_id=shipment_id,
        events=[
            EventOut(
                time=e.time, status=e.status, location=e.location, text=e.text, raw_code=e.raw_substate or e.raw_state
            )
            for e in result.events
        ],
    )
