"""Shared fixtures. Every test gets its own data dir (database, secrets, sandbox store).

With `WAYBILL_TEST_DATABASE_URL` set to a PostgreSQL server, every test gets its own fresh
PostgreSQL database instead of the SQLite file in its data dir (see tests/pg_support.py)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests import pg_support
from waybill_ui.config import Settings, load_settings
from waybill_ui.db import Database, open_database

OWNER = ("owner", "owner-pass-123")
STAFF = ("staff1", "staff-pass-123")


ON_POSTGRES = pg_support.server_url() is not None


def pytest_xdist_make_scheduler(config, log):
    """The README runs the suite with `-n 2 --dist loadgroup`: the browser tests (tests/browser/,
    each module marked `xdist_group("screen")`) run on one worker, one after the other — two
    Chromiums and two app servers at once would crowd a 2-core machine — and every other test
    goes to whichever worker is free. pytest-xdist's own loadgroup relies on renaming the tests
    in the workers, which pytest 9 no longer lets it do, so the grouping is made here."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class BrowserTestsTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return "screen" if nodeid.startswith("tests/browser/") else nodeid

    return BrowserTestsTogether(config, log)


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


_sqlite_template: Path | None = None


def sqlite_template(factory: pytest.TempPathFactory) -> Path:
    """A database file migrated to the newest schema, once per test process: each test starts
    from a copy (opening it finds nothing to migrate), as PostgreSQL runs copy a template
    database (tests/pg_support.py). Migrating from scratch costs a second or more per test."""
    global _sqlite_template
    if _sqlite_template is None:
        path = factory.mktemp("schema") / "waybill.db"
        open_database(f"sqlite:///{path}").dispose()
        _sqlite_template = path
    return _sqlite_template


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Point WAYBILL_* at a fresh folder; the app started by `user`/`screen` (main.py) reads it.
    It holds a fresh database with the newest schema (a copy of `sqlite_template`); on a
    PostgreSQL test run, the test gets a fresh database of its own instead."""
    for key in list(os.environ):
        if key.startswith("WAYBILL_") and key != pg_support.ENV:
            monkeypatch.delenv(key)
    path = tmp_path / "data"
    monkeypatch.setenv("WAYBILL_DATA_DIR", str(path))
    monkeypatch.setenv("WAYBILL_JOBS_ENABLED", "false")
    monkeypatch.setenv("WAYBILL_HTTP_RETRIES", "1")
    if not ON_POSTGRES:
        path.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(sqlite_template(tmp_path_factory), path / "waybill.db")
        os.chmod(path / "waybill.db", 0o600)
        yield path
        return
    url = pg_support.fresh_database()
    monkeypatch.setenv("WAYBILL_DATABASE_URL", url)
    try:
        yield path
    finally:
        pg_support.drop_database(url)


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


class ShopClock:
    """The app's clock (waybill_ui/clock.py) during a test: real time plus the jumps the test
    makes, so simulated days pass on the embedded network without the test sleeping."""

    def __init__(self) -> None:
        from datetime import timedelta

        self.ahead = timedelta(0)

    def __call__(self):
        from datetime import datetime, timezone

        return datetime.now(timezone.utc) + self.ahead

    def jump(self, **delta: float) -> None:
        from datetime import timedelta

        self.ahead += timedelta(**delta)


@pytest.fixture
def shop_clock():
    from waybill_ui import clock

    moving = ShopClock()
    before = clock.use(moving)
    yield moving
    clock.use(before)
