"""Accounts, login with lockout, roles and API tokens."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlmodel import func, select

from waybill_ui.db import Database
from waybill_ui.db.models import ApiToken, Role, User
from waybill_ui.db.types import utcnow
from waybill_ui.services import audit
from waybill_ui.services.errors import Conflict, Forbidden, Invalid, Locked, NotFound, Unauthorized

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD = 8
TOKEN_PREFIX = "wbt_"
_USERNAME = re.compile(r"^[\w.\u4e00-\u9fff-]{2,32}$")

_hasher = PasswordHasher()
# Verified against when the username is unknown, so a wrong name costs the same time as a wrong password.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


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
    return Principal(id=user.id, username=user.username, role=user.role, language=user.language)


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


def create_user(db: Database, *, username: str, password: str, role: str = Role.staff,
                actor: str = "cli", language: str = "zh") -> Principal:
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


def authenticate(db: Database, *, username: str, password: str) -> Principal:
    """Check a password; 5 wrong in a row lock the account for 15 minutes."""
    now = utcnow()
    with db.write() as session:
        user = session.exec(select(User).where(User.username == username.strip())).first()
        if user is None:
            _verify(_DUMMY_HASH, password)
            raise Unauthorized("login.failed", code="bad_credentials")
        if user.locked_until and user.locked_until > now:
            minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
            raise Locked("login.locked", minutes=minutes)
        if not _verify(user.password_hash, password):
            user.failed_logins += 1
            if user.failed_logins >= MAX_FAILED_LOGINS:
                user.failed_logins = 0
                user.locked_until = now + LOCKOUT
                audit.record(session, actor=user.username, entity="user", entity_id=user.id, action="lock",
                             reason=f"{MAX_FAILED_LOGINS} wrong passwords")
                session.add(user)
                session.commit()
                raise Locked("login.locked", minutes=int(LOCKOUT.total_seconds() // 60))
            session.add(user)
            session.commit()
            raise Unauthorized("login.failed_left", code="bad_credentials", left=MAX_FAILED_LOGINS - user.failed_logins)
        if not user.is_active:
            raise Unauthorized("login.inactive", code="inactive")
        user.failed_logins = 0
        user.locked_until = None
        user.last_login_at = now
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
    """Set a new password and clear a lockout; existing sessions of the user end."""
    _check_new(None, password)
    with db.write() as session:
        user = session.exec(select(User).where(User.username == username)).first()
        if user is None:
            raise NotFound("user.not_found", username=username)
        user.password_hash = hash_password(password)
        user.failed_logins = 0
        user.locked_until = None
        user.session_epoch += 1
        session.add(user)
        audit.record(session, actor=actor, entity="user", entity_id=user.id, action="reset_password")


def list_users(db: Database) -> list[User]:
    with db.read() as session:
        return list(session.exec(select(User).order_by(User.id)))


def update_user(db: Database, *, user_id: int, actor: Principal, role: str | None = None,
                is_active: bool | None = None) -> None:
    require_owner(actor)
    with db.write() as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound("user.not_found", username=str(user_id))
        demoting = (role is not None and role != Role.owner) or is_active is False
        if user.role == Role.owner and demoting:
            owners = session.exec(select(func.count()).select_from(User).where(
                User.role == Role.owner, User.is_active == True)).one()  # noqa: E712
            if owners <= 1:
                raise Conflict("user.last_owner")
        before = f"{user.role}/{'active' if user.is_active else 'inactive'}"
        if role is not None:
            user.role = role
        if is_active is not None:
            user.is_active = is_active
        user.session_epoch += 1
        session.add(user)
        audit.record(session, actor=actor.username, entity="user", entity_id=user.id, action="update",
                     from_status=before, to_status=f"{user.role}/{'active' if user.is_active else 'inactive'}")


def set_language(db: Database, *, user_id: int, language: str) -> None:
    with db.write() as session:
        user = session.get(User, user_id)
        if user is not None:
            user.language = "en" if language == "en" else "zh"
            session.add(user)


def session_principal(db: Database, *, user_id: int, epoch: int) -> Principal | None:
    """The user behind a browser session, if the session is still valid."""
    with db.read() as session:
        user = session.get(User, user_id)
        if user is None or not user.is_active or user.session_epoch != epoch:
            return None
        return _principal(user)


def session_epoch(db: Database, *, user_id: int) -> int:
    with db.read() as session:
        user = session.get(User, user_id)
        return user.session_epoch if user else -1


def require_owner(principal: Principal | None) -> None:
    if principal is None or not principal.is_owner:
        raise Forbidden("auth.forbidden")


# --- API tokens -----------------------------------------------------------------------------

def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_api_token(db: Database, *, user_id: int, name: str, actor: str) -> str:
    """Returns the token itself; only its hash is stored, so it is shown once."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with db.write() as session:
        row = ApiToken(user_id=user_id, name=name.strip()[:80] or "token", token_hash=_token_hash(token),
                       prefix=token[:12])
        session.add(row)
        session.flush()
        audit.record(session, actor=actor, entity="api_token", entity_id=row.id, action="create",
                     details={"user_id": user_id, "name": row.name})
    return token


def list_api_tokens(db: Database, *, user_id: int | None = None) -> list[ApiToken]:
    with db.read() as session:
        query = select(ApiToken).where(ApiToken.revoked_at == None).order_by(ApiToken.id)  # noqa: E711
        if user_id is not None:
            query = query.where(ApiToken.user_id == user_id)
        return list(session.exec(query))


def revoke_api_token(db: Database, *, token_id: int, actor: Principal) -> None:
    with db.write() as session:
        row = session.get(ApiToken, token_id)
        if row is None:
            raise NotFound("token.invalid")
        if row.user_id != actor.id and not actor.is_owner:
            raise Forbidden("auth.forbidden")
        row.revoked_at = utcnow()
        session.add(row)
        audit.record(session, actor=actor.username, entity="api_token", entity_id=row.id, action="revoke")


def token_principal(db: Database, token: str) -> Principal | None:
    if not token.startswith(TOKEN_PREFIX):
        return None
    with db.read() as session:
        row = session.exec(select(ApiToken).where(ApiToken.token_hash == _token_hash(token),
                                                  ApiToken.revoked_at == None)).first()  # noqa: E711
        if row is None:
            return None
        user = session.get(User, row.user_id)
        if user is None or not user.is_active:
            return None
        return _principal(user)
