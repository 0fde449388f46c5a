"""物流预警: alerts and the buyer notices produced from them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text
from sqlmodel import Field, Index, SQLModel

from ._base import created_at_field, json_field, time_field
from typing import Any


class Alert(SQLModel, table=True):
    __table_args__ = (
        # one open alert per subject; a resolved one may come back later as a new row
        Index(
            "ux_alert_open",
            "dedupe_key",
            unique=True,
            sqlite_where=text("status != 'resolved'"),
            postgresql_where=text("status != 'resolved'"),
        ),
        Index("ix_alert_status_kind", "status", "kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32)
    dedupe_key: str = Field(max_length=120)
    shipment_id: int | None = Field(default=None, foreign_key="shipment.id", index=True)
    purchase_id: int | None = Field(default=None, foreign_key="purchase.id")
    carrier_code: str | None = Field(default=None, max_length=16)
    message: str = Field(max_length=500)
    details: dict[str, Any] = json_field(dict)
    status: str = Field(default="open", max_length=16)  # open, acknowledged, resolved
    created_at: datetime = created_at_field()
    acknowledged_at: datetime | None = time_field()
    acknowledged_by: str = Field(default="", max_length=64)
    resolved_at: datetime | None = time_field()
    resolved_by: str = Field(default="", max_length=64)
    note: str = Field(default="", max_length=500)


class BuyerNotice(SQLModel, table=True):
    __tablename__ = "buyer_notice"

    id: int | None = Field(default=None, primary_key=True)
    alert_id: int | None = Field(default=None, foreign_key="alert.id", index=True)
    order_id: int | None = Field(default=None, foreign_key="orders.id", index=True)
    text: str = Field(max_length=1000)
    created_at: datetime = created_at_field()
    created_by: str = Field(default="", max_length=64)
