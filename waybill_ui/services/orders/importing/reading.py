"""From the uploaded bytes to rows of cells with named columns.

Marketplace exports come as GBK CSV (we decode GB18030, its superset), sometimes UTF-8 with a BOM,
UTF-16 "Unicode text" after a trip through Excel, or XLSX; headers carry trailing spaces and
differ between marketplaces and export versions, so a plug-in (formats/) recognises the header row
and names the columns (docs/order-import.md).
Rows are streamed: a 100,000-order file is never held as parsed rows in memory.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO, Any, TypeVar

from waybill_ui.services.common.errors import Invalid
from waybill_ui.services.orders.importing import formats
from waybill_ui.services.orders.importing.formats import Format, header_name
from collections.abc import Iterable

# header row → the plug-in that reads it (None: not a header row we know)
Chooser = Callable[[list[str]], Format | None]
T = TypeVar("T")

Source = bytes | Path  # an upload in memory, or streamed to a file
_BINARY_HINTS = (b"\x00", b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\xd0\xcf\x11\xe0")


@dataclass
class Table:
    """The located header and a stream of data rows (row number as the seller sees it, cells)."""

    columns: dict[str, int]  # concept -> column index
    headers: list[str]
    rows: Iterator[tuple[int, list[Any]]]
    encoding: str
    format: Format = formats.BY_KEY["taobao"]
    source: Iterator[list[Any]] | None = None  # the raw rows under `rows`, to let go of the file early

    def close(self) -> None:
        """Done with the rows before their end (the file is parsed elsewhere, worker.py)."""
        close = getattr(self.source, "close", None)
        if close is not None:
            close()


def _filled(cells: list[str], above: list[str] | None) -> list[str]:
    """A header row under a row of merged group titles: a cell left empty here (its name merged
    down from the row above) takes the name above it."""
    if not above:
        return list(cells)
    return [c if header_name(c) or i >= len(above) else above[i] for i, c in enumerate(cells)]


def _locate(rows: Iterator[list[str]], encoding: str, choose: Chooser) -> Table:
    """The header is the first row (of the first ten) a plug-in recognises; when the row under it
    names more columns (a two-row header: groups above, names below), that one."""
    above: list[str] | None = None
    for number, cells in enumerate(rows, start=1):
        headers = _filled(cells, above)
        fmt = choose(headers)
        if fmt is not None:
            following = next(rows, None)
            start = number + 1
            if following is not None:
                below = _filled(following, headers)
                better = choose(below)
                if better is not None and len(better.header_columns(below)) > len(fmt.header_columns(headers)):
                    fmt, headers, following, start = better, below, None, number + 2
            data = enumerate(_chain([following] if following is not None else [], rows), start=start)
            return Table(fmt.header_columns(headers), [header_name(c) for c in headers], data, encoding, fmt, rows)
        above = cells
        if number >= 10:
            break
    raise Invalid("import.no_header")


def detect_encoding(head: bytes, data: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    # The header row alone is Chinese, and GBK-encoded Chinese is practically never valid UTF-8,
    # so the first 64 KB decide (without building a string of the whole file).
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data[:65536], final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"


def _csv_rows(data: Source, on_bytes: Callable[[int], None] | None) -> tuple[Iterator[list[str]], str]:
    raw: BinaryIO = open(data, "rb") if isinstance(data, Path) else io.BytesIO(data)  # noqa: SIM115 (closed below)
    sample = raw.read(65536)
    raw.seek(0)
    encoding = detect_encoding(sample[:4], sample)
    text = io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline="")
    first = text.readline()
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    text.seek(0)
    reader = csv.reader(text, delimiter=delimiter)

    def rows() -> Iterator[list[str]]:
        try:
            for count, row in enumerate(reader):
                if on_bytes and count % 2000 == 0:
                    on_bytes(raw.tell())
                yield row
        except UnicodeDecodeError as exc:
            raise Invalid("import.bad_encoding") from exc
        except csv.Error as exc:
            raise Invalid("import.bad_csv", error=str(exc)) from exc
        finally:
            raw.close()

    return rows(), encoding


def _xlsx_rows(data: Source, choose: Chooser) -> tuple[Iterator[list[str]], str]:
    from openpyxl import load_workbook  # only when an XLSX arrives

    try:
        book = load_workbook(data if isinstance(data, Path) else io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken zip/xml
        raise Invalid("import.bad_xlsx") from exc
    # 千牛 workbooks have several sheets (订单报表 / 销售明细 / 发货报表): prefer the order report
    sheets = sorted(book.worksheets, key=lambda s: 0 if "订单" in s.title else 1)
    for sheet in sheets:
        # read-only mode trusts the sheet's declared size (<dimension ref="A1:B3">), which some
        # exporters write wrong: rows and columns past it would be dropped without a word
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True)
        head = [_strings(r) for r in _take(rows, 11)]
        if any(choose(_filled(r, head[i - 1] if i else None)) for i, r in enumerate(head[:10])):
            return _chain(head, (_strings(r) for r in rows)), "xlsx"
    if not sheets:
        raise Invalid("import.no_header")
    first = sheets[0]  # no sheet we know: the first one, for the column-mapping step
    return (_strings(r) for r in first.iter_rows(values_only=True)), "xlsx"


def _take(rows: Iterator[T], count: int) -> list[T]:
    out: list[T] = []
    for _ in range(count):
        row = next(rows, None)
        if row is None:
            break
        out.append(row)
    return out


def _xlsx_cell(value: object) -> str:
    """Cells as the CSV would have them, so one row parser serves both."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        # an integer cell (no decimal point in the file) holds every digit: exact
        return str(value)
    if isinstance(value, float):
        # Excel keeps 15 significant digits: a longer number stored as a double (an order id typed
        # as a number) is already damaged; show it the way Excel does so the row is refused.
        if abs(value) >= 1e15:
            return f"{value:.14E}"
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _strings(row: Iterable[object]) -> list[str]:
    return [_xlsx_cell(v) for v in row]


