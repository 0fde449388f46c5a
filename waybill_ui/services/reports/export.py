"""Downloads of a report: one CSV per table, one XLSX with a sheet per table.

Both hold the same values the page shows, as numbers (yuan for money, percent points for rates,
rounded as on screen) under headers that name the unit. A text cell a spreadsheet would run as a
formula (= + - @, tab, CR — a province typed into an order export can be anything) is written
as text: in the CSV with a leading apostrophe (as the other exports do), in the XLSX as a text
cell marked "quote prefix", which Excel shows unchanged and never evaluates.
"""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.cell.cell import Cell, MergedCell
from waybill_ui.clock import fmt_local
from waybill_ui.services.common.spreadsheet import is_formula_like, safe_cell
from waybill_ui.services.reports.tables import Table, cell_number, unit_label
from waybill_ui.services.reports.summary import Report
from waybill_ui.texts import tr

NUMBER_FORMATS = {"fen": "#,##0.00", "pct": "0.0", "hours": "0.0", "days": "0.0", "int": "#,##0"}


def table_rows(table: Table, lang: str = "zh") -> list[list[Any]]:
    """Header, rows and the total row of a table, as download values."""
    out = [[unit_label(c, lang) for c in table.columns]]
    for row in table.rows + ([table.total] if table.total else []):
        out.append([cell_number(c.kind, row.get(c.key)) for c in table.columns])
    return out


def filename(report: Report, what: str, ext: str) -> str:
    return f"report-{what}-{report.period.start.isoformat()}-{report.period.end.isoformat()}.{ext}"


def to_csv(report: Report, section: str, lang: str = "zh") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in table_rows(report.tables[section], lang):
        writer.writerow(["" if v is None else safe_cell(v) if isinstance(v, str) else v for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _put(ws: Worksheet, row: int, col: int, value: Any, kind: str | None = None) -> Cell | MergedCell:
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = value
        if is_formula_like(value):
            cell.data_type = "s"  # openpyxl took it for a formula
            cell.quotePrefix = True
    else:
        cell.value = value
        if kind in NUMBER_FORMATS and value is not None:
            cell.number_format = NUMBER_FORMATS[kind]
    return cell


def to_xlsx(report: Report, lang: str = "zh") -> bytes:
    wb = Workbook()
    summary = wb.worksheets[0]  # a new workbook has one sheet, the active one
    summary.title = tr("reports.findings", lang)[:31]
    _put(summary, 1, 1, tr("reports.title", lang)).font = Font(bold=True, size=14)
    _put(summary, 2, 1, tr("reports.period_label", lang, period=report.period.label()))
    _put(summary, 3, 1, fmt_local(report.made_at))
    for i, sentence in enumerate(report.findings.sentences(lang), start=5):
        _put(summary, i, 1, sentence)
    summary.column_dimensions["A"].width = 90
    for _key, table in report.tables.items():
        ws = wb.create_sheet(table.title(lang)[:31])
        for r, values in enumerate(table_rows(table, lang), start=1):
            for c, (column, value) in enumerate(zip(table.columns, values, strict=False), start=1):
                cell = _put(ws, r, c, value, None if r == 1 else column.kind)
                if r == 1 or (table.total and r == len(table.rows) + 2):
                    cell.font = Font(bold=True)
        for c, column in enumerate(table.columns, start=1):
            ws.column_dimensions[get_column_letter(c)].width = 22 if column.kind == "text" else 14
        ws.freeze_panes = "B2"
        for n, note in enumerate(table.notes, start=len(table.rows) + 4):
            _put(ws, n, 1, tr(note, lang))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
