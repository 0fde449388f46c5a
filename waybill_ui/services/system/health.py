"""What /healthz reports: the database answers a cheap query on the app's own tables at the
schema this code expects, and the scheduler runs when it should. Anything else is a reason."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import text
from typing import Any

from waybill_ui.db import Database


@lru_cache(maxsize=1)
def _expected_revision() -> str | None:
    from waybill_ui.db.migrate import head_revision

    return head_revision()


def database_problem(db: Database) -> str | None:
    try:
        with db.read() as session:
            revision = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
            session.execute(text('SELECT 1 FROM "user" LIMIT 1')).first()
    except Exception as exc:  # any failure is the answer, not a crash
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return f"database: {first_line[:200]}"
    expected = _expected_revision()
    if expected and revision != expected:
        return f"database: schema at {revision}, this version needs {expected}"
    return None


def scheduler_problem(*, wanted: bool, running: bool | None) -> str | None:
    if wanted and not running:
        return "scheduler: not running"
    return None


def report(
    db: Database | None, *, scheduler_wanted: bool, scheduler_running: bool | None
) -> tuple[bool, dict[str, Any]]:
    if db is None:
        return False, {
            "status": "error",
            "database": "not started",
            "scheduler": "not started",
            "reason": "the app is starting or stopping",
        }
    problems = [
        p for p in (database_problem(db), scheduler_problem(wanted=scheduler_wanted, running=scheduler_running)) if p
    ]
    body = {
        "status": "ok" if not problems else "error",
        "database": "ok" if not any(p.startswith("database") for p in problems) else "error",
        "scheduler": ("ok" if scheduler_running else "error") if scheduler_wanted else "off",
    }
    if problems:
        body["reason"] = "; ".join(problems)
    return not problems, body
