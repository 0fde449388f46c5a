"""Consistent copies of the database while the app runs (SQLite online backup), and putting one back."""

from __future__ import annotations

import fcntl
import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from collections.abc import Iterator

LOCK_FILE = "app.lock"


def backup(db_path: Path, dest: Path) -> Path:
    """Copy the live database page by page; writers keep going and the copy is a consistent snapshot."""
    dest = Path(dest)
    if dest.is_dir():
        dest = dest / "waybill-backup.db"
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_suffix(dest.suffix + ".part")
    source = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30)
    try:
        tmp.touch(mode=0o600)  # a backup holds buyers' addresses: private like the database (file_modes.py)
        os.chmod(tmp, 0o600)
        target = sqlite3.connect(tmp)
        try:
            source.backup(target, pages=1024)
            check = target.execute("PRAGMA integrity_check").fetchone()[0]
            if check != "ok":
                raise RuntimeError(f"backup failed its integrity check: {check}")
        finally:
            target.close()
    finally:
        source.close()
    os.replace(tmp, dest)
    return dest


def restore(src: Path, db_path: Path, *, data_dir: Path) -> None:
    """Put a backup back. Refused while the app is running (it holds the data dir's lock)."""
    src = Path(src)
    if not src.is_file():
        raise FileNotFoundError(f"no backup file at {src}")
    probe = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    try:
        check = probe.execute("PRAGMA integrity_check").fetchone()[0]
        tables = {row[0] for row in probe.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as exc:
        raise ValueError(f"{src} is not a waybill_ui backup ({exc})") from None
    finally:
        probe.close()
    if check != "ok" or "alembic_version" not in tables:
        raise ValueError(f"{src} is not a waybill_ui backup (integrity: {check})")
    with app_lock(data_dir, wait=False):
        source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
        target = sqlite3.connect(db_path)
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()


@contextmanager
def app_lock(data_dir: Path, *, wait: bool = False) -> Iterator[None]:
    """Held by the running app for its whole life; restore takes it so both cannot run at once."""
    path = Path(data_dir) / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise RuntimeError("the app is running on this data folder; stop it before restoring") from None
        yield
    finally:
        handle.close()
