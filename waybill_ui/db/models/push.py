"""Push tracking: each shipment's subscription at its provider, and how callbacks arrive per
provider (the settings page shows both; docs/tracking.md)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, Index, SQLModel, UniqueConstraint

from ._base import created_at_field, time_field


class TrackingSubscription(SQLModel, table=True):
    __tablename__ = "tracking_subscription"
    __table_args__ = (
        UniqueConstraint("shipment_id", name="uq_subscription_shipment"),
        # the subscriber's question: which aborted/failed ones may be tried again now
        Index("ix_subscription_retry", "state", "resubscribe_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    shipment_id: int = Field(foreign_key="shipment.id")
    provider: str = Field(max_length=16)
    carrier_code: str = Field(max_length=16)  # subscribed under this carrier (a comNew corrects it)
    state: str = Field(max_length=16)  # subscribed, polling, shutdown, aborted, failed
    code: str = Field(default="", max_length=16)  # the provider's own answer code
    message: str = Field(default="", max_length=200)
    month: str = Field(default="", max_length=7)  # "2026-12" (Asia/Shanghai) of month_count
    month_count: int = 0  # subscriptions accepted this month (the provider allows 4 per number)
    attempts: int = 0  # failed tries in a row (retried with backoff)
    subscribed_at: datetime | None = time_field()
    resubscribe_at: datetime | None = time_field()
    last_callback_at: datetime | None = time_field()
    callbacks: int = 0
    updated_at: datetime = created_at_field()


class PushChannel(SQLModel, table=True):
    """Per provider: callbacks taken, refused (bad signature, unreadable) and for numbers we do
    not know, with the last of each — what tells the seller whether callbacks reach the app."""

    __tablename__ = "push_channel"

    provider: str = Field(primary_key=True, max_length=16)
    accepted: int = 0
    rejected: int = 0
    unknown: int = 0
    last_callback_at: datetime | None = time_field()
    last_rejected_at: datetime | None = time_field()
    last_error: str = Field(default="", max_length=300)
