"""Backups of the database (owner only): make one now, list them, download one."""

from __future__ import annotations


from fastapi.responses import FileResponse

from waybill_ui import runtime
from waybill_ui.api.deps import Owner
from waybill_ui.services.system import backup_files
from waybill_ui.api.router import api_router
from typing import Any

router = api_router(tags=["settings"])


@router.post("/backups", status_code=201)
def make_backup(owner: Owner) -> dict[str, Any]:
    """A consistent copy of the live database in the data folder's backups/ → `{"name", "size_bytes", "created_at"}`."""
    return backup_files.make_backup(runtime.get().settings, principal=owner).as_dict()


@router.get("/backups")
def list_backups(owner: Owner) -> list[dict[str, Any]]:
    return [b.as_dict() for b in backup_files.list_backups(runtime.get().settings)]


@router.get("/backups/{name}")
def download_backup(name: str, owner: Owner) -> FileResponse:
    path = backup_files.backup_path(runtime.get().settings, name=name, principal=owner)
    return FileResponse(path, media_type="application/vnd.sqlite3", filename=path.name)
