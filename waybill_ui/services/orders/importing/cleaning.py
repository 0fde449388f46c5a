"""Cell values as the export writes them → our values (docs/carrier-formats.md §4.4 quirks).

Everything here runs once per cell of a 100,000-row file, so the common case takes the cheapest
path (C-level str methods, `datetime.fromisoformat`) and the odd formats fall back to a regex.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from typing import Any
from waybill_ui.db.models import OrderStatus

# Asia/Shanghai has had no daylight saving since 1991: a fixed offset is exact and much faster.
_CST = timezone(timedelta(hours=8))
_DATE = re.compile(r"^(\d{4})[/\-.年](\d{1,2})[/\-.月](\d{1,2})日?(?:[ T]+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?$")
_MANGLED = re.compile(r"^\d+(\.\d+)?[eE][+\-]?\d+$")
_ORDER_NO = re.compile(r"^[0-9A-Za-z_\-]{4,40}$")
_MOBILE = re.compile(r"^1\d{10}$")
_MASKED_MOBILE = re.compile(r"^1\d{2}\*{4}\d{4}([-转]\d{3,4})?$")  # a masked privacy number keeps its extension
_VIRTUAL_MOBILE = re.compile(r"^1\d{10}[-转]\d{3,4}$")  # platform virtual number with extension
_LANDLINE = re.compile(r"^(0\d{2,3}-?)?\d{7,8}(-\d{1,6})?$")
_PHONE_JUNK = str.maketrans("", "", " \t()（）")


class CellError(ValueError):
    """A cell that cannot be understood: carries the text key and its parameters."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key, self.params = key, params


def text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def order_no(value: object) -> str:
    """`="1234…"` (Excel text-formula form), `'1234…`, spaces → the digits; refuse Excel's
    scientific notation (`1.23E+18`: digits already lost)."""
    if isinstance(value, float):
        if not value.is_integer() or abs(value) >= 1e15:
            raise CellError("import.problem.mangled_id", value=repr(value))
        value = int(value)
    if isinstance(value, int):
        if value >= 10**15:  # Excel keeps 15 significant digits; a longer id stored as a number is damaged
            raise CellError("import.problem.mangled_id", value=str(value))
        return str(value)
    raw = text(value)
    if raw.startswith("="):
        raw = raw[1:]
    cleaned = raw.strip().strip('"').strip("'").strip()
    if not cleaned:
        raise CellError("import.problem.no_order_no")
    if _MANGLED.match(cleaned):
        raise CellError("import.problem.mangled_id", value=cleaned)
    if not _ORDER_NO.match(cleaned):
        raise CellError("import.problem.bad_order_no", value=cleaned[:40])
    return cleaned


def phone(value: object) -> str:
    """The mobile: apostrophe, spaces and +86 removed. Masked (138****5678) and virtual numbers
    with an extension (13800000000-1234) are what newer exports give and are kept as they are."""
    raw = text(value).lstrip("'").translate(_PHONE_JUNK)
    if not raw:
        return ""
    if raw.startswith("+86"):
        raw = raw[3:]
    elif raw.startswith("86") and len(raw) == 13:
        raw = raw[2:]
    raw = raw.lstrip("-")
    if _MANGLED.match(raw):  # 1.38001E+10: Excel turned the number into a float and dropped digits
        raise CellError("import.problem.mangled_number", value=raw[:20])
    if _MOBILE.match(raw) or _MASKED_MOBILE.match(raw) or _VIRTUAL_MOBILE.match(raw):
        return raw
    raise CellError("import.problem.bad_phone", value=raw[:20])


def split_extension(number: str) -> tuple[str, str]:
    """A privacy number "17012345678-1234" (or 转1234) → ("17012345678", "1234"): stored apart,
    the extension printed on the label and sent to providers that take it."""
    if len(number) > 12 and (_VIRTUAL_MOBILE.match(number) or _MASKED_MOBILE.match(number)):
        return number[:11], number[12:]
    return number, ""


def landline(value: object) -> str:
    raw = text(value).lstrip("'").translate(_PHONE_JUNK)
    if not raw or raw in ("-", "0"):
        return ""
    if _LANDLINE.match(raw) or _MOBILE.match(raw):
        return raw
    raise CellError("import.problem.bad_phone", value=raw[:20])


