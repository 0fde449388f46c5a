"""Reading a carrier's or outlet's monthly bill (运费账单): CSV in any of the encodings the
order import knows, or XLSX; columns found by header name — the remembered mapping for the
carrier first, then common names. Values are turned into grams and fen here, once."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from waybill_ui.services.common.errors import Invalid
from waybill_ui.services.orders.importing.reading import _csv_rows, _strings

FIELDS = ("number", "billed_on", "destination", "weight", "fee", "surcharge")
REQUIRED = ("number", "fee")
SYNONYMS: dict[str, tuple[str, ...]] = {
    "number": ("运单号", "运单编号", "快递单号", "单号", "面单号", "物流单号", "waybill", "number"),
    "billed_on": ("日期", "寄件日期", "发件日期", "揽收日期", "业务日期", "揽收时间", "date"),
    "destination": ("目的地", "目的省份", "到达省份", "收件省份", "省份", "destination"),
    "weight": ("计费重量", "计费重量(kg)", "重量(kg)", "重量（kg）", "重量", "结算重量", "weight"),
    "fee": ("运费", "快递费", "运费(元)", "费用", "金额", "应付金额", "fee"),
    "surcharge": ("附加费", "增值费", "其他费用", "surcharge"),
}
MAX_ROWS = 500_000


@dataclass
class BillLine:
    row_no: int
    number: str
    billed_on: str
    destination: str
    weight_g: int | None
    fee_fen: int
    surcharge_fen: int


@dataclass
class BillRows:
    headers: list[str]
    columns: dict[str, int]  # field -> column index
    lines: list[BillLine] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (row, reason)


def _rows(data: bytes) -> Iterator[list[str]]:
    if not data or not data.strip():
        raise Invalid("freight.empty_file")
    if data[:4] == b"PK\x03\x04":
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # a broken zip/xml comes in many kinds
            raise Invalid("freight.bad_file") from exc
        return (_strings(r) for r in book.worksheets[0].iter_rows(values_only=True))
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Invalid("freight.bad_file")
    rows, _ = _csv_rows(data, None)
    return rows


def _clean(cell: object) -> str:
    return str(cell or "").strip().strip("\ufeff").strip()


def _match(headers: list[str], mapping: dict[str, str] | None) -> dict[str, int]:
    names = [_clean(h) for h in headers]
    found: dict[str, int] = {}
    for name in FIELDS:
        wanted = (mapping or {}).get(name)
        if wanted and wanted in names:
            found[name] = names.index(wanted)
            continue
        for synonym in SYNONYMS[name]:
            if synonym in names and names.index(synonym) not in found.values():
                found[name] = names.index(synonym)
                break
    return found


def headers_of(data: bytes) -> list[str]:
    """The first non-empty row: what the mapping dialog offers."""
    for cells in _rows(data):
        if any(_clean(c) for c in cells):
            return [_clean(c) for c in cells]
    raise Invalid("freight.empty_file")


def _fen(text: str) -> int:
    value = Decimal(text.replace(",", "").replace("¥", "").replace("￥", "").replace("元", "").strip() or "0")
    return int((value * 100).to_integral_value())


def _grams(text: str, header: str) -> int | None:
    text = text.replace(",", "").lower().replace("kg", "").replace("公斤", "").replace("千克", "").strip()
    if not text:
        return None
    value = Decimal(text)
    grams_header = ("(g)" in header.lower() or "克" in header) and "千克" not in header
    return int(value if grams_header else (value * 1000).to_integral_value())


def read_bill(data: bytes, *, mapping: dict[str, str] | None = None) -> BillRows:
    rows = iter(_rows(data))
    for cells in rows:
        if any(_clean(c) for c in cells):
            headers = [_clean(c) for c in cells]
            break
    else:
        raise Invalid("freight.empty_file")
    columns = _match(headers, mapping)
    missing = [f for f in REQUIRED if f not in columns]
    if missing:
        raise Invalid("freight.need_mapping", fields="、".join(missing), code="need_mapping")
    out = BillRows(headers=headers, columns=columns)
    col = columns.get
    weight_header = headers[columns["weight"]] if "weight" in columns else ""
    for row_no, cells in enumerate(rows, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(out.lines) >= MAX_ROWS:
            raise Invalid("freight.too_many_rows", limit=MAX_ROWS)

        def get(name: str, cells: list[str] = cells) -> str:
            at = col(name)
            return cells[at].strip() if at is not None and at < len(cells) else ""

        number = get("number").lstrip("'").replace(" ", "")
        if not number or len(number) > 40:
            out.rejected.append((row_no, "number"))
            continue
        try:
            fee, extra = _fen(get("fee")), _fen(get("surcharge"))
            weight = _grams(get("weight"), weight_header)
        except (InvalidOperation, ValueError):
            out.rejected.append((row_no, "value"))
            continue
        out.lines.append(BillLine(row_no, number, get("billed_on")[:20], get("destination")[:60], weight, fee, extra))
    return out
