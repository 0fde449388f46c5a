"""The carrier catalogue (cached from the provider) and the shop's own contracts."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel, UniqueConstraint

from ._base import created_at_field, json_field, time_field
from typing import Any


class Carrier(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=16)  # SF, ZTO, YTO, STO, YD, JTSD, EMS, JD, DBL
    name: str = Field(max_length=40)
    # zone -> {"first_fen": int, "first_g": int, "extra_fen_per_kg": int}
    prices: dict[str, Any] = json_field(dict)
    # zone -> typical transit days
    transit_days: dict[str, Any] = json_field(dict)
    provinces_excluded: list[Any] = json_field(list)
    active: bool = True
    source: str = Field(default="sandbox", max_length=32)
    updated_at: datetime | None = time_field()


class CarrierPackage(SQLModel, table=True):
    __tablename__ = "carrier_package"

    id: str = Field(primary_key=True, max_length=40)  # provider's id, e.g. "ZTO-500"
    carrier_code: str = Field(foreign_key="carrier.code", index=True, max_length=16)
    quantity: int  # numbers in one package
    price_fen: int
    validity_days: int
    active: bool = True
    updated_at: datetime | None = time_field()


class ContractPrice(SQLModel, table=True):
    """A carrier outlet's negotiated price (与快递公司建立长期合作); overrides the catalogue."""

    __tablename__ = "contract_price"
    __table_args__ = (UniqueConstraint("carrier_code", "zone"),)

    id: int | None = Field(default=None, primary_key=True)
    carrier_code: str = Field(foreign_key="carrier.code", index=True, max_length=16)
    zone: str = Field(max_length=32)  # a zone name or a province name
    first_fen: int
    first_g: int = 1000
    extra_fen_per_kg: int
    outlet: str = Field(default="", max_length=80)
    note: str = Field(default="", max_length=200)
    created_at: datetime = created_at_field()
    created_by: str = Field(default="", max_length=64)
