"""Files people open in Excel or WPS: CSV as UTF-8 with a BOM (so Chinese shows right when
double-clicked), and no cell that a spreadsheet would run as a formula (CSV/formula injection:
imported text such as a buyer's message is data, never code)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    """Would a spreadsheet evaluate this text (=, +, -, @, tab or CR in front)?"""
    return text.startswith(FORMULA_STARTS)


def safe_cell(value: object) -> str:
    """A cell a spreadsheet shows as text, never evaluates. Real numbers (int, float, Decimal —
    e.g. a refund of -12.50) stay numbers; any text that could start a formula gets a quote."""
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    return "'" + text if is_formula_like(text) else text


def csv_bytes(header: Iterable[object] | None, rows: Iterable[Iterable[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if header is not None:
        writer.writerow([safe_cell(h) for h in header])
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
