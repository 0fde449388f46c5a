"""E-waybill (电子面单) accounts and the numbers they issued, one row per order attempt.

`order_code` is what we send the provider: the idempotency key of the issue. A row is written
(status "requested") BEFORE the call, so a retry, a crash or a second member of staff reuses the
same code and the provider hands back the same number."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from ._base import created_at_field, json_field, time_field
from typing import Any


class EwaybillAccount(SQLModel, table=True):
    __tablename__ = "ewaybill_account"

    id: int | None = Field(default=None, primary_key=True)
    provider: str = Field(max_length=20)
    carrier: str = Field(max_length=16, index=True)
    # The provider/carrier account fields; secrets, never shown back (services/ewaybill/accounts.py).
    customer_name: str = Field(default="", max_length=80)
    customer_pwd: str = Field(default="", max_length=120)
    month_code: str = Field(default="", max_length=80)
    send_site: str = Field(default="", max_length=80)
    partner_id: str = Field(default="", max_length=80)
    partner_key: str = Field(default="", max_length=120)
    quota_reported: int | None = None  # as the provider last said
    quota_checked_at: datetime | None = time_field()
    quota_local: int | None = None  # counted here: last reported, minus issues, plus top-ups since
    issued_count: int = 0  # numbers issued through this account, counted locally
    low_quota: int = 50  # alert below this
    created_at: datetime = created_at_field()
    created_by: str = Field(default="", max_length=64)


class EwaybillIssue(SQLModel, table=True):
    __tablename__ = "ewaybill_issue"
    __table_args__ = (UniqueConstraint("order_id", "attempt", name="uq_ewaybill_order_attempt"),)

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", index=True)
    attempt: int = 1  # a cancelled number's order code stays used: a re-ship is attempt + 1
    order_code: str = Field(max_length=80, unique=True)
    account_id: int = Field(index=True)
    provider: str = Field(max_length=20)
    carrier: str = Field(max_length=16)
    status: str = Field(default="requested", max_length=16)  # requested, issued, cancelled, failed
    number: str = Field(default="", max_length=40, index=True)
    child_numbers: list[Any] = json_field()
    sort_name: str = Field(default="", max_length=80)  # 大头笔
    package_code: str = Field(default="", max_length=40)
    package_name: str = Field(default="", max_length=80)  # 集包地
    sorting_code: str = Field(default="", max_length=40)  # 三段码
    provider_order_id: str = Field(default="", max_length=80)
    task_id: str = Field(default="", max_length=80)
    answer: dict[str, Any] = json_field(dict)  # the provider's answer, whole
    error: str = Field(default="", max_length=300)
    reprints: list[Any] = json_field()  # times of reprints (ISO), for the provider's limits
    created_at: datetime = created_at_field()
    issued_at: datetime | None = time_field()
