"""Fill many 待补地址 orders from a second file (CSV or XLSX) matched by order number.

The file is read by the order importer's reader (services/orders/importing/reading.py: same
encodings, same header names), so a seller can use the marketplace's own address export or a
sheet with 订单编号 / 收货人 / 手机 / 收货地址 (or 省 / 市 / 区 / 详细地址 columns). Each address
goes through the same parser as the paste box; an address that names no place or an ambiguous
one (鼓楼区 without its city) is reported with its row, never guessed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from waybill_ui.db import Database
from waybill_ui.services.orders.addresses.fill import AddressInput, FillReport, fill_many
from waybill_ui.services.orders.addresses.paste import normalise, parse_block, split_phone
from waybill_ui.services.orders.addresses.region import parse_region
from waybill_ui.services.common.errors import Invalid
from waybill_ui.services.orders.importing.reading import Source, open_table


def _cell(cells: list[Any], columns: dict[str, int], concept: str) -> str:
    at = columns.get(concept)
    if at is None or at >= len(cells):
        return ""
    value = cells[at]
    return "" if value is None else str(value).strip().lstrip("'")


def rows_of(
    data: Source, *, filename: str = ""
) -> tuple[list[tuple[int, str, AddressInput]], list[tuple[int, str, str]]]:
    """(order no, input) for each row that names a place; problems for the others."""
    table = open_table(data, filename=filename)
    columns = table.columns
    if "address" not in columns and "province" not in columns:
        raise Invalid("address.bulk.no_address_column")
    rows: list[tuple[int, str, AddressInput]] = []
    problems: list[tuple[int, str, str]] = []
    for number, cells in table.rows:
        order_no = _cell(cells, columns, "order_no")
        if not order_no:
            continue
        phone, extension = split_phone(normalise(_cell(cells, columns, "mobile")).replace(" ", ""))
        if "address" in columns:
            place = parse_region(normalise(_cell(cells, columns, "address")).replace(" ", ""))
        else:
            place = parse_region(
                normalise(
                    "".join(_cell(cells, columns, c) for c in ("province", "city", "district", "detail"))
                ).replace(" ", "")
            )
        if place.ambiguous or not place.province:
            problems.append((number, order_no, "address.bulk.unplaced"))
            continue
        rows.append(
            (
                number,
                order_no,
                AddressInput(
                    name=_cell(cells, columns, "receiver"),
                    phone=phone,
                    extension=extension,
                    landline=_cell(cells, columns, "landline"),
                    province=place.province,
                    city=place.city,
                    district=place.district,
                    detail=place.detail,
                ),
            )
        )
    return rows, problems


def fill_from_file(db: Database, *, data: Source, filename: str = "", actor: str, now: datetime) -> FillReport:
    rows, unplaced = rows_of(data, filename=filename)
    report = fill_many(db, rows=rows, actor=actor, now=now)
    report.problems = sorted(unplaced + report.problems)
    return report


def rows_of_paste(text: str) -> tuple[list[tuple[int, str, AddressInput]], list[tuple[int, str, str]]]:
    """Two columns copied from a spreadsheet: order number, then the buyer's block (tab- or
    space-separated), one order a line. Lines are numbered from 1 as the seller pasted them."""
    rows: list[tuple[int, str, AddressInput]] = []
    problems: list[tuple[int, str, str]] = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        order_no, _, block = line.strip().replace("\t", " ", 1).partition(" ")
        if not order_no:
            continue
        got = parse_block(block)
        if got.ambiguous or not got.province:
            problems.append((number, order_no, "address.bulk.unplaced"))
            continue
        rows.append(
            (
                number,
                order_no,
                AddressInput(
                    name=got.name,
                    phone=got.phone,
                    extension=got.extension,
                    landline=got.landline,
                    province=got.province,
                    city=got.city,
                    district=got.district,
                    detail=got.detail,
                ),
            )
        )
    return rows, problems


def fill_from_paste(db: Database, *, text: str, actor: str, now: datetime) -> FillReport:
    rows, unplaced = rows_of_paste(text)
    report = fill_many(db, rows=rows, actor=actor, now=now)
    report.problems = sorted(unplaced + report.problems)
    return report
