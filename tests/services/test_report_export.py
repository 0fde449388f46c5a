"""The report downloads open (CSV in any spreadsheet, XLSX with openpyxl), hold the figures of the
known January shop, and never carry a live formula."""

import csv
import io

import openpyxl

from waybill_ui.services.reports import export as report_export
from waybill_ui.services.reports import summary as reports
from tests.report_data import JANUARY, NOW, january, local, shipment


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())  # Excel opens Chinese UTF-8 only with the BOM
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_per_table_holds_the_figures(db):
    january(db)
    report = reports.build(db, period=JANUARY, now=NOW)
    rows = read_csv(report_export.to_csv(report, "carriers"))
    header = rows[0]
    assert header[:4] == ["快递", "发货量", "已签收", "单号花费（元）"]
    zto = dict(zip(header, rows[1], strict=False))
    assert zto["快递"] == "中通快递"
    assert (zto["发货量"], zto["单号花费（元）"], zto["每件签收成本（元）"], zto["准时率（%）"]) == (
        "4",
        "5.0",
        "1.67",
        "66.7",
    )
    assert rows[-1][0] == "合计" and rows[-1][1] == "7"
    pool = read_csv(report_export.to_csv(report, "pool", "en"))
    assert pool[0][-1] == "Waste (yuan)" and pool[1][-1] == "6.0"


def test_xlsx_has_a_sheet_per_table_with_numbers(db):
    january(db)
    report = reports.build(db, period=JANUARY, now=NOW)
    wb = openpyxl.load_workbook(io.BytesIO(report_export.to_xlsx(report)))
    assert wb.sheetnames == ["结论", "各快递表现", "各店铺", "单号库存", "各省份", "预警处理", "退货率"]
    assert "每件签收最便宜的是 中通快递" in wb["结论"]["A5"].value
    ws = wb["各快递表现"]
    header = [c.value for c in ws[1]]
    zto = dict(zip(header, [c.value for c in ws[2]], strict=False))
    assert zto["发货量"] == 4 and zto["单号花费（元）"] == 5.0 and zto["准时率（%）"] == 66.7
    assert ws.cell(row=2, column=header.index("单号花费（元）") + 1).number_format == "#,##0.00"
    for key, table in report.tables.items():  # every sheet equals the download rows of its table
        sheet = wb[table.title()]
        expected = report_export.table_rows(table)
        got = [[c.value for c in row] for row in sheet.iter_rows(min_row=1, max_row=len(expected))]
        assert got == expected, key


def test_formula_like_text_stays_text(db):
    january(db)
    shipment(db, "ZTO", province='=HYPERLINK("http://x","y")', shipped=local(1, 8), pickup_h=1, delivered_h=10)
    shipment(db, "ZTO", province="@SUM(A1)", shipped=local(1, 8))
    report = reports.build(db, period=JANUARY, now=NOW)
    rows = read_csv(report_export.to_csv(report, "provinces"))
    names = [r[0] for r in rows]
    assert '\'=HYPERLINK("http://x","y")' in names and "'@SUM(A1)" in names
    wb = openpyxl.load_workbook(io.BytesIO(report_export.to_xlsx(report)))
    cells = {c.value: c for c in wb["各省份"]["A"]}
    cell = cells['=HYPERLINK("http://x","y")']
    assert cell.data_type == "s" and cell.quotePrefix
    assert cells["@SUM(A1)"].data_type == "s"
