"""Browser sessions kept in the database, so every app process sees the same ones.

A login goes in two steps: the login page (which talks over the websocket and cannot set a
cookie) makes a session row carrying a one-time ticket; the browser then opens
``/login/complete?ticket=…`` over plain HTTP, and that answer sets the cookie with a key drawn
at that moment. So the session key is new at every login (no fixation), lives only in an
HttpOnly cookie and is stored here only as a SHA-256 hash.

A session ends at logout, at its expiry, and for every session of a user when their password is
reset or changed, their role changes or they are deactivated (``end_everything_for_user``, which
also ends their API tokens). Whoever ends sessions calls ``announce`` after the commit so the
web layer can drop the open pages of those sessions at once (see waybill_ui/security.py).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select, update, col

from waybill_ui.events import SessionsEnded, publish
from waybill_ui.db import Database
from waybill_ui.db.models import ApiToken, User, UserSession
from waybill_ui.db.rows import row_id, stored_ids
from waybill_ui.clock import utcnow
from waybill_ui.services.accounts import audit

COOKIE = "waybill_session"
TICKET_TTL = timedelta(seconds=60)
DEFAULT_HOURS = 168


@dataclass(frozen=True)
class LiveSession:
    id: int
    user_id: int


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def begin_login(
    db: Database,
    *,
    user_id: int,
    browser_id: str | None,
    address: str = "",
    user_agent: str = "",
    now: datetime | None = None,
) -> str:
    """After a right password: a one-time ticket (60 s) that the same browser trades for the cookie."""
    now = now or utcnow()
    ticket = secrets.token_urlsafe(32)
    with db.write() as session:
        session.add(
            UserSession(
                user_id=user_id,
                ticket_hash=digest(ticket),
                ticket_expires_at=now + TICKET_TTL,
                browser_id=browser_id,
                address=address[:64],
                user_agent=user_agent[:200],
                created_at=now,
            )
        )
    return ticket


def complete_login(
    db: Database, *, ticket: str, browser_id: str | None, hours: int = DEFAULT_HOURS, now: datetime | None = None
) -> tuple[str, int] | None:
    """Trade a ticket for a fresh session key; None when the ticket is unknown, used, late or
    presented by another browser."""
    now = now or utcnow()
    key = secrets.token_urlsafe(32)
    with db.write() as session:
        row = session.exec(select(UserSession).where(UserSession.ticket_hash == digest(ticket))).first()
        if row is None or row.activated_at is not None or row.ended_at is not None:
            return None
        row.ticket_hash = None  # one use, whatever the outcome
        usable = (
            row.ticket_expires_at is not None
            and row.ticket_expires_at > now
            and (row.browser_id is None or row.browser_id == browser_id)
        )
        user = session.get(User, row.user_id)
        if not usable or user is None or not user.is_active:
            row.ended_at, row.end_reason = now, "ticket_refused"
            session.add(row)
            return None
        row.key_hash = digest(key)
        row.activated_at = now
        row.expires_at = now + timedelta(hours=hours)
        user.last_login_at = now
        session.add_all([row, user])
        audit.record(
            session,
            actor=user.username,
            entity="session",
            entity_id=row.id,
            action="login",
            details={"address": row.address},
        )
        return key, row_id(row)


def lookup(db: Database, key: str, *, now: datetime | None = None) -> tuple[User, int] | None:
    """The active user behind a session key, with the session's id."""
    if not key:
        return None
    now = now or utcnow()
    with db.read() as session:
        row = session.exec(select(UserSession).where(UserSession.key_hash == digest(key))).first()
        if row is None or row.ended_at is not None or row.expires_at is None or row.expires_at <= now:
            return None
        user = session.get(User, row.user_id)
        if user is None or not user.is_active:
            return None
        return user, row_id(row)


def still_live(db: Database, session_ids: Iterable[int], *, now: datetime | None = None) -> set[int]:
    """Which of these sessions may still act (one query for many open pages)."""
    ids = set(session_ids)
    if not ids:
        return set()
    now = now or utcnow()
    with db.read() as session:
        rows = session.exec(
            select(col(UserSession.id), col(UserSession.expires_at), col(User.is_active))
            .join(User, col(User.id) == col(UserSession.user_id))
            .where(col(UserSession.id).in_(ids), UserSession.ended_at == None)  # noqa: E711
        ).all()  # noqa: E711
        return {
            sid
            for sid, expires_at, active in rows
            if sid is not None and active and expires_at is not None and expires_at > now
        }


def end(db: Database, *, session_id: int, reason: str, actor: str, now: datetime | None = None) -> None:
    now = now or utcnow()
    with db.write() as session:
        row = session.get(UserSession, session_id)
        if row is None or row.ended_at is not None:
            return
        row.ended_at, row.end_reason = now, reason
        session.add(row)
        audit.record(session, actor=actor, entity="session", entity_id=row.id, action="end", reason=reason)
    announce([session_id])


def end_everything_for_user(session: Session, *, user_id: int, reason: str, now: datetime | None = None) -> list[int]:
    """Inside the caller's transaction: end the user's sessions and API tokens. Returns the
    session ids to ``announce`` once the transaction has committed."""
    now = now or utcnow()
    ids = stored_ids(
        session.exec(
            select(col(UserSession.id)).where(col(UserSession.user_id) == user_id, col(UserSession.ended_at) == None)  # noqa: E711
        )
    )  # noqa: E711
    if ids:
        session.exec(
            update(UserSession)
            .where(col(UserSession.id).in_(ids))
            .values(ended_at=now, end_reason=reason, ticket_hash=None)
        )
    session.exec(
        update(ApiToken)
        .where(col(ApiToken.user_id) == user_id, col(ApiToken.revoked_at) == None)  # noqa: E711
        .values(revoked_at=now, end_reason=reason)
    )
    return ids


def list_live(db: Database, *, user_id: int | None = None, now: datetime | None = None) -> list[UserSession]:
    now = now or utcnow()
    with db.read() as session:
        query = (
            select(UserSession)
            .where(
                UserSession.ended_at == None,  # noqa: E711
                UserSession.activated_at != None,  # noqa: E711
                col(UserSession.expires_at) > now,
            )
            .order_by(col(UserSession.id))
        )
        if user_id is not None:
            query = query.where(UserSession.user_id == user_id)
        return list(session.exec(query))


def announce(session_ids: list[int]) -> None:
    """After the commit: the web layer drops those sessions' open pages (waybill_ui/socket_guard.py)."""
    if session_ids:
        publish(SessionsEnded(ids=tuple(session_ids)))
