"""Shipments (an order sent with one number) and their tracking events."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text
from sqlmodel import Field, Index, SQLModel, UniqueConstraint

from ._base import created_at_field, json_field, time_field
from typing import Any


class Shipment(SQLModel, table=True):
    __table_args__ = (
        # one live (not cancelled) shipment per order and parcel (parcel 1 unless split, docs/merge-split.md)
        Index(
            "ux_shipment_live_order",
            "order_id",
            "parcel_seq",
            unique=True,
            sqlite_where=text("cancelled_at IS NULL"),
            postgresql_where=text("cancelled_at IS NULL"),
        ),
        # one live shipment per merge group: a merged parcel is shipped once
        Index(
            "ux_shipment_live_group",
            "merge_group_id",
            unique=True,
            sqlite_where=text("cancelled_at IS NULL AND merge_group_id IS NOT NULL"),
            postgresql_where=text("cancelled_at IS NULL AND merge_group_id IS NOT NULL"),
        ),
        # a number belongs to one shipment ever; a cancelled shipment keeps its (voided) number
        UniqueConstraint("waybill_id", name="uq_shipment_waybill"),
        Index("ix_shipment_due", "next_check_at"),
        Index("ix_shipment_status", "status", "shipped_at"),
        Index("ix_shipment_carrier", "carrier_code", "shipped_at"),
        # reports and the dashboard: the shipments of a period
        Index("ix_shipment_shipped_at", "shipped_at"),
        # 未打印: the few live shipments whose label was never printed (services/orders/listing.py)
        Index(
            "ix_shipment_unprinted",
            "order_id",
            sqlite_where=text("printed_count = 0 AND cancelled_at IS NULL"),
            postgresql_where=text("printed_count = 0 AND cancelled_at IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id")
    waybill_id: int = Field(foreign_key="waybill.id")
    carrier_code: str = Field(foreign_key="carrier.code", max_length=16)
    number: str = Field(max_length=40, index=True)
    status: str = Field(default="pending", max_length=24)  # normalized tracking status
    raw_state: str = Field(default="", max_length=16)
    phone_tail: str = Field(default="", max_length=8)  # privacy waybills need it to be tracked
    route_code: str = Field(default="", max_length=40)  # 三段码
    sort_name: str = Field(default="", max_length=60)  # 大头笔
    sender_address_id: int | None = Field(default=None, foreign_key="sender_address.id")
    batch_id: int | None = Field(default=None, foreign_key="ship_batch.id", index=True)
    printed_count: int = 0
    last_printed_at: datetime | None = time_field()
    shipped_at: datetime = created_at_field()
    picked_up_at: datetime | None = time_field()
    delivered_at: datetime | None = time_field()
    last_event_at: datetime | None = time_field()
    last_checked_at: datetime | None = time_field()
    next_check_at: datetime | None = time_field()
    check_failures: int = 0
    last_error: str = Field(default="", max_length=300)
    alert_flags: list[Any] = json_field(list)
    cancelled_at: datetime | None = time_field()
    cancel_reason: str = Field(default="", max_length=200)
    created_by: str = Field(default="", max_length=64)
    # packing station (services/packing): weighed grams and when the parcel was checked and packed
    weight_g: int | None = None
    packed_at: datetime | None = time_field()
    handover_id: int | None = Field(default=None, foreign_key="handover.id", index=True)  # 交接单
    # merge and split (docs/merge-split.md): `order_id` is the group's first order when merged;
    # parcel_seq numbers the parcels of a split order (1 otherwise)
    merge_group_id: int | None = Field(default=None, foreign_key="merge_group.id")
    parcel_seq: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class ShipBatch(SQLModel, table=True):
    __tablename__ = "ship_batch"

    id: int | None = Field(default=None, primary_key=True)
    requested: int = 0
    shipped: int = 0
    failed: int = 0
    failures: list[Any] = json_field(list)  # [{"order_no", "reason"}]
    created_at: datetime = created_at_field()
    finished_at: datetime | None = time_field()
    created_by: str = Field(default="", max_length=64)
    source: str = Field(default="page", max_length=16)  # page, api, auto


class TrackingEvent(SQLModel, table=True):
    __tablename__ = "tracking_event"
    __table_args__ = (
        UniqueConstraint("shipment_id", "dedupe_key", name="uq_event_dedupe"),
        Index("ix_event_shipment_time", "shipment_id", "event_time"),
        # "ever had an exception / was refused": the few such events, without reading every event
        Index("ix_event_status_shipment", "status", "shipment_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    shipment_id: int = Field(foreign_key="shipment.id")
    event_time: datetime = created_at_field()
    location: str = Field(default="", max_length=120)
    text: str = Field(default="", max_length=500)
    status: str = Field(max_length=24)
    raw_state: str = Field(default="", max_length=16)
    raw_substate: str = Field(default="", max_length=16)
    provider: str = Field(default="", max_length=16)
    dedupe_key: str = Field(max_length=64)
    created_at: datetime = created_at_field()
