"""API tokens: made for a script or a scanner, shown once (only a hash is kept), valid for a
number of days, revoked by their owner or the shop owner, and turned back into the account that
made them on each API call (waybill_ui/security.py)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import col, select

from waybill_ui.clock import utcnow
from waybill_ui.db import Database
from waybill_ui.db.models import ApiToken, User
from waybill_ui.db.rows import row_id
from waybill_ui.services.accounts import audit
from waybill_ui.services.accounts.users import Principal, principal_of
from waybill_ui.services.common.errors import Forbidden, NotFound

DEFAULT_TOKEN_DAYS = 90
TOKEN_PREFIX = "wbt_"


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_api_token(
    db: Database,
    *,
    user_id: int,
    name: str,
    actor: str,
    valid_days: int = DEFAULT_TOKEN_DAYS,
    now: datetime | None = None,
) -> str:
    """Returns the token itself; only its hash is stored, so it is shown once."""
    now = now or utcnow()
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with db.write() as session:
        expires_at = now + timedelta(days=max(1, valid_days))
        row = ApiToken(
            user_id=user_id,
            name=name.strip()[:80] or "token",
            token_hash=_token_hash(token),
            prefix=token[:12],
            created_at=now,
            expires_at=expires_at,
        )
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor=actor,
            entity="api_token",
            entity_id=row.id,
            action="create",
            details={"user_id": user_id, "name": row.name, "expires_at": expires_at.isoformat()},
        )
    return token


def _expires_at(row: ApiToken) -> datetime:
    return row.expires_at or row.created_at + timedelta(days=DEFAULT_TOKEN_DAYS)


@dataclass(frozen=True)
class TokenRow:
    id: int
    user_id: int
    username: str
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None


def list_api_tokens(db: Database, *, user_id: int | None = None, now: datetime | None = None) -> list[TokenRow]:
    """Tokens that still work (not revoked, not expired), with their owner's name."""
    now = now or utcnow()
    with db.read() as session:
        query = (
            select(ApiToken, User.username)
            .join(User, col(User.id) == col(ApiToken.user_id))
            .where(ApiToken.revoked_at == None)  # noqa: E711
            .order_by(col(ApiToken.id))
        )  # noqa: E711
        if user_id is not None:
            query = query.where(ApiToken.user_id == user_id)
        return [
            TokenRow(
                row_id(row),
                row.user_id,
                username,
                row.name,
                row.prefix,
                row.created_at,
                _expires_at(row),
                row.last_used_at,
            )
            for row, username in session.exec(query)
            if _expires_at(row) > now
        ]


def revoke_api_token(db: Database, *, token_id: int, actor: Principal) -> None:
    """Owner: any token; staff: only their own."""
    with db.write() as session:
        row = session.get(ApiToken, token_id)
        if row is None:
            raise NotFound("token.invalid")
        if row.user_id != actor.id and not actor.is_owner:
            raise Forbidden("auth.forbidden")
        row.revoked_at = utcnow()
        row.end_reason = "revoked"
        session.add(row)
        audit.record(session, actor=actor.username, entity="api_token", entity_id=row.id, action="revoke")


def token_principal(db: Database, token: str, *, now: datetime | None = None) -> Principal | None:
    if not token.startswith(TOKEN_PREFIX):
        return None
    now = now or utcnow()
    with db.read() as session:
        row = session.exec(
            select(ApiToken).where(ApiToken.token_hash == _token_hash(token), ApiToken.revoked_at == None)  # noqa: E711
        ).first()  # noqa: E711
        if row is None or _expires_at(row) <= now:
            return None
        user = session.get(User, row.user_id)
        if user is None or not user.is_active:
            return None
        return principal_of(user)
