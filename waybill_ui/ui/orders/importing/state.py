"""What the 导入订单 dialog knows, as typed state instead of dict cells: the file received (kept
on disk until it is imported or the dialog closes) and the columns the seller mapped."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from waybill_ui.services.common import uploads


@dataclass
class ImportState:
    limit_mb: int
    path: Path | None = None  # the uploaded file on disk
    name: str = ""  # its name as the seller's computer gave it (the format is guessed from it)
    mapping: dict[str, str] = field(default_factory=dict)  # field → column, from the mapping step

    @property
    def has_file(self) -> bool:
        return self.path is not None

    @property
    def chosen_mapping(self) -> dict[str, str] | None:
        """The mapping step's answer; None: a plug-in's layout or the shop's saved mapping."""
        return dict(self.mapping) or None

    def receive(self, path: Path, name: str) -> None:
        self.path, self.name = path, name

    def drop_file(self) -> None:
        """Deletes the file on disk (a second file replaces the first; closing keeps nothing)."""
        path, self.path = self.path, None
        uploads.remove(path)

    def file(self) -> tuple[Path, str]:
        """The file to read; the dialog only offers reading or importing once one is received."""
        if self.path is None:
            raise LookupError("no file received")
        return self.path, self.name
