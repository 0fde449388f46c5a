"""Fresh PostgreSQL databases for tests, when `WAYBILL_TEST_DATABASE_URL` names a server.

The URL points at any database on a server the tests may create databases on (CI starts a
private one with .ci/postgres.sh). Once per test run the schema is migrated into a template
database; each test then gets its own copy (`CREATE DATABASE … TEMPLATE`, a file copy that is
much faster than running the migrations again) and the copy is dropped afterwards.
"""

from __future__ import annotations

import itertools
import os

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from waybill_ui.db.engine import normalize_url

ENV = "WAYBILL_TEST_DATABASE_URL"
_counter = itertools.count(1)
_template: str | None = None


def server_url() -> str | None:
    url = os.environ.get(ENV, "").strip()
    return normalize_url(url) if url else None


def _admin():
    return create_engine(server_url(), isolation_level="AUTOCOMMIT", poolclass=None)


def url_of(name: str) -> str:
    return make_url(server_url()).set(database=name).render_as_string(hide_password=False)


def _execute(*statements: str) -> None:
    engine = _admin()
    try:
        with engine.connect() as conn:
            for statement in statements:
                conn.execute(text(statement))
    finally:
        engine.dispose()


def _prefix() -> str:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return f"wbt_{os.getpid()}{worker}"


def template() -> str:
    """The migrated template of this test run (built on first use)."""
    global _template
    if _template is None:
        from waybill_ui.db import open_database

        name = f"{_prefix()}_tmpl"
        _execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
        open_database(url_of(name)).dispose()
        _template = name
    return _template


def fresh_database(*, migrated: bool = True) -> str:
    """A new database (a copy of the migrated template, or empty); returns its URL."""
    name = f"{_prefix()}_{next(_counter)}"
    source = template() if migrated else "template0"
    _execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
    return url_of(name)


def drop_database(url: str) -> None:
    name = make_url(url).database
    _execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def drop_template() -> None:
    global _template
    if _template is not None:
        _execute(f'DROP DATABASE IF EXISTS "{_template}" WITH (FORCE)')
        _template = None
