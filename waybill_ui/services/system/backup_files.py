"""The settings page's backup download: a consistent copy of the live database (services/system/backup,
the same as `waybill-ui backup`) kept in the data folder's backups/ and offered as a download.
Owner only: a backup holds every order, address and phone number of the shop."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TYPE_CHECKING

from waybill_ui.config import Settings
from waybill_ui.clock import SHANGHAI, utcnow
from waybill_ui.services.system import backup
from waybill_ui.services.accounts import users
from waybill_ui.services.common.errors import Invalid, NotFound

if TYPE_CHECKING:  # annotations only
    from waybill_ui.services.accounts.users import Principal

log = logging.getLogger(__name__)
NAME = re.compile(r"^waybill-backup-\d{8}-\d{6}(-\d+)?\.(db|pgdump)$")
KEEP_LISTED = 20


@dataclass
class BackupFile:
    name: str
    size_bytes: int
    created_at: datetime

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "size_bytes": self.size_bytes, "created_at": self.created_at.isoformat()}


def _describe(path: Path) -> BackupFile:
    stat = path.stat()
    return BackupFile(path.name, stat.st_size, datetime.fromtimestamp(stat.st_mtime, timezone.utc))


def make_backup(settings: Settings, *, principal: Principal) -> BackupFile:
    """Copy the database now (writers keep going; the copy is a snapshot) into backups/."""
    users.require_owner(principal)
    db_path = settings.db_path
    postgres = db_path is None
    if postgres and not settings.db_url.startswith(("postgresql", "postgres:")):
        raise Invalid("backup.not_sqlite")
    ext = "pgdump" if postgres else "db"  # pg_dump's custom format (services/system/backup_pg.py)
    stamp = utcnow().astimezone(SHANGHAI).strftime("%Y%m%d-%H%M%S")
    folder = settings.backups_dir
    folder.mkdir(parents=True, exist_ok=True)
    name, n = f"waybill-backup-{stamp}.{ext}", 1
    while (folder / name).exists():  # two clicks in one second
        n += 1
        name = f"waybill-backup-{stamp}-{n}.{ext}"
    if postgres:
        from waybill_ui.services.system import backup_pg

        path = backup_pg.dump(settings.db_url, folder / name)
    else:
        assert db_path is not None  # not postgres: the SQLite file
        path = backup.backup(db_path, folder / name)
    log.info("backup %s made by %s", path.name, principal.username)
    return _describe(path)


def list_backups(settings: Settings) -> list[BackupFile]:
    folder = settings.backups_dir
    if not folder.is_dir():
        return []
    found = [_describe(p) for p in folder.iterdir() if p.is_file() and NAME.match(p.name)]
    return sorted(found, key=lambda b: (b.created_at, b.name), reverse=True)[:KEEP_LISTED]


def backup_path(settings: Settings, *, name: str, principal: Principal) -> Path:
    """The file of a backup made here; only names this module makes, only inside backups/."""
    users.require_owner(principal)
    path = settings.backups_dir / name
    if not NAME.match(name) or not path.is_file():
        raise NotFound("backup.not_found", name=name)
    return path
