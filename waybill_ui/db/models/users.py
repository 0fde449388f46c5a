"""Accounts, sessions and API tokens."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import UniqueConstraint
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
    # No longer used: login throttling is per (address, username) in LoginThrottle, and browser
    # sessions are rows of UserSession. Kept so older databases need no table rebuild.
    failed_logins: int = 0
    locked_until: datetime | None = time_field()
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
    # None only for tokens made before expiry existed: they expire the default span after created_at.
    expires_at: datetime | None = time_field()
    end_reason: str | None = Field(default=None, max_length=32)


class UserSession(SQLModel, table=True):
    """One browser login. The cookie holds a random key; only its SHA-256 is stored here.

    A login first makes a row with a one-time ticket (hash) that the browser trades, over plain
    HTTP, for the key: so the key is new at every login and never travels in a URL."""

    __tablename__ = "user_session"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    key_hash: str | None = Field(default=None, unique=True, max_length=64)
    ticket_hash: str | None = Field(default=None, unique=True, max_length=64)
    ticket_expires_at: datetime | None = time_field()
    # NiceGUI's browser id of the login page, so only the browser that typed the password can
    # trade the ticket.
    browser_id: str | None = Field(default=None, max_length=64)
    address: str = Field(default="", max_length=64)
    user_agent: str = Field(default="", max_length=200)
    created_at: datetime = created_at_field()
    activated_at: datetime | None = time_field()
    expires_at: datetime | None = time_field()
    ended_at: datetime | None = time_field(index=True)
    end_reason: str | None = Field(default=None, max_length=32)


class LoginThrottle(SQLModel, table=True):
    """Wrong passwords from one address for one username (known or not): the next try waits."""

    __tablename__ = "login_throttle"
    __table_args__ = (UniqueConstraint("address", "username", name="uq_login_throttle_key"),)

    id: int | None = Field(default=None, primary_key=True)
    address: str = Field(max_length=64)
    username: str = Field(max_length=64, index=True)
    failures: int = 0
    last_failure_at: datetime = created_at_field()
    blocked_until: datetime | None = time_field()
