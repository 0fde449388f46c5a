"""Shared fixtures. Every test gets its own data dir (database, secrets, sandbox store).

With `WAYBILL_TEST_DATABASE_URL` set to a PostgreSQL server, every test gets its own fresh
PostgreSQL database instead of the SQLite file in its data dir (see tests/pg_support.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests import pg_support
from waybill_ui.config import Settings, load_settings
from waybill_ui.db import Database, open_database

OWNER = ("owner", "owner-pass-123")
STAFF = ("staff1", "staff-pass-123")


ON_POSTGRES = pg_support.server_url() is not None


def pytest_collection_modifyitems(config, items) -> None:
    """`sqlite_only` tests check SQLite itself (its file, its pragmas); `postgres_only` ones need a
    PostgreSQL server (several app processes on one database)."""
    for item in items:
        if ON_POSTGRES and item.get_closest_marker("sqlite_only"):
            item.add_marker(pytest.mark.skip(reason="checks SQLite itself; this run is on PostgreSQL"))
        if not ON_POSTGRES and item.get_closest_marker("postgres_only"):
            item.add_marker(pytest.mark.skip(reason=f"needs a PostgreSQL server in {pg_support.ENV} (CI runs it)"))


def pytest_sessionfinish(session, exitstatus) -> None:
    if ON_POSTGRES:
        pg_support.drop_template()


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point WAYBILL_* at a fresh folder; the app started by `user`/`screen` (main.py) reads it.
    On a PostgreSQL test run, also at a fresh database of its own."""
    for key in list(os.environ):
        if key.startswith("WAYBILL_") and key != pg_support.ENV:
            monkeypatch.delenv(key)
    path = tmp_path / "data"
    monkeypatch.setenv("WAYBILL_DATA_DIR", str(path))
    monkeypatch.setenv("WAYBILL_JOBS_ENABLED", "false")
    monkeypatch.setenv("WAYBILL_HTTP_RETRIES", "1")
    if not ON_POSTGRES:
        yield path
        return
    url = pg_support.fresh_database()
    monkeypatch.setenv("WAYBILL_DATABASE_URL", url)
    try:
        yield path
    finally:
        pg_support.drop_database(url)


@pytest.fixture(autouse=True)
def quick_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Production argon2 costs ~0.2 s per hash on a busy 2-core machine, longer than the simulated
    user's default wait; tests use cheap parameters (the hash format and checks are the same)."""
    from argon2 import PasswordHasher

    from waybill_ui.services.accounts import users

    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def settings(data_dir: Path) -> Settings:
    return load_settings()


@pytest.fixture
def db(settings: Settings):
    database = open_database(settings.db_url)
    yield database
    database.dispose()


@pytest.fixture
def empty_db(tmp_path: Path) -> Database:
    """A database with no schema yet (for migration tests): a new file, or a new empty PostgreSQL
    database on a PostgreSQL test run."""
    if not ON_POSTGRES:
        database = Database(f"sqlite:///{tmp_path / 'empty.db'}")
        yield database
        database.dispose()
        return
    url = pg_support.fresh_database(migrated=False)
    database = Database(url)
    yield database
    database.dispose()
    pg_support.drop_database(url)


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 at production cost (64 MB, 3 passes) makes each login take up to a second on a busy
    2-core CI machine, longer than the page tests wait. Tests check behaviour, not hash strength."""
    from argon2 import PasswordHasher

    from waybill_ui.services.accounts import users

    fast = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(users, "_hasher", fast)
    monkeypatch.setattr(users, "_DUMMY_HASH", fast.hash("not-a-real-password"))


@pytest.fixture
def published():
    """Every change notice (waybill_ui/events.py) published during the test, in order."""
    from waybill_ui import events

    with events.recorded() as seen:
        yield seen
