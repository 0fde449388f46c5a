"""The dispute list for the carrier (争议清单): every line not ok, then our shipments the bill
left out. CSV (UTF-8 with BOM) and XLSX, spreadsheet-safe as the other exports: bill text came
from outside and is never run as a formula."""

from __future__ import annotations

import io

from sqlalchemy import select
from sqlmodel import col
from typing import Any

from waybill_ui.db import Database
from waybill_ui.db.models import FreightLine
from waybill_ui.services.aftership.freight.reconcile import DISPUTED, get_bill, list_missing
from waybill_ui.services.common.spreadsheet import csv_bytes, is_formula_like
from waybill_ui.texts import tr

COLUMNS = (
    "row",
    "number",
    "billed_on",
    "destination",
    "weight_kg",
    "our_weight_kg",
    "fee",
    "expected",
    "diff",
    "issue",
)


def _yuan(fen: int | None) -> float | None:
    return None if fen is None else round(fen / 100, 2)


def _kg(grams: int | None) -> float | None:
    return None if grams is None else round(grams / 1000, 3)


def dispute_rows(db: Database, *, bill_id: int, lang: str = "zh") -> tuple[list[str], list[list[Any]]]:
    get_bill(db, bill_id)
    header = [tr(f"freight.col.{c}", lang) for c in COLUMNS]
    with db.read() as session:
        lines = (
            session.execute(
                select(FreightLine)
                .where(col(FreightLine.bill_id) == bill_id, col(FreightLine.issue).in_(DISPUTED))
                .order_by(col(FreightLine.row_no))
            )
            .scalars()
            .all()
        )
        rows = [
            [
                ln.row_no,
                ln.number,
                ln.billed_on,
                ln.destination,
                _kg(ln.weight_g),
                _kg(ln.our_weight_g),
                _yuan(ln.fee_fen + ln.surcharge_fen),
                _yuan(ln.expected_fen),
                _yuan(ln.diff_fen),
                tr(f"freight.issue.{ln.issue}", lang),
            ]
            for ln in lines
        ]
    page = 1
    while True:
        missing, total = list_missing(db, bill_id=bill_id, page=page, size=500)
        rows += [
            ["", m["number"], "", m["province"], None, None, None, None, None, tr("freight.issue.missing", lang)]
            for m in missing
        ]
        if page * 500 >= total:
            break
        page += 1
    return header, rows


def dispute_csv(db: Database, *, bill_id: int, lang: str = "zh") -> bytes:
    header, rows = dispute_rows(db, bill_id=bill_id, lang=lang)
    return csv_bytes(header, rows)


def dispute_xlsx(db: Database, *, bill_id: int, lang: str = "zh") -> bytes:
    from openpyxl import Workbook

    header, rows = dispute_rows(db, bill_id=bill_id, lang=lang)
    book = Workbook(write_only=False)
    sheet = book.worksheets[0]  # a new workbook has one sheet, the active one
    sheet.title = tr("freight.dispute_sheet", lang)[:31]
    for r, values in enumerate([header, *rows], start=1):
        for c, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str) and is_formula_like(value):
                cell.data_type = "s"  # text from the bill: shown, never evaluated
                cell.quotePrefix = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
