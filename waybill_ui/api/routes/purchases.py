"""Balance and purchases API: the ledger, owner top-ups, idempotent checkout, purchase status, sync."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Depends, Header, Path, Query, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from waybill_ui.runtime import providers_of
from waybill_ui import runtime
from waybill_ui.api.deps import DB, CurrentUser, Owner, language
from waybill_ui.api.paging import Page, PageParams, page_params
from waybill_ui.db.models import LedgerKind
from waybill_ui.services.market import ledger
from waybill_ui.services.market import purchases
from waybill_ui.services.market import checkout as purchasing
from waybill_ui.services.market.purchases import PurchaseInfo
from waybill_ui.db.rows import row_id
from waybill_ui.api.router import api_router

router = api_router(tags=["purchases"])
Paging = Annotated[PageParams, Depends(page_params)]
PurchaseId = Annotated[int, Path(ge=1, le=2**53)]  # SQLite integers: keep absurd ids a plain 404/422
# How long POST /purchases waits for the first sync before answering (the sync goes on anyway).
SYNC_WAIT_S = 5.0


class BalanceOut(BaseModel):
    balance_fen: int


class TopUpIn(BaseModel):
    amount_fen: int = Field(strict=True, gt=0, le=ledger.MAX_TOPUP_FEN)
    reference: str = Field(min_length=1, max_length=200)


class LedgerOut(BaseModel):
    id: int
    kind: str
    amount_fen: int
    balance_after_fen: int
    reference: str
    purchase_id: int | None
    created_at: datetime
    created_by: str


@router.get("/balance", response_model=BalanceOut)
def get_balance(db: DB, user: CurrentUser) -> BalanceOut:
    """The balance, derived from the ledger."""
    return BalanceOut(balance_fen=ledger.balance(db))


@router.post("/balance/topups", response_model=LedgerOut, status_code=201)
def create_topup(body: TopUpIn, db: DB, owner: Owner) -> LedgerOut:
    """Record money paid into the account (owner only)."""
    entry = ledger.top_up(db, amount_fen=body.amount_fen, reference=body.reference, actor=owner, channel="api")
    return _ledger_out(ledger.get_entry(db, row_id(entry)))


def _ledger_out(row: ledger.LedgerRow) -> LedgerOut:
    return LedgerOut(**{k: getattr(row, k) for k in LedgerOut.model_fields})


@router.get("/balance/ledger", response_model=Page[LedgerOut])
def list_ledger(db: DB, user: CurrentUser, paging: Paging, kind: LedgerKind | None = None) -> Page[LedgerOut]:
    """The ledger, newest first, each entry with the balance after it."""
    rows, total = ledger.history(db, page=paging.page, size=paging.size, kind=kind)
    return Page(items=[_ledger_out(r) for r in rows], total=total, page=paging.page, size=paging.size)


@router.get(
    "/balance/ledger.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "the ledger as CSV (UTF-8 with BOM)"}},
)
def export_ledger(
    db: DB, user: CurrentUser, lang: Annotated[str, Depends(language)], kind: LedgerKind | None = None
) -> Response:
    return Response(
        ledger.export_csv(db, kind=kind, lang=lang),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="ledger.csv"'},
    )


class PurchaseIn(BaseModel):
    package_id: str = Field(min_length=1, max_length=40)
    quantity: int = Field(default=1, strict=True, ge=1, le=purchases.MAX_PACKAGES)


class PurchaseOut(BaseModel):
    id: int
    status: str
    amount_fen: int
    numbers_count: int
    numbers_received: int
    package_id: str
    carrier: str
    quantity: int
    unit_price_fen: int
    validity_days: int
    refunded_fen: int
    attempts: int
    next_attempt_at: datetime | None
    last_error: str
    created_at: datetime
    paid_at: datetime | None
    synced_at: datetime | None
    refunded_at: datetime | None


def _out(info: PurchaseInfo) -> PurchaseOut:
    p = info.purchase
    return PurchaseOut(
        id=p.id,
        status=p.status,
        amount_fen=p.amount_fen,
        numbers_count=p.numbers_count,
        numbers_received=p.numbers_received,
        package_id=p.package_id,
        carrier=p.carrier_code,
        quantity=p.quantity,
        unit_price_fen=p.unit_price_fen,
        validity_days=p.validity_days,
        refunded_fen=info.refunded_fen,
        attempts=p.attempts,
        next_attempt_at=p.next_attempt_at,
        last_error=p.last_error,
        created_at=p.created_at,
        paid_at=p.paid_at,
        synced_at=p.synced_at,
        refunded_at=p.refunded_at,
    )


@router.post(
    "/purchases",
    response_model=PurchaseOut,
    status_code=201,
    responses={
        200: {"description": "this Idempotency-Key already paid: the same purchase"},
        402: {"description": "insufficient_balance: nothing charged"},
    },
)
async def create_purchase(
    body: PurchaseIn,
    db: DB,
    owner: Owner,
    response: Response,
    idempotency_key: Annotated[str | None, Header(max_length=128)] = None,
) -> PurchaseOut:
    """Buy `quantity` packages from the balance (owner only). Send a fresh `Idempotency-Key` per
    purchase; sending it again returns the same purchase and charges nothing."""
    result = await purchasing.buy(
        db,
        provider=providers_of(runtime.get()).market,
        package_id=body.package_id,
        quantity=body.quantity,
        idempotency_key=idempotency_key or "",
        actor=owner,
        channel="api",
        wait_s=SYNC_WAIT_S,
    )
    if not result.created:
        response.status_code = 200
    return _out(await run_in_threadpool(purchases.get_purchase, db, row_id(result.purchase)))


@router.get("/purchases", response_model=Page[PurchaseOut])
def list_purchases(
    db: DB,
    user: CurrentUser,
    paging: Paging,
    status: str | None = None,
    carrier: Annotated[str | None, Query(max_length=16)] = None,
) -> Page[PurchaseOut]:
    rows, total = purchases.list_purchases(db, status=status, carrier=carrier, page=paging.page, size=paging.size)
    return Page(items=[_out(r) for r in rows], total=total, page=paging.page, size=paging.size)


@router.get("/purchases/{purchase_id}", response_model=PurchaseOut)
def get_purchase(purchase_id: PurchaseId, db: DB, user: CurrentUser) -> PurchaseOut:
    return _out(purchases.get_purchase(db, purchase_id))


@router.post("/purchases/{purchase_id}/sync", response_model=PurchaseOut)
async def sync_purchase(purchase_id: PurchaseId, db: DB, user: CurrentUser) -> PurchaseOut:
    """Ask the provider for a waiting purchase's numbers now (重新同步)."""
    rt = runtime.get()
    info = await purchasing.sync_now(
        db, provider=providers_of(rt).market, purchase_id=purchase_id, actor=f"api:{user.username}"
    )
    return _out(info)


@router.post("/purchases/{purchase_id}/cancel", response_model=PurchaseOut)
def cancel_purchase(purchase_id: PurchaseId, db: DB, owner: Owner) -> PurchaseOut:
    """Stop waiting for a purchase's numbers: the ones not received are refunded (owner only)."""
    purchases.cancel_purchase(db, purchase_id=purchase_id, actor=owner, channel="api")
    return _out(purchases.get_purchase(db, purchase_id))
