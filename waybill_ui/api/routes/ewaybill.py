"""E-waybill accounts (owner) and the shop's sender (docs/api.md)."""

from __future__ import annotations

from datetime import datetime

from fastapi import Response
from pydantic import BaseModel, Field

from waybill_ui.api.deps import DB, CurrentUser, Owner
from waybill_ui.services.ewaybill import accounts as ewaybill_accounts
from waybill_ui.services.ewaybill import unsure as ewaybill_unsure
from waybill_ui.api.router import api_router

router = api_router(tags=["ewaybill"])


class AccountIn(BaseModel):
    provider: str = Field(min_length=1, max_length=20)
    carrier: str = Field(min_length=1, max_length=40)
    customer_name: str | None = Field(default=None, max_length=80)
    customer_pwd: str | None = Field(default=None, max_length=80)
    month_code: str | None = Field(default=None, max_length=80)
    send_site: str | None = Field(default=None, max_length=80)
    partner_id: str | None = Field(default=None, max_length=80)
    partner_key: str | None = Field(default=None, max_length=80)
    low_quota: int = Field(default=50, strict=True, ge=0, le=1_000_000)


class AccountOut(BaseModel):
    id: int
    provider: str
    carrier: str
    quota: int | None
    quota_reported: int | None = None
    quota_local: int | None = None
    quota_checked_at: datetime | None = None
    issued_count: int = 0
    low_quota: int = 50
    fields_set: list[str] = []  # which account fields are stored; their values are never shown


def _out(view: ewaybill_accounts.AccountView) -> AccountOut:
    return AccountOut(**{k: getattr(view, k) for k in AccountOut.model_fields})


@router.post("/ewaybill/accounts", response_model=AccountOut, status_code=201)
def add_account(body: AccountIn, db: DB, owner: Owner) -> AccountOut:
    values = body.model_dump(include=set(ewaybill_accounts.FIELDS))
    return _out(
        ewaybill_accounts.add_account(
            db, provider=body.provider, carrier=body.carrier, values=values, actor=owner, low_quota=body.low_quota
        )
    )


@router.get("/ewaybill/accounts", response_model=list[AccountOut])
def list_accounts(db: DB, user: CurrentUser) -> list[AccountOut]:
    return [_out(v) for v in ewaybill_accounts.list_accounts(db)]


@router.delete("/ewaybill/accounts/{account_id}", status_code=204)
def delete_account(account_id: int, db: DB, owner: Owner) -> Response:
    ewaybill_accounts.delete_account(db, account_id=account_id, actor=owner)
    return Response(status_code=204)


class UnsureIn(BaseModel):
    number: str | None = Field(default=None, max_length=40)  # found at the provider; null: none was issued


class UnsureOut(BaseModel):
    order_no: str
    shipment_id: int | None = None
    number: str | None = None


@router.post("/ewaybill/unsure/{order_no}", response_model=UnsureOut)
def settle_unsure(order_no: str, body: UnsureIn, db: DB, user: CurrentUser, shop_id: int | None = None) -> UnsureOut:
    """An order held because its last e-waybill answer was lost (docs/ewaybill.md): ship it with
    the number found at the provider, or confirm none was issued so the next ship asks afresh."""
    shipped = ewaybill_unsure.settle(
        db, order_no=order_no, number=body.number, actor=f"api:{user.username}", shop_id=shop_id
    )
    if shipped is None:
        return UnsureOut(order_no=order_no)
    return UnsureOut(order_no=order_no, shipment_id=shipped.id, number=shipped.number)
