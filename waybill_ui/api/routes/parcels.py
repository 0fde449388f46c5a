"""Merge and split orders into parcels (docs/merge-split.md, docs/api.md): merge suggestions,
merge, unmerge, split and the parcels of an order. Shipping them is POST /api/v1/shipments."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from waybill_ui.api.deps import DB, CurrentUser
from waybill_ui.api.paging import Page, PageParams, page_params
from waybill_ui.services.orders import merging as merge_orders
from waybill_ui.services.orders import splitting as split_orders
from waybill_ui.api.router import api_router

router = api_router(tags=["orders"])


class SuggestionOut(BaseModel):
    order_nos: list[str]
    receiver_name: str
    phone: str
    address: str
    items: list[str]


class MergeIn(BaseModel):
    order_nos: list[Annotated[str, Field(min_length=1, max_length=40)]] = Field(
        min_length=2, max_length=merge_orders.MAX_ORDERS
    )


class MergeOut(BaseModel):
    merge_group_id: int
    order_nos: list[str]


class UnmergeOut(BaseModel):
    order_nos: list[str]


class SplitIn(BaseModel):
    parcels: int = Field(ge=1, le=split_orders.MAX_PARCELS, strict=True)
    items: list[Annotated[str, Field(max_length=300)]] | None = Field(default=None, max_length=split_orders.MAX_PARCELS)


class ParcelOut(BaseModel):
    seq: int
    items: str
    shipment_id: int | None
    carrier: str | None
    number: str | None
    status: str | None


class ParcelsOut(BaseModel):
    order_no: str
    merged_with: list[str]
    parcels: list[ParcelOut]


def _parcels(db, order_no: str) -> ParcelsOut:
    return ParcelsOut(
        order_no=order_no,
        merged_with=merge_orders.group_of(db, order_no=order_no),
        parcels=[ParcelOut(**vars(p)) for p in split_orders.parcels_of(db, order_no=order_no)],
    )


@router.get("/orders/merge-suggestions", response_model=Page[SuggestionOut])
def merge_suggestions(
    db: DB, user: CurrentUser, paging: Annotated[PageParams, Depends(page_params)]
) -> Page[SuggestionOut]:
    """Waiting orders of one buyer and address that could go out as one parcel, biggest groups first."""
    found, total = merge_orders.suggestions(db, page=paging.page, size=paging.size)
    return Page(
        items=[
            SuggestionOut(
                order_nos=s.order_nos, receiver_name=s.receiver_name, phone=s.phone, address=s.address, items=s.items
            )
            for s in found
        ],
        total=total,
        page=paging.page,
        size=paging.size,
    )


@router.post("/orders/merge", response_model=MergeOut, status_code=201)
async def merge(body: MergeIn, db: DB, user: CurrentUser) -> MergeOut:
    """Merge waiting orders of one buyer and address into one parcel (one number when shipped);
    different buyers or addresses → 422, an order shipped or already merged → 409."""
    group = await run_in_threadpool(merge_orders.merge, db, order_nos=body.order_nos, actor=f"api:{user.username}")
    order_nos = await run_in_threadpool(merge_orders.group_of, db, order_no=body.order_nos[0].strip())
    return MergeOut(merge_group_id=group, order_nos=order_nos)


@router.post("/orders/{order_no}/unmerge", response_model=UnmergeOut)
async def unmerge(order_no: str, db: DB, user: CurrentUser) -> UnmergeOut:
    """Dissolve the merged parcel this order is in, before it ships (after → 409)."""
    nos = await run_in_threadpool(merge_orders.unmerge, db, order_no=order_no, actor=f"api:{user.username}")
    return UnmergeOut(order_nos=nos)


@router.post("/orders/{order_no}/split", response_model=ParcelsOut)
async def split(order_no: str, body: SplitIn, db: DB, user: CurrentUser) -> ParcelsOut:
    """Send a waiting order as `parcels` parcels (1 = one again), `items` saying what goes in each."""
    await run_in_threadpool(
        split_orders.split, db, order_no=order_no, parcels=body.parcels, items=body.items, actor=f"api:{user.username}"
    )
    return await run_in_threadpool(_parcels, db, order_no)


@router.get("/orders/{order_no}/parcels", response_model=ParcelsOut)
def parcels(order_no: str, db: DB, user: CurrentUser) -> ParcelsOut:
    """The order's parcels with the number each went out with, and the orders merged with it."""
    return _parcels(db, order_no)
