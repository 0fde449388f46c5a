"""Marketplace orders (已卖出的宝贝)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import text
from sqlmodel import Field, Index, SQLModel, UniqueConstraint

from ._base import created_at_field, time_field


class OrderStatus(StrEnum):
    unpaid = "unpaid"  # not shippable yet
    pending = "pending"  # paid, waiting to ship (待发货)
    shipped = "shipped"
    closed = "closed"


# a waiting order without a usable address, spelt as services/orders/address_check.needs_sql spells it (a
# test checks they stay the same) so the partial index ix_orders_needs_address serves the filter;
# one NOT term: with a separate `status = …` term SQLite's planner would take the status index
NEEDS_ADDRESS_SQL = (
    "NOT (status != 'pending' OR (coalesce(receiver_name, '') != '' AND coalesce(province, '') != '' "
    "AND replace(replace(coalesce(address, ''), '*', ''), ' ', '') != '' "
    "AND ((coalesce(phone, '') != '' AND phone NOT LIKE '%*%') OR coalesce(landline, '') != '')))"
)


class Order(SQLModel, table=True):
    __tablename__ = "orders"
    __table_args__ = (
        Index("ix_orders_province_status", "province", "status"),
        # search by a number shipped elsewhere
        Index("ix_orders_external_number", "external_number"),
        # order numbers are unique per shop (two marketplaces may use the same number);
        # lookups by number alone go through services/orders/shops.py, which refuses to guess
        UniqueConstraint("shop_id", "order_no", name="uq_orders_shop_order_no"),
        Index("ix_orders_order_no", "order_no"),
        # keyset pages (services/orders/listing.py): one (sort column, id) index per sort, and the last
        # four digits of the phone as buyers quote them (same expression as orders.PHONE_TAIL)
        Index("ix_orders_ordered_at_id", "ordered_at", "id"),
        Index("ix_orders_paid_at_id", "paid_at", "id"),
        Index("ix_orders_amount_id", "amount_fen", "id"),
        Index("ix_orders_province_id", "province", "id"),
        Index("ix_orders_receiver_id", "receiver_name", "id"),
        Index("ix_orders_status_id", "status", "id"),
        Index("ix_orders_status_ordered_id", "status", "ordered_at", "id"),
        Index("ix_orders_phone_tail", text("substr(phone, length(phone) - 3)")),
        Index("ix_orders_status_paid_id", "status", "paid_at", "id"),
        Index("ix_orders_status_amount_id", "status", "amount_fen", "id"),
        # the carrier filter (services/orders/carrier_key.py): a carrier's orders in status order
        Index("ix_orders_carrier_status_id", "carrier_code", "status", "id"),
        # 待补地址: the few waiting orders that cannot ship
        Index(
            "ix_orders_needs_address",
            "ordered_at",
            "id",
            sqlite_where=text(NEEDS_ADDRESS_SQL),
            postgresql_where=text(NEEDS_ADDRESS_SQL),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    order_no: str = Field(max_length=40)
    # the default shop (id 1) is made by migration 0015_shops and can never be deleted
    shop_id: int = Field(default=1, foreign_key="shop.id", sa_column_kwargs={"server_default": "1"})
    buyer_nick: str = Field(default="", max_length=80, index=True)
    receiver_name: str = Field(default="", max_length=80, index=True)
    phone: str = Field(default="", max_length=40, index=True)
    # a privacy number's extension (17012345678-1234 → phone 17012345678, phone_ext 1234)
    phone_ext: str = Field(default="", max_length=8)
    landline: str = Field(default="", max_length=40)
    province: str = Field(default="", max_length=32)
    city: str = Field(default="", max_length=32)
    district: str = Field(default="", max_length=32)
    address: str = Field(default="", max_length=300)  # street detail
    full_address: str = Field(default="", max_length=400)  # as the marketplace gave it
    postcode: str = Field(default="", max_length=12)
    items: str = Field(default="", max_length=500)
    item_count: int = 1
    weight_g: int | None = None
    amount_fen: int = 0
    postage_fen: int = 0
    buyer_message: str = Field(default="", max_length=500)
    seller_memo: str = Field(default="", max_length=500)
    marketplace_status: str = Field(default="", max_length=40)
    status: str = Field(default=OrderStatus.pending, max_length=16)
    # shipped elsewhere (seen in the export): kept so the number is known and never reused
    external_carrier: str = Field(default="", max_length=40)
    external_number: str = Field(default="", max_length=40)
    # the carrier the list's filter finds it under (services/orders/carrier_key.py): NULL none, "*" several
    carrier_code: str | None = Field(default=None, max_length=40)
    ordered_at: datetime | None = time_field()
    paid_at: datetime | None = time_field()
    imported_at: datetime = created_at_field()
    updated_at: datetime | None = time_field()
    is_demo: bool = False
    after_sale: str = Field(default="", max_length=16)  # "", returning, returned (issue 22)
    # 合并订单 (docs/merge-split.md): the parcel this order shares with other orders; one group at most
    merge_group_id: int | None = Field(default=None, foreign_key="merge_group.id", index=True)


class MergeGroup(SQLModel, table=True):
    """Several waiting orders of one buyer and address packed as ONE parcel: shipped with one
    number (one shipment, `Shipment.merge_group_id`), every order marked shipped with it."""

    __tablename__ = "merge_group"

    id: int | None = Field(default=None, primary_key=True)
    merge_key: str = Field(max_length=64)  # a digest of services' merge_key(order), for the record
    created_at: datetime = created_at_field()
    created_by: str = Field(default="", max_length=64)


class OrderParcel(SQLModel, table=True):
    """拆单: one planned parcel of an order split into several (no rows: the order is one parcel).
    Parcel `seq` 1..N ships as `Shipment.parcel_seq`; `items` says what goes in it ("" = not said)."""

    __tablename__ = "order_parcel"
    __table_args__ = (UniqueConstraint("order_id", "seq", name="uq_order_parcel_seq"),)

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", index=True)
    seq: int
    items: str = Field(default="", max_length=300)
    created_at: datetime = created_at_field()
    created_by: str = Field(default="", max_length=64)