def phone_tail(number: str) -> str:
    """Last 4 digits for privacy-waybill tracking; for a virtual number, its extension."""
    if not number:
        return ""
    for sep in ("-", "转"):
        if sep in number and _VIRTUAL_MOBILE.match(number):
            return number.rsplit(sep, 1)[1][-4:]
    digits = "".join(ch for ch in number if ch.isdigit())
    return digits[-4:]


def money_fen(value: object) -> int:
    """ "¥1,234.50元", "0元", "12.5" → fen; empty → 0."""
    if value is None or value == "":
        return 0
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int((Decimal(str(value)) * 100).quantize(Decimal(1)))
    if not isinstance(value, str):  # a date or another cell type in a money column
        raise CellError("import.problem.bad_money", value=str(value)[:20])
    raw = value.strip().replace("元", "").replace("¥", "").replace("￥", "").replace(",", "").replace("，", "")
    if not raw or raw == "-":
        return 0
    try:
        return int((Decimal(raw) * 100).quantize(Decimal(1)))
    except InvalidOperation:
        raise CellError("import.problem.bad_money", value=value.strip()[:20]) from None


def integer(value: object, default: int = 1) -> int:
    raw = text(value)
    if not raw:
        return default
    try:
        return int(Decimal(raw))
    except InvalidOperation:
        raise CellError("import.problem.bad_number", value=raw[:20]) from None


def when(value: object) -> str | None:
    """Shop-local time as the export writes it ("2016-05-23 22:02:11", or after Excel
    "2016/5/23 22:02") → UTC text exactly as the database stores UTCDateTime."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=_CST)
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day, tzinfo=_CST)
    else:
        raw = text(value)
        if not raw or raw in ("-", "null"):
            return None
        try:
            moment = datetime.fromisoformat(raw)
        except ValueError:
            found = _DATE.match(raw)
            if not found:
                raise CellError("import.problem.bad_date", value=raw[:30]) from None
            y, mo, d, h, mi, s = found.groups()
            try:
                moment = datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0))
            except ValueError:
                raise CellError("import.problem.bad_date", value=raw[:30]) from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=_CST)
    return moment.astimezone(timezone.utc).replace(tzinfo=None).isoformat(" ", "microseconds")


# Marketplace status texts (commas normalised) → our status. Unpaid orders are kept but cannot be
# shipped; "shipped elsewhere" records the number so it is never handed out again.
STATUS_TEXTS: dict[str, str] = {
    "等待买家付款": OrderStatus.unpaid.value,
    "待付款": OrderStatus.unpaid.value,
    "买家已付款,等待卖家发货": OrderStatus.pending.value,
    "等待卖家发货": OrderStatus.pending.value,
    "待发货": OrderStatus.pending.value,
    "买家已付款": OrderStatus.pending.value,
    "卖家部分发货": OrderStatus.pending.value,
    "部分发货": OrderStatus.pending.value,
    "卖家已发货,等待买家确认": OrderStatus.shipped.value,
    "卖家已发货": OrderStatus.shipped.value,
    "已发货": OrderStatus.shipped.value,
    "等待买家确认收货": OrderStatus.shipped.value,
    "交易成功": OrderStatus.shipped.value,
    "已收货": OrderStatus.shipped.value,
    "交易完成": OrderStatus.shipped.value,
    "已签收": OrderStatus.shipped.value,
    "交易关闭": OrderStatus.closed.value,
    "退款成功": OrderStatus.closed.value,
    "已关闭": OrderStatus.closed.value,
    "订单关闭": OrderStatus.closed.value,
    "已取消": OrderStatus.closed.value,
}
_KEYWORDS = (
    ("等待卖家发货", OrderStatus.pending.value),
    ("待发货", OrderStatus.pending.value),
    ("等待买家付款", OrderStatus.unpaid.value),
    ("卖家已发货", OrderStatus.shipped.value),
    ("交易成功", OrderStatus.shipped.value),
    ("交易关闭", OrderStatus.closed.value),
    ("退款成功", OrderStatus.closed.value),
)


@lru_cache(maxsize=256)
def status(value: str) -> str:
    """Our status for a status text; the plain template may leave it empty (= paid, waiting)."""
    raw = value.strip().replace("，", ",").replace(" ", "")
    if not raw:
        return OrderStatus.pending.value
    if raw in STATUS_TEXTS:
        return STATUS_TEXTS[raw]
    if raw in OrderStatus.__members__:  # our own words are accepted too (plain template)
        return OrderStatus(raw).value
    for keyword, mapped in _KEYWORDS:
        if keyword in raw:
            return mapped
    raise CellError("import.problem.unknown_status", value=value.strip()[:30])
