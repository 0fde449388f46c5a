"""Accounts, sessions and API tokens."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from ._base import created_at_field, time_field


class Role(StrEnum):
    owner = "owner"
    staff = "staff"


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, index=True, max_length=64)
    password_hash: str
    role: str = Field(default=Role.staff, max_length=16)
    language: str = Field(default="zh", max_length=8)
    is_active: bool = True
    failed_logins: int = 0
    locked_until: datetime | None = time_field()
    # Bumped on password reset / deactivation so existing browser sessions end.
    session_epoch: int = 0
    created_at: datetime = created_at_field()
    last_login_at: datetime | None = time_field()


class ApiToken(SQLModel, table=True):
    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    name: str = Field(max_length=80)
    token_hash: str = Field(unique=True, max_length=64)
    prefix: str = Field(max_length=16)
    created_at: datetime = created_at_field()
    last_used_at: datetime | None = time_field()
    revoked_at: datetime | None = time_field()
