"""Packing station: an order's line items (宝贝明细) and the seller's barcode → 商家编码 map."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, Index, SQLModel

from ._base import created_at_field, json_field
from typing import Any


class OrderItem(SQLModel, table=True):
    __tablename__ = "order_item"
    __table_args__ = (Index("ix_order_item_order", "order_id"), Index("ix_order_item_sku", "sku"))

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id")
    sku: str = Field(default="", max_length=64)  # 商家编码
    title: str = Field(default="", max_length=200)
    spec: str = Field(default="", max_length=120)  # 销售属性, e.g. 颜色:红;尺码:M
    quantity: int = 1
    location: str = Field(default="", max_length=40)  # shelf, for walking the pick list


class ItemBarcode(SQLModel, table=True):
    """A product barcode (e.g. EAN-13 on the box) that stands for one 商家编码."""

    __tablename__ = "item_barcode"

    barcode: str = Field(primary_key=True, max_length=64)
    sku: str = Field(max_length=64, index=True)
    # grams of one piece of this 商家编码: the scan station adds them up as the expected weight
    weight_g: int | None = None


class Handover(SQLModel, table=True):
    """交接单: the parcels of one carrier handed to its courier at once."""

    __tablename__ = "handover"

    id: int | None = Field(default=None, primary_key=True)
    carrier_code: str = Field(max_length=16)
    count: int = 0
    numbers: list[Any] = json_field(list)
    created_at: datetime = created_at_field()
    created_by: str = Field(default="", max_length=64)
