"""Which app process runs the scheduled jobs.

Several app processes may share one PostgreSQL database (docs/scaling.md). Each starts the
scheduler, but a job run only does its work in the leader: the process that holds a
session-level PostgreSQL advisory lock on a connection of its own. The server drops the lock
the moment that connection goes away (the process exits, is killed, or loses the network), and
every follower tries to take it every `CHECK_S` seconds, so the jobs move to another process
within that time. The jobs are safe to run twice anyway (conditional updates, unique keys), so
a short overlap while a lost connection is noticed costs provider calls, never data.

SQLite: one app process per database file. `claim_file` takes an exclusive lock on a file next
to the database; a second process pointed at the same file says so at start and runs no jobs.
"""

from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path

from sqlalchemy import Connection, text

from waybill_ui.db import Database

log = logging.getLogger(__name__)
LEADER_LOCK_KEY = 0x57415942_0003  # "WAYB" + 3, next to the write and migrate locks (db/engine.py)
CHECK_S = 15

SECOND_PROCESS_WARNING = (
    "Another app process is already using the SQLite database {path}. SQLite serves one app process: "
    "this one runs no scheduled jobs. Stop it, or move to PostgreSQL to run several (docs/scaling.md). "
    "/ 另一个进程正在使用同一个 SQLite 数据库文件；SQLite 只支持一个应用进程，本进程不运行定时任务。"
    "如需多个进程请改用 PostgreSQL（见 docs/scaling.md）。"
)


def claim_file(db: Database):
    """For SQLite: an open lock file held by this process, or None when another process holds it
    (after logging and printing the warning). Nothing to do for other databases."""
    if db.path is None:
        return None
    lock_path = Path(f"{db.path}.lock")
    handle = open(lock_path, "a+")  # noqa: SIM115 - held open for the life of the app
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        message = SECOND_PROCESS_WARNING.format(path=db.path)
        log.warning(message)
        print(f"\n  {message}\n", flush=True)
        return None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return handle


class Leader:
    def __init__(self, db: Database, *, file_claimed: bool = True):
        self.db = db
        self._file_claimed = file_claimed
        self._connection: Connection | None = None  # holds the PostgreSQL advisory lock while leading
        self.leading = not db.is_postgres and file_claimed

    def check(self) -> bool:
        """Keep or try to take the leadership; returns whether this process leads now (blocking:
        call from a worker thread)."""
        if not self.db.is_postgres:
            return self.leading
        if self._connection is not None:
            try:
                self._connection.execute(text("SELECT 1"))
                self._connection.commit()
                return True
            except Exception:  # the connection died with the lock: a follower may lead now
                log.warning("lost the scheduler leadership (database connection lost)")
                self._drop()
        try:
            connection = self.db.engine.connect()
            got = connection.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": LEADER_LOCK_KEY}).scalar()
            connection.commit()
        except Exception:
            log.exception("could not ask for the scheduler leadership; trying again in %d s", CHECK_S)
            return False
        if got:
            self._connection = connection
            self.leading = True
            log.info("this process (pid %d) now runs the scheduled jobs", os.getpid())
        else:
            connection.close()
        return bool(got)

    def _drop(self) -> None:
        self.leading = False
        if self._connection is not None:
            try:
                self._connection.invalidate()
            except Exception:
                pass
            self._connection = None

    def release(self) -> None:
        if self._connection is not None:
            try:
                self._connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": LEADER_LOCK_KEY})
                self._connection.commit()
                self._connection.close()
            except Exception:
                pass
            self._connection = None
        self.leading = False
