"""Schema migrations (Alembic), applied automatically at start so an upgrade keeps the data.

New migration during development:
    python -m waybill_ui.db.migrate revision "what changed"
"""

from __future__ import annotations

import sys
from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))  # configparser syntax
    return cfg


def upgrade(db, revision: str = "head") -> None:
    cfg = alembic_config(db.url)
    with db._write_lock, db.engine.connect() as connection:
        if db.is_postgres:
            # Several app processes may start at once: one migrates, the others wait and find
            # nothing left to do (PostgreSQL runs DDL inside the transaction).
            from sqlalchemy import text

            from waybill_ui.db.engine import MIGRATE_LOCK_KEY

            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATE_LOCK_KEY})
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)
        connection.commit()


def current_revision(db) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


if __name__ == "__main__":  # developer helper: autogenerate a migration against a scratch DB
    import tempfile

    from waybill_ui.db.engine import Database

    if len(sys.argv) < 3 or sys.argv[1] != "revision":
        raise SystemExit('usage: python -m waybill_ui.db.migrate revision "message"')
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Database(f"sqlite:///{tmp}/scratch.db")
        upgrade(scratch)
        cfg = alembic_config(scratch.url)
        command.revision(cfg, message=sys.argv[2], autogenerate=True)
