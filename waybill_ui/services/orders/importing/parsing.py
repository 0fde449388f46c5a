"""One data row of the export → one order record (a tuple in ORDER_COLUMNS order) or a problem."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from waybill_ui.carriers import codes
from waybill_ui.db.models import OrderStatus
from waybill_ui.services.orders import address_check as order_address
from waybill_ui.services.orders.importing import cleaning
from waybill_ui.services.orders.importing.address import split as split_address
from waybill_ui.services.orders.importing.cells import fast_money, fast_when
from waybill_ui.services.orders.importing.cleaning import CellError
from waybill_ui.services.orders.importing.formats.base import FIELDS
from waybill_ui.texts import tr

# The columns the importer writes, in the order of a record tuple.
ORDER_COLUMNS = (
    "order_no",
    "buyer_nick",
    "receiver_name",
    "phone",
    "phone_ext",
    "landline",
    "province",
    "city",
    "district",
    "address",
    "full_address",
    "postcode",
    "items",
    "item_count",
    "weight_g",
    "amount_fen",
    "postage_fen",
    "buyer_message",
    "seller_memo",
    "marketplace_status",
    "status",
    "external_carrier",
    "external_number",
    "ordered_at",
    "paid_at",
)
COL = {name: i for i, name in enumerate(ORDER_COLUMNS)}  # index of a column in a record
# Orders that still need an address to be shipped; closed and already-shipped ones do not.
NEEDS_ADDRESS = frozenset({OrderStatus.pending.value, OrderStatus.unpaid.value})


@dataclass
class Problem:
    row: int
    key: str
    params: dict[str, Any] = field(default_factory=dict)
    order_no: str = ""

    def reason(self, lang: str | None = "zh") -> str:
        return tr(self.key, lang, **self.params)


@dataclass(slots=True)
class Parsed:
    record: tuple[Any, ...]
    row: int
    carrier_code: str | None  # the shipped-elsewhere carrier, when we know it
    # the row's item lines for order_item: (商家编码, title, spec, quantity); () when the file has none
    items: tuple[Any, ...] = ()


_SUMMARY = frozenset({"合计", "总计", "汇总", "共计", "小计"})
_CONCEPTS = FIELDS  # what a layout can fill is what a row can carry (formats/base.py)
_SHIPPED = OrderStatus.shipped.value


class RowParser:
    """Column positions resolved once per file; each row then costs a handful of C calls. Cells
    are strings (reading.py converts XLSX values); a missing column reads the "" appended to
    every row."""

    def __init__(
        self, columns: dict[str, int], width: int | None = None, status: Callable[[str], str] = cleaning.status
    ):
        self.status = status  # the marketplace plug-in's status texts (formats/)
        self.statuses: dict[str, str] = {}  # a file has a handful of status texts: each looked up once
        self.at = {concept: columns.get(concept, -1) for concept in _CONCEPTS}
        # cells the header names; a row with fewer (cut off) or more non-empty ones (an unquoted
        # comma, a shifted line) would put values under the wrong headings: it is refused alone
        self.width = width if width is not None else max(columns.values(), default=-1) + 1
        self.has_sub_order = "sub_order_no" in columns
        self.split_columns = "address" not in columns
        self.hot = tuple(
            self.at[c]
            for c in (
                "status",
                "receiver",
                "mobile",
                "landline",
                "address",
                "paid",
                "total",
                "postage",
                "quantity",
                "weight",
                "ordered_at",
                "paid_at",
                "waybill",
                "carrier",
                "buyer_nick",
                "title",
                "buyer_message",
                "seller_memo",
            )
        )

    def __call__(self, number: int, cells: list[Any]) -> Parsed | Problem | None:
        if not any(cells):
            return None  # blank line (Excel leaves some at the end)
        if (cells[0] or next((c for c in cells if c), "")).lstrip()[:2] in _SUMMARY:
            return None  # a trailing "合计: 120 笔" line some exports add under the orders
        have = len(cells)
        if have < self.width or (have > self.width and any(c.strip() for c in cells[self.width :])):
            filled = max(i for i, c in enumerate(cells) if c.strip()) + 1
            key = "import.problem.row_short" if have < self.width else "import.problem.row_long"
            first = cells[self.at["order_no"]].strip()[:40] if 0 <= self.at["order_no"] < have else ""
            return Problem(number, key, {"have": have if have < self.width else filled, "want": self.width}, first)
        cells.append("")
        at = self.at
        (
            i_status,
            i_receiver,
            i_mobile,
            i_landline,
            i_address,
            i_paid,
            i_total,
            i_postage,
            i_quantity,
            i_weight,
            i_ordered,
            i_paid_at,
            i_waybill,
            i_carrier,
            i_nick,
            i_title,
            i_message,
            i_memo,
        ) = self.hot
        order_cell = cells[at["order_no"]].strip()
        if not order_cell and self.has_sub_order:
            order_cell = cells[at["sub_order_no"]].strip()
        if order_cell[:2] == '="' and order_cell[-1:] == '"':  # ="1234…", Excel's keep-as-text form
            order_cell = order_cell[2:-1].strip()
        if order_cell.isdigit() and 4 <= len(order_cell) <= 40 and order_cell.isascii():
            order_no = order_cell
        else:
            try:
                order_no = cleaning.order_no(order_cell)
            except CellError as exc:
                return Problem(number, exc.key, exc.params, order_cell[:40])
        try:
            status_text = cells[i_status].strip()
            status = self.statuses.get(status_text)
            if status is None:
                status = self.statuses[status_text] = self.status(status_text)
            receiver = cells[i_receiver].strip()[:80]
            mobile = cells[i_mobile].strip()
            if not (len(mobile) == 12 and mobile[0] == "'" and mobile[1] == "1" and mobile[1:].isdigit()):
                mobile = cleaning.phone(mobile)
            else:
                mobile = mobile[1:]
            mobile, extension = cleaning.split_extension(mobile) if len(mobile) > 12 else (mobile, "")
            landline = cells[i_landline].strip()
            if landline:
                landline = cleaning.landline(landline)
            if self.split_columns:
                raw_address = " ".join(
                    p for p in (cells[at[c]].strip() for c in ("province", "city", "district", "town", "detail")) if p
                )
                parts = split_address(raw_address)
                postcode = cells[at["postcode"]].strip()[:12] or parts.postcode
            else:
                raw_address = cells[i_address].strip()
                parts = split_address(raw_address)
                postcode = parts.postcode
            province = parts.province
            # No receiver, no address, an address we cannot place, or no phone: the order is kept
            # as 待补地址 (services/orders/listing.py `lacks_address`) and cannot ship until it is filled.
            # Newer item-level exports have no receiver columns at all.
            paid = cells[i_paid].strip() or cells[i_total].strip()
            amount = fast_money(paid) if paid else 0
            postage = cells[i_postage].strip()
            postage = fast_money(postage) if postage else 0
            quantity = cells[i_quantity].strip()
            quantity = int(quantity) if quantity.isdigit() else cleaning.integer(quantity, 1)
            weight = cells[i_weight].strip()
            weight = (int(weight) if weight.isdigit() else cleaning.integer(weight, 0)) if weight else None
            ordered_at = fast_when(cells[i_ordered].strip())
            paid_at = fast_when(cells[i_paid_at].strip())
        except CellError as exc:
            return Problem(number, exc.key, exc.params, order_no)
        carrier_text = number_text = ""
        carrier_code = None
        if status == _SHIPPED:
            number_text = cells[i_waybill].strip().lstrip("'=").strip('"').strip()[:40]
            if number_text:
                carrier_text = cells[i_carrier].strip()[:40]
                carrier_code = codes.resolve(carrier_text)
        record = (
            order_no,
            cells[i_nick].strip()[:80],
            receiver,
            mobile,
            extension,
            landline,
            province,
            sys.intern(parts.city),
            sys.intern(parts.district),
            parts.detail[:300],
            raw_address[:400],
            postcode,
            cells[i_title].strip()[:500],
            quantity,
            weight,
            amount,
            postage,
            cells[i_message].strip()[:500],
            cells[i_memo].strip()[:500],
            sys.intern(status_text[:40]),
            status,
            carrier_text,
            number_text,
            ordered_at,
            paid_at,
        )
        sku, spec, title = cells[at["sku"]].strip()[:64], cells[at["spec"]].strip()[:120], str(record[COL["items"]])
        items = ((sku, title[:200], spec, quantity or 1),) if sku or title else ()
        return Parsed(record, number, carrier_code, items)


def lacks_address(record: tuple[Any, ...]) -> bool:
    """A waiting order that cannot ship as imported (待补地址): who, where or a phone is missing."""
    return record[COL["status"]] in NEEDS_ADDRESS and not order_address.is_complete(
        receiver_name=record[COL["receiver_name"]],
        province=record[COL["province"]],
        address=record[COL["address"]],
        phone=record[COL["phone"]],
        landline=record[COL["landline"]],
    )


def merge(first: Parsed, again: Parsed, *, per_item_amounts: bool = False) -> Parsed:
    """The sub-order layout has one row per item of an order: one order, items listed together
    (and, there, each row's amount is that item's: they add up)."""
    record = list(first.record)
    if per_item_amounts:
        record[COL["amount_fen"]] = (record[COL["amount_fen"]] or 0) + (again.record[COL["amount_fen"]] or 0)
    title = again.record[COL["items"]]
    if title and title not in record[COL["items"]]:
        record[COL["items"]] = (record[COL["items"]] + "；" + title)[:500] if record[COL["items"]] else title
    record[COL["item_count"]] = (record[COL["item_count"]] or 0) + (again.record[COL["item_count"]] or 0)
    return Parsed(tuple(record), first.row, first.carrier_code, first.items + again.items)


def header_width(headers: list[str]) -> int:
    """Header cells up to the last named one (exports often end the header with empty cells)."""
    named = [i for i, h in enumerate(headers) if h]
    return named[-1] + 1 if named else 0
