"""Backups on PostgreSQL: PostgreSQL's own pg_dump / pg_restore, wrapped so that
`waybill-ui backup PATH` and `waybill-ui restore PATH` work the same on both backends.

The dump is pg_dump's custom format (compressed, restorable table by table); it is a consistent
snapshot while the app keeps writing. A restore replaces every table of the database
(`--clean --if-exists`) and then runs the migrations, so an older dump comes back at the
current schema. The client tools must be on PATH (Debian: postgresql-client; the Docker image
and .ci/run install them) and should be at least the server's major version.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

MAGIC = b"PGDMP"  # the first bytes of a custom-format dump


def libpq_url(url: str) -> str:
    """The SQLAlchemy URL as libpq understands it (no '+driver')."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise RuntimeError(f"{name} not found: install PostgreSQL's client tools (apt-get install postgresql-client)")
    return found


def dump(url: str, dest: Path) -> Path:
    dest = Path(dest)
    if dest.is_dir():
        dest = dest / "waybill-backup.pgdump"
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_suffix(dest.suffix + ".part")
    tmp.touch(mode=0o600)  # a backup holds buyers' addresses: private like the database
    os.chmod(tmp, 0o600)
    done = subprocess.run(
        [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(tmp), libpq_url(url)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        tmp.unlink(missing_ok=True)
        raise RuntimeError(f"pg_dump failed: {done.stderr.strip()[:500]}")
    os.replace(tmp, dest)
    return dest


def restore(src: Path, url: str) -> None:
    src = Path(src)
    if not src.is_file():
        raise FileNotFoundError(f"no backup file at {src}")
    with open(src, "rb") as f:
        if f.read(len(MAGIC)) != MAGIC:
            raise ValueError(f"{src} is not a PostgreSQL backup made by waybill-ui backup (pg_dump custom format)")
    done = subprocess.run(
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--dbname",
            libpq_url(url),
            str(src),
        ],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"pg_restore failed: {done.stderr.strip()[:500]}")
