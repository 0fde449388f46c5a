"""From the uploaded bytes to rows of cells with named columns.

Taobao's 订单报表 comes as GBK CSV (we decode GB18030, its superset), sometimes UTF-8 with a BOM,
UTF-16 "Unicode text" after a trip through Excel, or XLSX; headers carry trailing spaces and
differ between export versions, so columns are found by name with synonyms (reference §4).
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
from typing import BinaryIO, Any

from waybill_ui.services.common.errors import Invalid
from collections.abc import Iterable

# concept -> header names that mean it (after strip), best first
SYNONYMS: dict[str, tuple[str, ...]] = {
    "order_no": ("订单编号", "主订单编号", "订单号", "订单ID", "订单id"),
    "sub_order_no": ("子订单编号",),
    "buyer_nick": ("买家会员名", "买家昵称", "买家账号", "买家"),
    "paid": ("买家实际支付金额", "买家实付金额", "实付金额", "实付款"),
    "total": ("总金额", "买家应付货款", "订单金额"),
    "postage": ("买家应付邮费", "邮费", "运费"),
    "status": ("订单状态", "交易状态"),
    "buyer_message": ("买家留言", "买家备注"),
    "receiver": ("收货人姓名", "收件人姓名", "收货人", "收件人"),
    "address": ("收货地址", "收件地址", "收货人地址"),
    "province": ("收货省份", "省份", "省"),
    "city": ("收货市", "收货城市", "城市", "市"),
    "district": ("收货区", "收货区县", "区县", "区"),
    "town": ("收货镇", "收货街道", "街道"),
    "detail": ("详细地址",),
    "postcode": ("邮编", "邮政编码"),
    "landline": ("联系电话", "固定电话"),
    "mobile": ("联系手机", "收货人手机号", "收件人手机", "手机号", "手机", "收货人电话"),
    "ordered_at": ("订单创建时间", "创建时间", "下单时间"),
    "paid_at": ("订单付款时间", "付款时间"),
    "title": ("宝贝标题", "商品标题", "标题", "商品名称"),
    "quantity": ("宝贝总数量", "购买数量", "数量", "商品数量"),
    "waybill": ("物流单号", "运单号", "快递单号"),
    "carrier": ("物流公司", "快递公司"),
    "seller_memo": ("订单备注", "商家备注", "卖家备注"),
    "weight": ("重量(克)", "重量（克）", "重量(g)", "重量"),
    # the item of a row (宝贝明细, filled into order_item): 商家编码 is the seller's own code
    "sku": ("商家编码", "外部系统编号", "商品编码"),
    "spec": ("商品属性", "销售属性", "颜色分类"),
}
_HEADER_OF = {name: concept for concept, names in SYNONYMS.items() for name in names}
Source = bytes | Path  # an upload in memory, or streamed to a file
_BINARY_HINTS = (b"\x00", b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\xd0\xcf\x11\xe0")


@dataclass
class Table:
    """The located header and a stream of data rows (row number as the seller sees it, cells)."""

    columns: dict[str, int]  # concept -> column index
    headers: list[str]
    rows: Iterator[tuple[int, list[Any]]]
    encoding: str


def _header_columns(cells: list[Any]) -> dict[str, int]:
    found: dict[str, int] = {}
    rank: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = str(cell or "").strip().strip("\ufeff").strip()
        concept = _HEADER_OF.get(name)
        if concept is None:
            continue
        position = SYNONYMS[concept].index(name)
        if concept not in found or position < rank[concept]:
            found[concept], rank[concept] = index, position
    return found


def _locate(rows: Iterator[list[Any]], encoding: str) -> Table:
    """The header is the first row (of the first ten) naming an order-id column."""
    for number, cells in enumerate(rows, start=1):
        columns = _header_columns(cells)
        if "order_no" in columns or "sub_order_no" in columns:
            headers = [str(c or "").strip() for c in cells]
            data = ((n, r) for n, r in enumerate(rows, start=number + 1))
            return Table(columns, headers, data, encoding)
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


def _csv_rows(data: Source, on_bytes: Callable[[int], None] | None) -> tuple[Iterator[list[Any]], str]:
    raw: BinaryIO = open(data, "rb") if isinstance(data, Path) else io.BytesIO(data)  # noqa: SIM115 (closed below)
    sample = raw.read(65536)
    raw.seek(0)
    encoding = detect_encoding(sample[:4], sample)
    text = io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline="")
    first = text.readline()
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    text.seek(0)
    reader = csv.reader(text, delimiter=delimiter)

    def rows() -> Iterator[list[Any]]:
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


def _xlsx_rows(data: Source) -> tuple[Iterator[list[Any]], str]:
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
        head = []
        for _ in range(10):
            row = next(rows, None)
            if row is None:
                break
            head.append(list(row))
            if "order_no" in _header_columns(list(row)):
                break
        if head and "order_no" in _header_columns(head[-1]):
            return _chain([_strings(r) for r in head], (_strings(r) for r in rows)), "xlsx"
    raise Invalid("import.no_header")


def _xlsx_cell(value: object) -> str:
    """Cells as the CSV would have them, so one row parser serves both."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        # Excel keeps 15 significant digits: a longer number (an order id typed as a number) is
        # already damaged; show it the way Excel does so the row is refused as mangled.
        return f"{value:.14E}" if abs(value) >= 10**15 else str(value)
    if isinstance(value, float):
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


def _chain(first: list[list[Any]], rest: Iterator[list[Any]]) -> Iterator[list[Any]]:
    yield from first
    yield from rest


def _head(data: Source, size: int = 8192) -> bytes:
    if isinstance(data, Path):
        with open(data, "rb") as file:
            return file.read(size)
    return data[:size]


def source_size(data: Source) -> int:
    return data.stat().st_size if isinstance(data, Path) else len(data)


def open_table(data: Source, *, filename: str = "", on_bytes: Callable[[int], None] | None = None) -> Table:
    """`data`: the file's bytes, or the path of an upload streamed to disk (a 200 MB export is
    then never held in memory)."""
    head = _head(data)
    if not head or not head.strip():
        raise Invalid("import.empty_file")
    if head[:4] == b"PK\x03\x04":
        rows, encoding = _xlsx_rows(data)
        return _locate(rows, encoding)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        pass  # UTF-16 text has NUL bytes by nature
    elif any(hint in head for hint in _BINARY_HINTS) or filename.lower().endswith((".xls", ".numbers")):
        raise Invalid("import.not_a_table", filename=filename or "?")
    rows, encoding = _csv_rows(data, on_bytes)
    return _locate(rows, encoding)
