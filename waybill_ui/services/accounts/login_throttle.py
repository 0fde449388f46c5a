"""Login throttling per (client address, username), with growing waits.

Why not lock the account: anyone on the shop's LAN could then lock the owner out by typing
wrong passwords. A wait here binds only the address that typed them, for that username; the
owner at their own laptop is not slowed by a guesser at another machine. Unknown usernames are
throttled exactly like known ones, so the answers do not reveal which names exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, delete, select, col

from waybill_ui.db import Database
from waybill_ui.db.models import LoginThrottle
from waybill_ui.clock import utcnow

FREE_FAILURES = 3
FIRST_WAIT = timedelta(seconds=5)
LONGEST_WAIT = timedelta(minutes=15)
FORGET_AFTER = timedelta(hours=24)


@dataclass(frozen=True)
class Blocked:
    address: str
    username: str
    failures: int
    blocked_until: datetime


def wait_after(failures: int) -> timedelta:
    """0 for the first FREE_FAILURES wrong passwords, then 5 s, 10 s, 20 s … up to 15 minutes."""
    if failures < FREE_FAILURES:
        return timedelta(0)
    return min(FIRST_WAIT * int(2 ** min(failures - FREE_FAILURES, 16)), LONGEST_WAIT)


def _key(username: str) -> str:
    return username.strip().lower()[:64]


def seconds_to_wait(session: Session, *, address: str, username: str, now: datetime) -> int:
    row = session.exec(
        select(LoginThrottle).where(LoginThrottle.address == address[:64], LoginThrottle.username == _key(username))
    ).first()
    if row is None or row.blocked_until is None or row.blocked_until <= now:
        return 0
    return max(1, int((row.blocked_until - now).total_seconds() + 0.999))


def record_failure(session: Session, *, address: str, username: str, now: datetime) -> int:
    """Count a wrong password; returns the seconds the next try from there has to wait."""
    row = session.exec(
        select(LoginThrottle).where(LoginThrottle.address == address[:64], LoginThrottle.username == _key(username))
    ).first()
    if row is None:
        row = LoginThrottle(address=address[:64], username=_key(username), failures=0, last_failure_at=now)
    elif row.last_failure_at + FORGET_AFTER < now:
        row.failures = 0
    row.failures += 1
    row.last_failure_at = now
    wait = wait_after(row.failures)
    row.blocked_until = now + wait if wait else None
    session.add(row)
    return int(wait.total_seconds())


def clear(session: Session, *, username: str, address: str | None = None) -> int:
    """Forget the wrong passwords for a username (from one address, or from all)."""
    query = delete(LoginThrottle).where(col(LoginThrottle.username) == _key(username))
    if address is not None:
        query = query.where(col(LoginThrottle.address) == address[:64])
    return session.exec(query).rowcount or 0


def list_blocked(db: Database, *, now: datetime | None = None) -> list[Blocked]:
    now = now or utcnow()
    with db.read() as session:
        rows = session.exec(
            select(LoginThrottle)
            .where(col(LoginThrottle.blocked_until) > now)
            .order_by(LoginThrottle.username, LoginThrottle.address)
        ).all()
        return [
            Blocked(r.address, r.username, r.failures, r.blocked_until) for r in rows if r.blocked_until is not None
        ]  # all of them: the query asks for a time after now
