"""The waybill pool over JSON (docs/api.md): the list and its CSV, the stock stats, and what
changes the stock (import, refund, extend).

A number's look-up, the audit trail, the purchase planner and one number's page are in
api/routes/waybills_history.py. api/__init__.py mounts the route modules by name, so this one comes
first and /openapi.json lists the /waybills paths in the order they have always had.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field, StrictBool

from waybill_ui.runtime import providers_of
from waybill_ui import runtime
from waybill_ui.api.deps import DB, CurrentUser, Owner, language
from waybill_ui.api.paging import Page, PageParams, page_params
from waybill_ui.services.pool import numbers as pool_numbers
from waybill_ui.services.pool import stock as pool
from waybill_ui.services.pool import export as pool_export
from waybill_ui.services.pool import importing as pool_import
from waybill_ui.services.pool import provider_ops as pool_provider
from waybill_ui.services.common.errors import Invalid
from waybill_ui.api.router import api_router

router = api_router(tags=["waybills"])


def _actor(user) -> str:
    return f"api:{user.username}"


class WaybillOut(BaseModel):
    carrier: str
    number: str
    status: str
    expires_at: datetime | None
    origin: str
    created_at: datetime | None = None
    order_no: str | None = None
    shipped_at: datetime | None = None


def number_filter(
    carrier: str | None = None,
    status: str | None = None,
    q: str | None = None,
    origin: str | None = None,
    expires_from: datetime | None = None,
    expires_to: datetime | None = None,
) -> pool_numbers.NumberFilter:
    if status and status not in pool_numbers.STATUSES:
        raise Invalid("pool.api.bad_status", allowed=", ".join(pool_numbers.STATUSES))
    return pool_numbers.NumberFilter(
        carrier=carrier or None,
        status=status or None,
        q=q or None,
        origin=origin or None,
        expires_from=expires_from,
        expires_to=expires_to,
    )


Filters = Annotated[pool_numbers.NumberFilter, Depends(number_filter)]
Paging = Annotated[PageParams, Depends(page_params)]


@router.get("/waybills", response_model=Page[WaybillOut])
def list_waybills(
    db: DB,
    user: CurrentUser,
    filters: Filters,
    paging: Paging,
    cursor: Annotated[str | None, Query(description="next_cursor/prev_cursor of a page")] = None,
) -> Page[WaybillOut]:
    found = pool_numbers.list_numbers(db, filters=filters, page=paging.page, size=paging.size, cursor=cursor or None)
    return Page(
        items=[WaybillOut(**r) for r in found.rows],
        total=found.total,
        page=paging.page,
        size=paging.size,
        next_cursor=found.next_cursor,
        prev_cursor=found.prev_cursor,
        total_estimated=found.estimated,
    )


@router.get("/waybills/export.csv")
def export_waybills(db: DB, user: CurrentUser, filters: Filters, request: Request) -> Response:
    return Response(
        pool_export.numbers_csv(db, filters=filters, lang=language(request)),
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="waybills.csv"'},
    )


class StatsOut(BaseModel):
    carrier: str
    name: str
    available: int
    used: int
    voided: int
    expired: int
    refunded: int
    expiring_soon: int
    recycle_pending: int
    rate_per_day: float
    days_left: float | None
    next_expiry: datetime | None


@router.get("/waybills/stats", response_model=list[StatsOut])
def waybill_stats(db: DB, user: CurrentUser) -> list[StatsOut]:
    return [
        StatsOut(
            carrier=s.carrier,
            name=s.name,
            available=s.available,
            used=s.used,
            voided=s.voided,
            expired=s.expired,
            refunded=s.refunded,
            expiring_soon=s.expiring_soon,
            recycle_pending=s.recycle_pending,
            rate_per_day=round(s.rate_per_day, 2),
            days_left=None if s.days_left is None else round(s.days_left, 1),
            next_expiry=s.next_expiry,
        )
        for s in pool.stock_stats(db)
    ]


class ImportIn(BaseModel):
    carrier: str
    numbers: list[str] | None = Field(default=None, max_length=pool_import.MAX_NUMBERS)
    start: str | None = None
    count: int | None = Field(default=None, strict=True, ge=1, le=pool_import.MAX_NUMBERS)
    expires_at: str | None = None  # a date (end of that day, Shanghai) or a datetime with offset
    note: str = Field(default="", max_length=200)
    strict: StrictBool = False  # any refused row: import nothing
    dry_run: StrictBool = False  # preview only


class RejectedOut(BaseModel):
    number: str
    reason: str
    row: int | None = None


class ImportOut(BaseModel):
    accepted: int
    rejected: list[RejectedOut]
    dry_run: StrictBool = False


@router.post("/waybills/import", response_model=ImportOut)
def import_waybills(body: ImportIn, db: DB, user: CurrentUser, request: Request) -> ImportOut:
    lang = language(request)
    kwargs: dict[str, Any] = {
        "carrier": body.carrier,
        "numbers": body.numbers,
        "start": body.start,
        "count": body.count,
    }
    if body.dry_run:
        result = pool_import.preview_import(db, **kwargs, expires_at=pool_import.expiry_end_of_day(body.expires_at))
    else:
        result = pool_import.commit_import(
            db,
            **kwargs,
            expires_at=pool_import.expiry_end_of_day(body.expires_at),
            note=body.note,
            strict=body.strict,
            actor=_actor(user),
        )
    return ImportOut(
        accepted=len(result.accepted),
        dry_run=body.dry_run,
        rejected=[RejectedOut(number=r.number or r.raw, reason=r.reason(lang), row=r.row) for r in result.rejected],
    )


class NumbersIn(BaseModel):
    carrier: str
    numbers: list[str] = Field(max_length=pool_import.MAX_NUMBERS)


class RefundOut(BaseModel):
    refunded: int
    amount_fen: int
    rejected: list[RejectedOut]


@router.post("/waybills/refund", response_model=RefundOut)
async def refund_waybills(body: NumbersIn, db: DB, owner: Owner, request: Request) -> RefundOut:
    """Owner only: unused, unexpired purchased numbers, credited at the price paid."""
    out = await pool_provider.refund(
        db, providers_of(runtime.get()).market, carrier=body.carrier, numbers=body.numbers, actor=owner, channel="api"
    )
    return RefundOut(
        refunded=len(out.done),
        amount_fen=out.amount_fen,
        rejected=[RejectedOut(**r) for r in out.rejected_texts(language(request))],
    )


class ExtendIn(NumbersIn):
    days: int = Field(strict=True, ge=1, le=365)


class ExtendOut(BaseModel):
    extended: int
    fee_fen: int
    rejected: list[RejectedOut]


@router.post("/waybills/extend", response_model=ExtendOut)
async def extend_waybills(body: ExtendIn, db: DB, owner: Owner, request: Request) -> ExtendOut:
    """Owner only: a later expiry from the provider; its fee goes to the ledger."""
    out = await pool_provider.extend(
        db,
        providers_of(runtime.get()).market,
        carrier=body.carrier,
        numbers=body.numbers,
        days=body.days,
        actor=owner,
        channel="api",
    )
    return ExtendOut(
        extended=len(out.done),
        fee_fen=out.fee_fen,
        rejected=[RejectedOut(**r) for r in out.rejected_texts(language(request))],
    )
