"""Who changed what, when, from which state to which, and why — written in the same
transaction as the change itself."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, Index, SQLModel

from ._base import created_at_field, json_field
from typing import Any


class AuditLog(SQLModel, table=True):
    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_entity", "entity", "entity_id"),
        Index("ix_audit_at", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = created_at_field()
    actor: str = Field(max_length=64)  # a username, or "job:<name>", "api:<user>", "cli"
    entity: str = Field(max_length=24)  # waybill, order, shipment, purchase, user, setting, ...
    entity_id: str = Field(max_length=64)
    action: str = Field(max_length=32)
    from_status: str = Field(default="", max_length=24)
    to_status: str = Field(default="", max_length=24)
    reason: str = Field(default="", max_length=300)
    details: dict[str, Any] = json_field(dict)
