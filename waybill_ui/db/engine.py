"""The database handle: one engine, and one writer at a time on either backend.

Every service function takes a `Database` and opens exactly one transaction with
`db.write()` (state changes) or `db.read()` (queries).

SQLite (the default): WAL, foreign keys, and `BEGIN IMMEDIATE` for writers, so a writer holds the
file's write lock from its first statement. PostgreSQL (psycopg 3): a writer first takes a
transaction-scoped advisory lock, so writers of all app processes on the database queue exactly
as SQLite's do, and every service keeps the "nobody writes between my read and my write"
guarantee it was written for; readers never wait. See docs/scaling.md.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

from typing import Any
from waybill_ui import events

BUSY_TIMEOUT_MS = 30_000
# pg_advisory_xact_lock keys (any bigint; ours spell "WAYB" + a purpose number)
WRITE_LOCK_KEY = 0x57415942_0001
MIGRATE_LOCK_KEY = 0x57415942_0002


def normalize_url(url: str) -> str:
    """`postgresql://…` (what PostgreSQL's own tools print) means the psycopg 3 driver here."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record) -> None:
        # We issue BEGIN ourselves (below) so that writers can take the lock up front.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        # IMMEDIATE takes the write lock at BEGIN: a writer never fails half-way with
        # "database is locked" after having read a stale snapshot (other processes, e.g. the CLI).
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


class NotUtf8Database(RuntimeError):
    """A PostgreSQL database made with another encoding (SQL_ASCII, when the server was set up
    without a locale): psycopg then hands text back as bytes, and Chinese text cannot be stored
    reliably. Said at the first connection, in plain words, instead of a TypeError deep inside."""


def _configure_postgres(engine: Engine) -> None:
    from waybill_ui.db.dialect import qmark_to_format

    # before SQLAlchemy's own first look at the server, which fails on bytes (insert=True)
    @event.listens_for(engine, "first_connect", insert=True)
    def _utf8_only(dbapi_connection: Any, _record: Any) -> None:
        encoding = dbapi_connection.info.parameter_status("server_encoding")
        if encoding != "UTF8":
            name = dbapi_connection.info.dbname
            raise NotUtf8Database(
                f"数据库「{name}」的编码是 {encoding}，不是 UTF8，无法保存中文。请新建一个 UTF8 数据库再启动："
                f"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0; "
                f"(database {name!r} uses the {encoding} encoding; create it with ENCODING 'UTF8' and start again)"
            )

    @event.listens_for(engine, "before_cursor_execute", retval=True)
    def _placeholders(conn, cursor, statement, parameters, context, executemany):
        # Only SQL given straight to the driver (no compiled statement) uses `?`.
        if context is None or context.compiled is None:
            return qmark_to_format(statement, parameters)
        return statement, parameters


class Database:
    def __init__(self, url: str, *, echo: bool = False):
        self.url = url = normalize_url(url)
        self.dialect = make_url(url).get_backend_name()
        self.is_sqlite = self.dialect == "sqlite"
        self.is_postgres = self.dialect == "postgresql"
        connect_args: dict[str, Any]
        if self.is_sqlite:
            connect_args = {"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}
        else:  # stored times are UTC without a zone, as on SQLite; no JIT: the long lists' page
            # queries carry large cost estimates (a LIMIT over a million rows) that made PostgreSQL
            # compile them, 20–50 ms each, for a few milliseconds of work (docs/scaling.md)
            connect_args = {"options": "-c timezone=UTC -c jit=off"} if self.is_postgres else {}
        self.engine = create_engine(
            url, echo=echo, connect_args=connect_args, pool_size=10, max_overflow=20, pool_pre_ping=not self.is_sqlite
        )
        if self.is_sqlite:
            _configure_sqlite(self.engine)
        elif self.is_postgres:
            _configure_postgres(self.engine)
        # SQLite allows one writer; queueing writers here is cheaper and fairer than busy-waiting.
        self._write_lock = threading.RLock()

    @property
    def path(self) -> Path | None:
        if self.url.startswith("sqlite:///"):
            return Path(self.url.removeprefix("sqlite:///"))
        return None

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back on any error."""
        with self._write_lock, Session(self.engine, expire_on_commit=False) as session:
            if self.is_sqlite:
                session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            elif self.is_postgres:
                session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                events.discard(session)
                raise
        events.after_commit(session)  # told only once the change is durable, and outside the write lock

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(url: str, *, migrate: bool = True) -> Database:
    """Open the database and bring its schema to the newest version."""
    url = normalize_url(url)
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    db = Database(url)
    if migrate:
        from waybill_ui.db.migrate import upgrade

        upgrade(db)
    return db
