"""The waybill-number pool. Every number the shop has ever had is a row here, so a unique
constraint guards "never the same number twice" across purchases, imports and typed numbers."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, Index, SQLModel, UniqueConstraint

from ._base import created_at_field, time_field


class WaybillStatus(StrEnum):
    available = "available"
    used = "used"
    voided = "voided"
    expired = "expired"
    refunded = "refunded"


class WaybillOrigin(StrEnum):
    purchase = "purchase"  # bought on the market
    imported = "imported"  # list/range from a carrier outlet
    manual = "manual"  # typed or scanned in the ship dialog
    external = "external"  # shipped outside this app (seen in an order export)
    ewaybill = "ewaybill"  # issued by an e-waybill provider for one order (services/ewaybill/issue.py)


class Waybill(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("carrier_code", "number", name="uq_waybill_carrier_number"),
        # allocation: soonest-expiring available number of a carrier
        Index("ix_waybill_alloc", "carrier_code", "status", "expires_at", "id"),
        # keyset pages of the number list (services/pool/numbers.py): (sort column, id), and per carrier
        Index("ix_waybill_expires_id", "expires_at", "id"),
        Index("ix_waybill_created_id", "created_at", "id"),
        Index("ix_waybill_carrier_expires_id", "carrier_code", "expires_at", "id"),
        Index("ix_waybill_status_expires_id", "status", "expires_at", "id"),
        Index("ix_waybill_carrier_id", "carrier_code", "id"),
        Index("ix_waybill_status_id", "status", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    carrier_code: str = Field(foreign_key="carrier.code", max_length=16)
    number: str = Field(max_length=40, index=True)
    status: str = Field(default=WaybillStatus.available, max_length=16, index=True)
    origin: str = Field(default=WaybillOrigin.purchase, max_length=16)
    purchase_id: int | None = Field(default=None, foreign_key="purchase.id", index=True)
    cost_fen: int = 0  # what the shop paid for this number (refunds credit this)
    expires_at: datetime | None = time_field()
    # A ship dialog holds a number while it is open; expired holds are simply ignored.
    reserved_token: str | None = Field(default=None, max_length=64)
    reserved_until: datetime | None = time_field()
    # A voided purchased number is handed back to the provider (cancel/recycle); set once it confirmed.
    recycled_at: datetime | None = time_field()
    created_at: datetime = created_at_field()
    updated_at: datetime | None = time_field()
