"""The shop's default sender (docs/api.md): printed on every label, sent to
e-waybill providers, and required before anything ships or prints."""

from __future__ import annotations


from pydantic import BaseModel, Field

from waybill_ui.api.deps import DB, CurrentUser, Owner
from waybill_ui.services.settings import senders
from waybill_ui.api.router import api_router

router = api_router(tags=["shop"])


class SenderBody(BaseModel):
    name: str = Field(max_length=40)
    phone: str = Field(max_length=32)
    province: str = Field(max_length=32)
    city: str = Field(max_length=32)
    district: str = Field(default="", max_length=32)
    address: str = Field(max_length=200)


def _out(row) -> SenderBody:
    return SenderBody(
        name=row.name, phone=row.phone, province=row.province, city=row.city, district=row.district, address=row.address
    )


@router.get("/shop/sender", response_model=SenderBody | None)
def get_sender(db: DB, user: CurrentUser):
    """The default sender; null while none is set (shipping and printing wait for one)."""
    return senders.shop_sender(db)


@router.put("/shop/sender", response_model=SenderBody)
def put_sender(body: SenderBody, db: DB, user: Owner) -> SenderBody:
    """Owner only. Replaces the default sender (or sets the first one)."""
    row = senders.put_default(db, data=senders.SenderInput(**body.model_dump()), actor=user)
    return _out(row)
