"""Accounts, login (with throttling), roles and API tokens (with expiry)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlmodel import func, select, col

from waybill_ui.db import Database
from waybill_ui.db.models import Role, User
from waybill_ui.db.rows import row_id
from waybill_ui.clock import utcnow
from waybill_ui.services.accounts import audit
from waybill_ui.services.accounts import login_throttle
from waybill_ui.services.accounts import sessions
from waybill_ui.services.common.errors import Conflict, Forbidden, Invalid, Locked, NotFound, Unauthorized

MIN_PASSWORD = 8
_USERNAME = re.compile(r"^[\w.\u4e00-\u9fff-]{2,32}$")

_hasher = PasswordHasher()
# Verified against when the username is unknown, so a wrong name costs the same time as a wrong password.
# Made on the first failed name rather than at import: a hash at full cost is 0.1 s of every start and
# every CLI command.
_DUMMY_HASH: str | None = None


def _dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = _hasher.hash("not-a-real-password")
    return _DUMMY_HASH


@dataclass(frozen=True)
class Principal:
    """Who is acting: what pages, routes and services need to know about the user."""

    id: int
    username: str
    role: str
    language: str = "zh"

    @property
    def is_owner(self) -> bool:
        return self.role == Role.owner


def _principal(user: User) -> Principal:
    return Principal(id=row_id(user), username=user.username, role=user.role, language=user.language)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _check_new(username: str | None, password: str | None) -> None:
    if username is not None and not _USERNAME.match(username):
        raise Invalid("user.bad_username")
    if password is not None and len(password) < MIN_PASSWORD:
        raise Invalid("user.weak_password")


def count_users(db: Database) -> int:
    with db.read() as session:
        return session.exec(select(func.count()).select_from(User)).one()


def create_user(
    db: Database, *, username: str, password: str, role: str = Role.staff, actor: str = "cli", language: str = "zh"
) -> Principal:
    username = username.strip()
    _check_new(username, password)
    if role not in (Role.owner, Role.staff):
        raise Invalid("user.bad_username")
    with db.write() as session:
        if session.exec(select(User).where(User.username == username)).first():
            raise Conflict("user.exists", username=username)
        user = User(username=username, password_hash=hash_password(password), role=role, language=language)
        session.add(user)
        session.flush()
        audit.record(session, actor=actor, entity="user", entity_id=user.id, action="create", to_status=role)
        return _principal(user)


def create_first_owner(db: Database, *, username: str, password: str) -> Principal:
    """The /setup page: only while no account exists at all."""
    username = username.strip()
    _check_new(username, password)
    with db.write() as session:
        if session.exec(select(func.count()).select_from(User)).one():
            raise Conflict("setup.done_already", code="setup_done")
        user = User(username=username, password_hash=hash_password(password), role=Role.owner)
        session.add(user)
        session.flush()
        audit.record(session, actor="setup", entity="user", entity_id=user.id, action="create", to_status="owner")
        return _principal(user)


def authenticate(
    db: Database, *, username: str, password: str, address: str = "?", now: datetime | None = None
) -> Principal:
    """Check a password. Wrong ones slow down further tries from that address for that username
    (services/accounts/login_throttle.py); an unknown name and a wrong password get the same answer."""
    now = now or utcnow()
    name = username.strip()
    with db.write() as session:
        wait = login_throttle.seconds_to_wait(session, address=address, username=name, now=now)
        if wait:
            raise Locked("login.throttled", seconds=wait)
        user = session.exec(select(User).where(User.username == name)).first()
        if not _verify(user.password_hash if user else _dummy_hash(), password) or user is None:
            wait = login_throttle.record_failure(session, address=address, username=name, now=now)
            if wait:
                audit.record(
                    session,
                    actor=name[:64] or "?",
                    entity="login",
                    entity_id=address[:64],
                    action="throttle",
                    reason=f"wait {wait} s",
                )
            session.commit()
            raise Unauthorized("login.failed", code="bad_credentials")
        if not user.is_active:
            raise Unauthorized("login.inactive", code="inactive")
        login_throttle.clear(session, username=name, address=address)
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        session.add(user)
        return _principal(user)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def reset_password(db: Database, *, username: str, password: str, actor: str = "cli") -> None:
    """Set a new password and clear the login waits; the user's sessions and API tokens end."""
    _check_new(None, password)
    with db.write() as session:
        user = session.exec(select(User).where(User.username == username)).first()
        if user is None:
            raise NotFound("user.not_found", username=username)
        user.password_hash = hash_password(password)
        login_throttle.clear(session, username=username)
        session.add(user)
        ended = sessions.end_everything_for_user(session, user_id=row_id(user), reason="password_reset")
        audit.record(session, actor=actor, entity="user", entity_id=user.id, action="reset_password")
    sessions.announce(ended)


def change_password(db: Database, *, user_id: int, old_password: str, new_password: str) -> None:
    """A user changes their own password: every session (this one too) and API token ends."""
    _check_new(None, new_password)
    with db.write() as session:
        user = session.get(User, user_id)
        if user is None or not _verify(user.password_hash, old_password):
            raise Unauthorized("user.old_password_wrong", code="bad_credentials")
        user.password_hash = hash_password(new_password)
        session.add(user)
        ended = sessions.end_everything_for_user(session, user_id=row_id(user), reason="password_change")
        audit.record(session, actor=user.username, entity="user", entity_id=user.id, action="change_password")
    sessions.announce(ended)


def clear_login_wait(db: Database, *, username: str, actor: Principal) -> int:
    """The owner lifts the login waits of a username (all addresses)."""
    require_owner(actor)
    with db.write() as session:
        cleared = login_throttle.clear(session, username=username)
        audit.record(session, actor=actor.username, entity="login", entity_id=username[:64], action="unlock")
        return cleared


def list_users(db: Database) -> list[User]:
    with db.read() as session:
        return list(session.exec(select(User).order_by(col(User.id))))


def update_user(
    db: Database, *, user_id: int, actor: Principal, role: str | None = None, is_active: bool | None = None
) -> None:
    require_owner(actor)
    with db.write() as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound("user.not_found", username=str(user_id))
        demoting = (role is not None and role != Role.owner) or is_active is False
        if user.role == Role.owner and demoting:
            owners = session.exec(
                select(func.count()).select_from(User).where(User.role == Role.owner, User.is_active == True)  # noqa: E712
            ).one()  # noqa: E712
            if owners <= 1:
                raise Conflict("user.last_owner")
        before = f"{user.role}/{'active' if user.is_active else 'inactive'}"
        if role is not None:
            user.role = role
        if is_active is not None:
            user.is_active = is_active
        after = f"{user.role}/{'active' if user.is_active else 'inactive'}"
        session.add(user)
        ended: list[int] = []
        if after != before:  # a privilege change: the user logs in again with a new session id
            ended = sessions.end_everything_for_user(session, user_id=row_id(user), reason="role_change")
        audit.record(
            session,
            actor=actor.username,
            entity="user",
            entity_id=user.id,
            action="update",
            from_status=before,
            to_status=after,
        )
    sessions.announce(ended)


def set_language(db: Database, *, user_id: int, language: str) -> None:
    with db.write() as session:
        user = session.get(User, user_id)
        if user is not None:
            user.language = "en" if language == "en" else "zh"
            session.add(user)


def principal_of(user: User) -> Principal:
    return _principal(user)


def require_owner(principal: Principal | None) -> None:
    if principal is None or not principal.is_owner:
        raise Forbidden("auth.forbidden")
