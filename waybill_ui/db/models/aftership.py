"""After the parcel leaves (issue 22): carriers' freight bills and their reconciliation,
interceptions and returns, and the channels alerts are sent to."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, Index, SQLModel, UniqueConstraint

from ._base import created_at_field, json_field, time_field
from typing import Any


class FreightBill(SQLModel, table=True):
    """One imported monthly bill (运费账单) of a carrier or outlet."""

    __tablename__ = "freight_bill"

    id: int | None = Field(default=None, primary_key=True)
    carrier_code: str = Field(max_length=16, index=True)
    month: str = Field(max_length=7)  # YYYY-MM the bill is for
    filename: str = Field(default="", max_length=200)
    lines: int = 0
    billed_fen: int = 0
    expected_fen: int = 0
    overcharge_fen: int = 0  # sum of (billed - expected) over overcharged lines
    counts: dict[str, Any] = json_field(dict)  # issue -> lines
    missing: int = 0  # our shipments of that carrier and month absent from the bill
    imported_at: datetime = created_at_field()
    created_by: str = Field(default="", max_length=64)


class FreightLine(SQLModel, table=True):
    """One bill line, matched to our shipment and judged (`issue`)."""

    __tablename__ = "freight_line"
    # (bill, number) answers "which of our shipments did the bill leave out" with one probe per
    # shipment; without it SQLite walks the whole bill for each one (minutes at 100k lines)
    __table_args__ = (
        Index("ix_freight_line_bill_issue", "bill_id", "issue", "row_no"),
        Index("ix_freight_line_bill_number", "bill_id", "number"),
    )

    id: int | None = Field(default=None, primary_key=True)
    bill_id: int = Field(foreign_key="freight_bill.id")
    row_no: int
    number: str = Field(max_length=40)
    billed_on: str = Field(default="", max_length=20)
    destination: str = Field(default="", max_length=60)
    weight_g: int | None = None  # the weight the carrier charged for
    fee_fen: int = 0
    surcharge_fen: int = 0
    shipment_id: int | None = Field(default=None, foreign_key="shipment.id")
    our_weight_g: int | None = None
    expected_fen: int | None = None
    # ok, overcharge, weight, not_ours, duplicate
    issue: str = Field(default="ok", max_length=16)
    diff_fen: int = 0


class Interception(SQLModel, table=True):
    """A request to stop a parcel (拦截): back to the sender or to a new address."""

    __table_args__ = (UniqueConstraint("idempotency_key", name="uq_interception_key"),)

    id: int | None = Field(default=None, primary_key=True)
    shipment_id: int = Field(foreign_key="shipment.id", index=True)
    kind: str = Field(max_length=16)  # return, redirect
    new_address: dict[str, Any] = json_field(dict)
    # requested (sent), accepted (the carrier took it), succeeded (the parcel turned), failed
    status: str = Field(default="requested", max_length=16)
    provider_ref: str = Field(default="", max_length=64)
    error: str = Field(default="", max_length=300)
    fee_fen: int = 0
    idempotency_key: str = Field(max_length=80)
    requested_at: datetime = created_at_field()
    updated_at: datetime | None = time_field()
    created_by: str = Field(default="", max_length=64)


class ReturnRecord(SQLModel, table=True):
    """A parcel coming back (退货/退回): opened automatically when tracking shows a refusal or a
    return, or by an interception; the seller marks it received."""

    __tablename__ = "return_record"
    __table_args__ = (
        UniqueConstraint("shipment_id", name="uq_return_shipment"),
        Index("ix_return_status_opened", "status", "opened_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    shipment_id: int = Field(foreign_key="shipment.id")
    order_id: int = Field(foreign_key="orders.id", index=True)
    carrier_code: str = Field(max_length=16)
    province: str = Field(default="", max_length=32)
    reason: str = Field(max_length=16)  # refused, returning, returned, intercepted
    return_number: str = Field(default="", max_length=40)  # the return leg's number when it has its own
    status: str = Field(default="open", max_length=16)  # open, received
    opened_at: datetime = created_at_field()
    received_at: datetime | None = time_field()
    received_by: str = Field(default="", max_length=64)
    note: str = Field(default="", max_length=300)


class AlertChannel(SQLModel, table=True):
    """Where alerts are sent: a WeCom/DingTalk/Feishu group robot or an email address."""

    __tablename__ = "alert_channel"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)  # wecom, dingtalk, feishu, email
    name: str = Field(max_length=60)
    target: str = Field(default="", max_length=500)  # webhook URL or e-mail addresses (a secret for robots)
    secret: str = Field(default="", max_length=200)  # signing secret (DingTalk, Feishu)
    alert_kinds: list[Any] = json_field(list)  # empty: every kind
    daily_summary: bool = False
    enabled: bool = True
    last_sent_at: datetime | None = time_field()
    last_summary_on: str = Field(default="", max_length=10)
    last_error: str = Field(default="", max_length=300)
    last_error_at: datetime | None = time_field()
    failures: int = 0
    next_try_at: datetime | None = time_field()
    # alerts waiting for this channel (ids), sent together as one digest when the minute is up
    pending: list[Any] = json_field(list)
    created_at: datetime = created_at_field()
