"""Files of the shop (database and its -wal/-shm, backups, uploads, labels, the sandbox store,
page storage, secrets) readable by the account that runs the app only: 0600 files, 0700 folders.

Two halves: the process umask 077, so everything created from now on is private whoever creates
it (SQLite gives -wal/-shm the mode of the database file); and one pass at start over what an
older version left world-readable.
"""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_UMASK = 0o077
FILE_MODE = 0o600
DIR_MODE = 0o700


def _tighten(path: Path, mode: int) -> None:
    try:
        if path.is_symlink():
            return  # never follow a link out of the data folder
        if path.stat().st_mode & 0o777 & ~mode:
            os.chmod(path, mode)
    except OSError:  # not ours or gone meanwhile: leave it, the app still works
        pass


def make_private(data_dir: Path, db_path: Path | None = None) -> None:
    if os.name != "posix":
        return
    os.umask(PRIVATE_UMASK)
    _tighten(data_dir, DIR_MODE)
    for root, dirs, files in os.walk(data_dir):
        for name in dirs:
            _tighten(Path(root) / name, DIR_MODE)
        for name in files:
            _tighten(Path(root) / name, FILE_MODE)
    if db_path is not None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            candidate = db_path.with_name(db_path.name + suffix)
            if candidate.exists():
                _tighten(candidate, FILE_MODE)
