"""号段/单号导入: numbers got from a carrier outlet — a pasted or uploaded list, or a range (start +
count) — checked row by row, previewed, then committed all at once.

Each row is checked against the carrier's format (with its check digit where it has one),
against the rows before it, and against every number the shop ever had. Refused rows say why;
the good rows go in together in one transaction, or none do.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, insert, select
from sqlmodel import Session, col
from typing import Any

from waybill_ui.carriers import codes, formats
from waybill_ui.db import Database
from waybill_ui.db.models import Waybill
from waybill_ui.db.bulk import driver_of
from waybill_ui.clock import SHANGHAI, utcnow
from waybill_ui.services.market import catalogue
from waybill_ui.services.pool import history as pool_audit
from waybill_ui.services.pool import watch as pool_watch
from waybill_ui.services.pool.allocation import _ts
from waybill_ui.services.common.errors import Invalid
from waybill_ui.events import PoolChanged, publish
from waybill_ui.services.pool.known import known_numbers
from waybill_ui.texts import tr

MAX_NUMBERS = 100_000  # one import; a bigger list is split by the seller
_SPLIT = re.compile(r"[\r\n,，;；、|\t]+")
_SHORT = 8  # a piece shorter than any waybill number is part of a number someone typed with spaces


@dataclass
class Rejected:
    row: int  # 1-based position in the input
    raw: str
    number: str
    text_key: str
    params: dict[str, Any] = field(default_factory=dict)

    def reason(self, lang: str | None = "zh") -> str:
        return tr(self.text_key, lang, **self.params)


@dataclass
class ImportCheck:
    carrier: str
    total: int
    accepted: list[str]
    rejected: list[Rejected]


# --- reading what the seller gave ------------------------------------------------------------


def split_numbers(text: str) -> list[str]:
    """Numbers from pasted text: one or many per line, separated by commas, semicolons, tabs… or
    spaces. A number written in groups ("yt 9000 0000 0099 9") is one number: when a piece between
    spaces is too short to be a number, the pieces are joined. Cells without a digit (a heading
    such as 单号) are dropped."""
    out: list[str] = []
    for chunk in _SPLIT.split(text or ""):
        pieces = chunk.split()
        if not pieces:
            continue
        if len(pieces) > 1 and any(len(p) < _SHORT for p in pieces):
            pieces = ["".join(pieces)]
        out += [p for p in pieces if any(ch.isdigit() for ch in p)]
    return out


def read_upload(data: bytes, *, filename: str = "", limit_mb: int = 20) -> list[str]:
    """Numbers from an uploaded .txt/.csv (UTF-8 or GBK) or .xlsx file."""
    if len(data) > limit_mb * 1024 * 1024:
        raise Invalid("pool.import.too_large", limit=limit_mb)
    if data[:4] == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm")):
        return _read_xlsx(data)
    if b"\x00" in data[:4096]:
        raise Invalid("pool.import.not_text")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return split_numbers(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise Invalid("pool.import.not_text")


def _read_xlsx(data: bytes) -> list[str]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise Invalid("pool.import.bad_xlsx") from None
    out: list[str] = []
    try:
        for row in book.worksheets[0].iter_rows(values_only=True):
            for cell in row:
                if isinstance(cell, float) and cell.is_integer():
                    cell = int(cell)  # Excel keeps long digit strings typed as numbers as floats
                if cell is not None:
                    out += split_numbers(str(cell))
    finally:
        book.close()
    return out


def expiry_end_of_day(day: date | datetime | str | None) -> datetime | None:
    """An expiry date the seller picks means the end of that day in Shanghai time."""
    if day is None or day == "":
        return None
    if isinstance(day, str):
        try:
            day = datetime.fromisoformat(day.strip())
        except ValueError:
            raise Invalid("pool.import.bad_expiry", value=day) from None
    if isinstance(day, datetime):
        if day.tzinfo is not None:
            return day
        day = day.date()
    return datetime.combine(day, time(23, 59, 59), SHANGHAI)


# --- checking and committing -----------------------------------------------------------------


def _inputs(numbers: list[str] | None, start: str | None, count: int | None) -> list[str]:
    if start:
        if not count or count < 1:
            raise Invalid("number.range_count")
        if count > MAX_NUMBERS:
            raise Invalid("pool.import.too_many", limit=MAX_NUMBERS)
        try:
            return formats.number_range(start, count)
        except formats.RangeError as exc:
            raise Invalid(exc.key) from None
    numbers = [n for n in (numbers or []) if n and str(n).strip()]
    if not numbers:
        raise Invalid("pool.import.nothing")
    if len(numbers) > MAX_NUMBERS:
        raise Invalid("pool.import.too_many", limit=MAX_NUMBERS)
    return [str(n) for n in numbers]


def check_in(session: Session, *, carrier: str, raw: list[str]) -> ImportCheck:
    if carrier not in codes.CARRIERS:
        raise Invalid("number.unknown_carrier")
    accepted: list[str] = []
    rejected: list[Rejected] = []
    first_row: dict[str, int] = {}
    candidates: list[tuple[int, str, str]] = []
    for row, value in enumerate(raw, start=1):
        number, problem = formats.validate(carrier, value)
        if problem:
            rejected.append(Rejected(row, value, number, problem))
        elif number in first_row:
            rejected.append(Rejected(row, value, number, "pool.import.dup_in_input", {"row": first_row[number]}))
        else:
            first_row[number] = row
            candidates.append((row, value, number))
    known = known_numbers(session, [n for _, _, n in candidates], carrier=carrier)
    for row, value, number in candidates:
        if number in known:
            where = known[number][0]
            rejected.append(Rejected(row, value, number, where.text_key, where.params))
        else:
            accepted.append(number)
    rejected.sort(key=lambda r: r.row)
    return ImportCheck(carrier=carrier, total=len(raw), accepted=accepted, rejected=rejected)


def check_expiry(expires_at: datetime | None, now: datetime) -> None:
    """The one check of the chosen expiry, for the preview and the import alike."""
    if expires_at is not None and expires_at <= now:
        raise Invalid("pool.import.expiry_past")


def preview_import(
    db: Database,
    *,
    carrier: str,
    numbers: list[str] | None = None,
    start: str | None = None,
    count: int | None = None,
    expires_at: datetime | None = None,
) -> ImportCheck:
    """What an import would do, without doing it: the same checks as the import."""
    raw = _inputs(numbers, start, count)
    check_expiry(expires_at, utcnow())
    with db.read() as session:
        return check_in(session, carrier=carrier, raw=raw)


def commit_import(
    db: Database,
    *,
    carrier: str,
    numbers: list[str] | None = None,
    start: str | None = None,
    count: int | None = None,
    expires_at: datetime | None = None,
    note: str = "",
    strict: bool = False,
    actor: str,
) -> ImportCheck:
    """Check again and put every good number in the pool in one transaction. With `strict`,
    any refused row stops the whole import. Returns what was accepted and refused."""
    raw = _inputs(numbers, start, count)
    now = utcnow()
    check_expiry(expires_at, now)
    with db.write() as session:
        result = check_in(session, carrier=carrier, raw=raw)
        if strict and result.rejected:
            raise Invalid("pool.import.strict_refused", count=len(result.rejected))
        if not result.accepted:
            return result
        catalogue.ensure_carrier(session, carrier, source="local", active=True)
        ids = _insert(session, carrier=carrier, numbers=result.accepted, expires_at=expires_at, now=now)
        details = {"note": note[:200]} if note else {}
        pool_audit.record_numbers(
            session,
            ((carrier, n, ids.get(n)) for n in result.accepted),
            action="import",
            from_status="",
            to_status="available",
            actor=actor,
            reason="outlet_import",
            details=details,
        )
        pool_watch.check_stock_in(session, now=now, actor=actor, only=[carrier])
    publish(PoolChanged(reason="imported", counts={carrier: len(result.accepted)}))
    return result


def _insert(
    session: Session, *, carrier: str, numbers: list[str], expires_at: datetime | None, now: datetime
) -> dict[str, int]:
    """Insert the new numbers; returns number -> waybill id. On SQLite straight through the
    driver's executemany (an import is up to 100,000 rows), in the ORM's storage format."""
    before = session.execute(select(func.coalesce(func.max(Waybill.id), 0))).scalar_one()
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        stamp = _ts(now)
        expiry = _ts(expires_at) if expires_at else None
        driver_of(connection).executemany(
            "INSERT INTO waybill (carrier_code, number, status, origin, cost_fen, expires_at, created_at, updated_at) "
            "VALUES (?, ?, 'available', 'imported', 0, ?, ?, ?)",
            ((carrier, n, expiry, stamp, stamp) for n in numbers),
        )
    else:
        session.execute(
            insert(Waybill),
            [
                {
                    "carrier_code": carrier,
                    "number": n,
                    "status": "available",
                    "origin": "imported",
                    "cost_fen": 0,
                    "expires_at": expires_at,
                    "created_at": now,
                    "updated_at": now,
                }
                for n in numbers
            ],
        )
    return dict(
        session.execute(
            select(col(Waybill.number), col(Waybill.id)).where(
                col(Waybill.id) > before, col(Waybill.carrier_code) == carrier
            )
        ).all()
    )


def default_expiry(days: int) -> datetime:
    return datetime.combine((utcnow().astimezone(SHANGHAI) + timedelta(days=days)).date(), time(23, 59, 59), SHANGHAI)