def _chain(first: list[list[str]], rest: Iterator[list[str]]) -> Iterator[list[str]]:
    yield from first
    yield from rest


def _head(data: Source, size: int = 8192) -> bytes:
    if isinstance(data, Path):
        with open(data, "rb") as file:
            return file.read(size)
    return data[:size]


def source_size(data: Source) -> int:
    return data.stat().st_size if isinstance(data, Path) else len(data)


def _default_choose(cells: list[str]) -> Format | None:
    return formats.detect(cells)


def _raw_rows(
    data: Source, filename: str, on_bytes: Callable[[int], None] | None, choose: Chooser
) -> tuple[Iterator[list[str]], str]:
    head = _head(data)
    if not head or not head.strip():
        raise Invalid("import.empty_file")
    if head[:4] == b"PK\x03\x04":
        return _xlsx_rows(data, choose)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        pass  # UTF-16 text has NUL bytes by nature
    elif any(hint in head for hint in _BINARY_HINTS) or filename.lower().endswith((".xls", ".numbers")):
        raise Invalid("import.not_a_table", filename=filename or "?")
    return _csv_rows(data, on_bytes)


def header_candidates(data: Source, *, filename: str = "") -> list[str]:
    """The column names of a layout no plug-in knows, for the mapping step: of the first ten rows,
    the one naming the most columns (a merged group row above fills its gaps)."""
    rows, _ = _raw_rows(data, filename, None, lambda cells: None)
    best: list[str] = []
    above: list[str] | None = None
    for number, cells in enumerate(rows, start=1):
        names = [header_name(c) for c in _filled(cells, above)]
        named = [n for n in names if n]
        if len(named) > len([n for n in best if n]):
            best = names
        above = cells
        if number >= 10:
            break
    if hasattr(rows, "close"):
        rows.close()
    return list(dict.fromkeys(n for n in best if n))


def open_table(
    data: Source, *, filename: str = "", on_bytes: Callable[[int], None] | None = None, choose: Chooser | None = None
) -> Table:
    """`data`: the file's bytes, or the path of an upload streamed to disk (a 200 MB export is
    then never held in memory). `choose` recognises the header row (default: the plug-ins)."""
    choose = choose or _default_choose
    rows, encoding = _raw_rows(data, filename, on_bytes, choose)
    return _locate(rows, encoding, choose)
