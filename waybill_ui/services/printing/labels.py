"""Printing 面单: one PDF page per shipment, the print counted on the shipment.

`print_labels` is the one use case (pages, API and other areas call it): it checks the request,
counts the print on every shipment in one transaction (so the 补打 mark and the counter always
agree: services/printing/label_batch.py), then, outside the transaction, reads the labels a chunk
at a time and writes the PDF page by page to a file. Routing codes are fetched before, by
`label_routing.fill_routing` (provider I/O, async).
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import ColumnElement, and_, func
from sqlmodel import select, col

from typing import Any, BinaryIO
from waybill_ui.db import Database
from waybill_ui.db.models import Shipment
from waybill_ui.db.rows import stored_ids
from waybill_ui.clock import fmt_local, utcnow
from waybill_ui.services.printing import label_batch, label_pdf
from waybill_ui.services.settings import store as shop_settings
from waybill_ui.services.common.errors import Invalid, NotFound
from waybill_ui.services.printing.label_pdf import LabelData
from waybill_ui.services.settings.senders import default_in
from waybill_ui.services.accounts.users import Principal, require_owner

SIZES: dict[str, tuple[int, int]] = {"76x130": (76, 130), "100x180": (100, 180)}
DEFAULT_SIZE = "76x130"
MAX_LABELS = 10_000  # one PDF (bench/labels_10k.py: peak memory for 10,000 stays under 300 MB); more is split
# Privacy on by default: a label lies on a doorstep; the courier calls the number the platform gives.
OPTION_DEFAULTS = {"labels.size": DEFAULT_SIZE, "labels.mask_phone": True}
FILE_TTL_S = 6 * 3600  # generated PDFs kept for the browser tab, then swept
_TOKEN = re.compile(r"^[0-9a-f]{32}$")
SHOWN_PRINTED = 8  # the first labels of a print a result lists (the dialog shows them, then "and N more")
WRITE_BUFFER = 1 << 18


@dataclass
class LabelOptions:
    size: str
    mask_phone: bool


@dataclass
class PrintResult:
    """A label PDF made: its file (the caller serves, keeps or removes it) and what it holds."""

    path: Path
    count: int
    reprints: int
    size: str
    printed: list[tuple[str, str, str]] = field(
        default_factory=list
    )  # (order no, carrier, number): the first SHOWN_PRINTED

    @property
    def token(self) -> str:
        """The name /api/v1/labels/files/{token}.pdf serves it under (when made in files_folder)."""
        return self.path.stem

    @property
    def pdf(self) -> bytes:
        """The whole file in memory: for one or a few labels (a scan station, tests)."""
        return self.path.read_bytes()


# --- options -----------------------------------------------------------------------------------


def options(db: Database) -> LabelOptions:
    values = shop_settings.get_many(db, OPTION_DEFAULTS)
    size = values["labels.size"] if values["labels.size"] in SIZES else DEFAULT_SIZE
    return LabelOptions(size=size, mask_phone=bool(values["labels.mask_phone"]))


def save_options(db: Database, *, size: str, mask_phone: bool, actor: Principal) -> None:
    require_owner(actor)
    shop_settings.put(
        db, values={"labels.size": check_size(size), "labels.mask_phone": bool(mask_phone)}, actor=actor.username
    )


# --- request checks ----------------------------------------------------------------------------


def check_size(size: str | None) -> str:
    value = (size or DEFAULT_SIZE).strip().lower().replace("×", "x").replace("*", "x")
    if value not in SIZES:
        raise Invalid("labels.bad_size", size=size, sizes=", ".join(SIZES))
    return value


def parse_ids(value: str | Iterable[int | str]) -> list[int]:
    """Shipment ids from "1,2,3" (commas, spaces or new lines) or a list; duplicates dropped,
    order kept (it is the page order)."""
    parts = re.split(r"[\s,，;；]+", value) if isinstance(value, str) else list(value)
    ids: list[int] = []
    seen: set[int] = set()
    for part in parts:
        text = str(part).strip()
        if not text:
            continue
        if not text.isdigit() or len(text) > 12:
            raise Invalid("labels.bad_ids", value=text[:20])
        number = int(text)
        if number not in seen:
            seen.add(number)
            ids.append(number)
    if not ids:
        raise Invalid("labels.none_selected")
    if len(ids) > MAX_LABELS:
        raise Invalid("labels.too_many", code="too_many_labels", limit=MAX_LABELS, count=len(ids))
    return ids


def take_for_print(
    db: Database, *, shipment_ids: list[int], actor: str, size: str, now: datetime | None = None
) -> list[LabelData]:
    """Count one print on each shipment (one transaction, an audit row each) and return what
    their labels show; a shipment printed before gets the 补打 mark. A list: for printer jobs
    (services/printing/queue.py); the PDF reads them a chunk at a time instead (`print_labels`)."""
    counted = label_batch.count_prints(db, shipment_ids=shipment_ids, actor=actor, size=size, now=now)
    return list(label_batch.labels_of(db, counted))


def print_labels(
    db: Database,
    *,
    shipment_ids: str | Iterable[int],
    actor: str,
    size: str | None = None,
    mask_phone: bool | None = None,
    progress: Callable[[int, int], None] | None = None,
    now: datetime | None = None,
    folder: Path | None = None,
) -> PrintResult:
    """The PDF of the shipments' labels, one page each in the order given, written to a new file
    in `folder` (the system's temporary folder if None; old files there are swept). Streamed:
    rows are read and pages drawn and written a chunk at a time, so memory does not grow with
    the count (docs/printing.md). Blocking (CPU): pages call it with run.io_bound, the API from a
    worker thread."""
    ids = parse_ids(shipment_ids)
    chosen = options(db)
    size = check_size(size or chosen.size)
    mask = chosen.mask_phone if mask_phone is None else mask_phone
    counted = label_batch.count_prints(db, shipment_ids=ids, actor=actor, size=size, now=now)
    printed: list[tuple[str, str, str]] = []

    def noted(labels: Iterator[LabelData]) -> Iterator[LabelData]:
        for label in labels:
            if len(printed) < SHOWN_PRINTED:
                printed.append((label.order_no, label.carrier_name, label.number))
            yield label

    with new_file(folder or default_folder()) as (out, path):
        pages = label_pdf.write(
            noted(label_batch.labels_of(db, counted)),
            out,
            total=len(ids),
            size_mm=SIZES[size],
            mask_phone=mask,
            progress=progress,
            title=f"面单 {len(ids)} 张",
        )
    return PrintResult(path=path, count=pages, reprints=counted.reprints, size=size, printed=printed)


# --- "not printed yet" -------------------------------------------------------------------------


def not_printed() -> ColumnElement[Any]:
    """A WHERE clause lists can add: live shipments whose label was never printed."""
    return and_(col(Shipment.printed_count) == 0, col(Shipment.cancelled_at).is_(None))


def unprinted_ids(db: Database, *, limit: int = 500, carrier: str | None = None) -> list[int]:
    """Oldest first: the parcels that have waited longest for their label."""
    with db.read() as session:
        query = (
            select(col(Shipment.id))
            .where(not_printed())
            .order_by(col(Shipment.shipped_at), col(Shipment.id))
            .limit(limit)
        )
        if carrier:
            query = query.where(col(Shipment.carrier_code) == carrier)
        return stored_ids(session.exec(query))


def count_unprinted(db: Database) -> int:
    with db.read() as session:
        return session.exec(select(func.count()).select_from(Shipment).where(not_printed())).one()


# --- generated files (opened in a browser tab) -------------------------------------------------


def files_folder(data_dir: Path) -> Path:
    return data_dir / "labels"


def default_folder() -> Path:
    return Path(tempfile.gettempdir()) / "waybill-labels"


def _sweep(folder: Path) -> None:
    cutoff = time.time() - FILE_TTL_S
    for old in [*folder.glob("*.pdf"), *folder.glob("*.part")]:  # .part: a print that died half-way
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:  # another print swept it first
            pass


@contextmanager
def new_file(folder: Path) -> Iterator[tuple[BinaryIO, Path]]:
    """A new {token}.pdf in the folder, written as {token}.part and renamed when the block ends
    without an error (removed if it fails: no half PDF is ever served). Old files are swept."""
    folder.mkdir(parents=True, exist_ok=True)
    _sweep(folder)
    token = secrets.token_hex(16)
    partial, path = folder / f"{token}.part", folder / f"{token}.pdf"
    try:
        with open(partial, "wb", buffering=WRITE_BUFFER) as out:
            yield out, path
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def save_file(folder: Path, pdf: bytes) -> str:
    """Keep a generated PDF for the browser to fetch; returns its token. Old files are swept."""
    with new_file(folder) as (out, path):
        out.write(pdf)
    return path.stem


def file_path(folder: Path, token: str) -> Path:
    path = folder / f"{token}.pdf"
    if not _TOKEN.match(token or "") or not path.is_file():
        raise NotFound("labels.file_gone")
    return path


def sample_label(db: Database) -> LabelData:
    """A label with made-up recipient data and the shop's default sender (layout checks, test prints)."""
    with db.read() as session:
        sender_name, sender_phone, sender_address = label_batch.sender_texts(default_in(session))
    return LabelData(
        shipment_id=0,
        carrier_name="中通快递（样张）",
        number="773000000000000",
        route_code="342-081-00 052",
        sort_name="342杭州",
        receiver_name="张三",
        phone="13800138000",
        address="浙江省 杭州市 西湖区 文三路 90 号 东部软件园 1 号楼 1208 室",
        sender_name=sender_name,
        sender_phone=sender_phone,
        sender_address=sender_address,
        order_no="3000000000000000000",
        items="纯棉T恤 白色 XL ×2；帆布包 ×1",
        buyer_note="请放快递柜",
        seller_memo="",
        printed_at=fmt_local(utcnow()),
        print_count=1,
    )


def sample_pdf(db: Database, *, size: str | None = None, mask_phone: bool | None = None) -> bytes:
    """The sample label as a PDF, to check the layout and the printer; nothing is counted."""
    chosen = options(db)
    size = check_size(size or chosen.size)
    return label_pdf.render(
        [sample_label(db)],
        size_mm=SIZES[size],
        mask_phone=chosen.mask_phone if mask_phone is None else mask_phone,
        title="面单样张",
    )
