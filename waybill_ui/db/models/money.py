"""The balance ledger and number purchases."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from ._base import created_at_field, time_field


class LedgerKind(StrEnum):
    topup = "topup"
    purchase = "purchase"
    refund = "refund"
    fee = "fee"


class LedgerEntry(SQLModel, table=True):
    """Append-only (a trigger refuses UPDATE and DELETE); the balance is the sum of amount_fen."""

    __tablename__ = "ledger_entry"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16, index=True)
    amount_fen: int  # signed: top-ups and refunds positive, purchases and fees negative
    reference: str = Field(default="", max_length=200)
    purchase_id: int | None = Field(default=None, foreign_key="purchase.id", index=True)
    is_demo: bool = False
    created_at: datetime = created_at_field()
    created_by: str = Field(default="", max_length=64)


class PurchaseStatus(StrEnum):
    created = "created"
    paid = "paid"
    sync_pending = "sync_pending"
    synced = "synced"
    refunded = "refunded"
    rejected = "rejected"


class Purchase(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    idempotency_key: str = Field(unique=True, max_length=128)
    package_id: str = Field(max_length=40)
    carrier_code: str = Field(foreign_key="carrier.code", index=True, max_length=16)
    quantity: int  # packages
    numbers_count: int  # numbers paid for
    numbers_received: int = 0
    unit_price_fen: int  # per number
    amount_fen: int
    validity_days: int
    status: str = Field(default=PurchaseStatus.created, max_length=16, index=True)
    attempts: int = 0
    next_attempt_at: datetime | None = time_field(index=True)
    last_error: str = Field(default="", max_length=500)
    created_at: datetime = created_at_field()
    paid_at: datetime | None = time_field()
    synced_at: datetime | None = time_field()
    refunded_at: datetime | None = time_field()
    created_by: str = Field(default="", max_length=64)
