"""Uploads go to disk, not memory: a large shop's order export is 200 MB and more. The file lives
in the data folder's uploads/ (private to the app's user) only while it is being read."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from waybill_ui.services.orders.importing import check_size

CHUNK = 1024 * 1024


def new_path(folder: Path, filename: str) -> Path:
    """A fresh file name in `folder` that keeps the upload's extension (the readers look at it)."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    suffix = Path(filename or "").suffix.lower()[:8]
    return folder / f"{secrets.token_hex(12)}{suffix if suffix.isascii() else ''}"


def save_stream(stream: BinaryIO | Iterable[bytes], *, folder: Path, filename: str, limit_mb: int) -> Path:
    """Copy an upload to a new file chunk by chunk; over the limit → the clear 413 and no file left."""
    path = new_path(folder, filename)
    written = 0
    chunks = iter(lambda: stream.read(CHUNK), b"") if hasattr(stream, "read") else stream
    try:
        with open(path, "xb") as out:
            for chunk in chunks:
                written += len(chunk)
                check_size(written, limit_mb)
                out.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def remove(path: Path | None) -> None:
    if path is not None:
        path.unlink(missing_ok=True)
