"""Shared fixtures. Every test gets its own data dir (database, secrets, sandbox store).

With `WAYBILL_TEST_DATABASE_URL` set to a PostgreSQL server, every test gets its own fresh
PostgreSQL database instead of the SQLite file in its data dir (see tests/pg_support.py)."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest


def _cache_bytecode_outside_the_tree() -> None:
    """With PYTHONDONTWRITEBYTECODE set (as on our CI machine) every Python process compiles
    every module it imports afresh: about 0.3 s of CPU per app start and 0.2 s per CLI command,
    and the suite starts the app and the CLI well over a hundred times. Cache the bytecode in a
    folder of its own outside the source tree instead (PYTHONPYCACHEPREFIX, honoured by this
    process, the xdist workers and every app process the tests start), so the tree stays clean
    and each module is compiled once. The code that runs is the same."""
    if not os.environ.get("PYTHONDONTWRITEBYTECODE"):
        return
    prefix = os.environ.get("PYTHONPYCACHEPREFIX") or str(
        Path(tempfile.gettempdir()) / f"waybill_ui-pycache-{os.getuid()}"
    )
    os.environ.pop("PYTHONDONTWRITEBYTECODE")
    os.environ["PYTHONPYCACHEPREFIX"] = prefix
    sys.dont_write_bytecode = False
    sys.pycache_prefix = prefix


_cache_bytecode_outside_the_tree()  # before the app's modules are imported below

from tests import pg_support  # noqa: E402
from waybill_ui.config import Settings, load_settings  # noqa: E402
from waybill_ui.db import Database, open_database  # noqa: E402

OWNER = ("owner", "owner-pass-123")
STAFF = ("staff1", "staff-pass-123")


ON_POSTGRES = pg_support.server_url() is not None


# The browser tests run in two lanes, one per xdist worker, each lane's files one after the other
# (each worker has its own Chromium and app server on a free port). The lanes are balanced by the
# files' measured times (docs/testing.md); a new browser file goes to the first lane.
SECOND_BROWSER_LANE = {
    "test_packing_station.py",
    "test_end_to_end.py",
    "test_xss.py",
    "test_shops_import.py",
    "test_orders_flow.py",
    "test_pool_browser.py",
    "test_tracking_flow.py",
    "test_ewaybill_browser.py",
    "test_labels.py",
    "test_market_checkout.py",
}


def xdist_unit(nodeid: str) -> str:
    """What one xdist worker runs as a unit: a browser lane, a whole module of tests/system (their
    module fixtures start a real app process and fill it, once), or else the single test."""
    path = nodeid.split("::", 1)[0]
    if path.startswith("tests/browser/"):
        return "browser-2" if path.rsplit("/", 1)[-1] in SECOND_BROWSER_LANE else "browser-1"
    if path.startswith("tests/system/"):
        return path
    return nodeid


# Handed out right after the first browser lane, before the second: so one worker starts with the
# first lane and the other with these long tests that mostly wait (the soak on its timeouts, the
# audit on its settle waits, a second `python -m waybill_ui` on its start), which leaves the CPU
# they do not use to the browser beside them instead of idling at the end of the run.
BESIDE_THE_FIRST_LANE = (
    "tests/system/test_fault_soak.py",
    "tests/security/test_audit.py",
    "tests/system/test_sqlite_second_process.py",
)


def _hand_out_order(nodeid: str) -> int:
    unit, path = xdist_unit(nodeid), nodeid.split("::", 1)[0]
    if unit == "browser-1":
        return 0
    if path in BESIDE_THE_FIRST_LANE:
        return 1 + BESIDE_THE_FIRST_LANE.index(path)
    if unit == "browser-2":
        return 10
    return 11 if path.startswith("tests/system/") else 12


def pytest_xdist_make_scheduler(config, log):
    """The README runs the suite with `-n 2 --dist loadgroup`; the units are made by `xdist_unit`
    and handed out in the order of the collection (`_hand_out_order`). A worker takes another unit
    when it has two tests or fewer left, so one worker starts with the first browser lane, the
    other with the tests beside it and then the second lane; the system modules follow, and the
    single tests fill the gaps. pytest-xdist's own loadgroup relies on renaming the tests in the
    workers, which pytest 9 no longer lets it do, so the grouping is made here."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    config.option.loadscopereorder = False  # the collection's order is the order wanted

    class Lanes(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return xdist_unit(nodeid)

    return Lanes(config, log)


def pytest_collection_modifyitems(config, items) -> None:
    """The order xdist hands the tests out in (`pytest_xdist_make_scheduler`); files keep their own
    order within. `sqlite_only` tests check SQLite itself (its file, its pragmas); `postgres_only`
    ones need a PostgreSQL server (several app processes on one database)."""
    items.sort(key=lambda item: _hand_out_order(item.nodeid))
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


@pytest.fixture
def other_db(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Database:
    """A second database with the newest schema beside `db`: the same work done two ways, compared."""
    if not ON_POSTGRES:
        path = tmp_path / "other.db"
        shutil.copyfile(sqlite_template(tmp_path_factory), path)
        database = open_database(f"sqlite:///{path}")
        yield database
        database.dispose()
        return
    url = pg_support.fresh_database()
    database = open_database(url)
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
async def user(user):
    """NiceGUI's simulated user, whose pages' send loops are told to stop before the app shuts
    down. On Python 3.11 the shutdown's cancel can be lost in a send loop's `wait_for` (the
    event it waits for arrives at the same moment), and NiceGUI then waits its full 2 s for the
    loop: eight page tests took 2 s longer each. A loop told to stop ends either way."""
    yield user
    from nicegui import Client

    for client in list(Client.instances.values()):
        client.outbox.stop()


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
