"""Shop-level configuration kept in the database: editable settings, sender addresses and
carrier matching rules."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from ._base import created_at_field, json_field, time_field


class Setting(SQLModel, table=True):
    key: str = Field(primary_key=True, max_length=80)
    value: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    updated_at: datetime | None = time_field()
    updated_by: str = Field(default="", max_length=64)


class SenderAddress(SQLModel, table=True):
    __tablename__ = "sender_address"

    id: int | None = Field(default=None, primary_key=True)
    label: str = Field(default="", max_length=40)
    name: str = Field(max_length=40)
    phone: str = Field(max_length=40)
    province: str = Field(max_length=32)
    city: str = Field(max_length=32)
    district: str = Field(default="", max_length=32)
    address: str = Field(max_length=200)
    is_default: bool = False
    created_at: datetime = created_at_field()


class MatchingRule(SQLModel, table=True):
    __tablename__ = "matching_rule"

    id: int | None = Field(default=None, primary_key=True)
    position: int = Field(default=0, index=True)
    name: str = Field(default="", max_length=80)
    enabled: bool = True
    provinces: list[Any] = json_field(list)
    cities: list[Any] = json_field(list)
    weight_min_g: int | None = None
    weight_max_g: int | None = None
    amount_min_fen: int | None = None
    amount_max_fen: int | None = None
    title_keywords: list[Any] = json_field(list)
    message_keywords: list[Any] = json_field(list)
    carrier_code: str = Field(foreign_key="carrier.code", max_length=16)
    created_at: datetime = created_at_field()
