"""运费对账 on generated bills holding every kind of discrepancy."""

import csv
import io
from datetime import datetime, timezone

import pytest
from openpyxl import Workbook, load_workbook

from waybill_ui.db.models import ContractPrice
from waybill_ui.services.aftership import freight
from waybill_ui.services.settings import store as shop_settings
from waybill_ui.services.common.errors import Invalid
from tests.tracking_factories import make_shipment

MAY = datetime(2026, 5, 10, 4, 0, tzinfo=timezone.utc)
APRIL = datetime(2026, 4, 10, 4, 0, tzinfo=timezone.utc)


def contract(db, carrier="YTO", zone="广东省", first=500, extra=200):
    with db.write() as session:
        session.add(
            ContractPrice(carrier_code=carrier, zone=zone, first_fen=first, first_g=1000, extra_fen_per_kg=extra)
        )


def bill_csv(rows, header=("运单号", "日期", "目的地", "计费重量", "运费", "附加费"), encoding="utf-8-sig"):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


@pytest.fixture
def shop(db):
    ok = make_shipment(db, number="YT1000000000001", shipped_at=MAY, weight_g=1000)
    over = make_shipment(db, number="YT1000000000002", shipped_at=MAY, weight_g=1000)
    heavy = make_shipment(db, number="YT1000000000003", shipped_at=MAY, weight_g=1000)
    missing = make_shipment(db, number="YT1000000000004", shipped_at=MAY, weight_g=800)
    make_shipment(db, number="YT1000000000005", shipped_at=APRIL, weight_g=800)  # another month: not missing
    contract(db)
    return {"ok": ok, "over": over, "heavy": heavy, "missing": missing}


ROWS = [
    ("YT1000000000001", "2026-05-10", "广东", "1.0", "5.00", ""),  # contract price: ok
    ("YT1000000000002", "2026-05-10", "广东", "1.0", "6.00", ""),  # ¥1 above the contract
    ("YT1000000000003", "2026-05-11", "广东", "2.5", "9.00", ""),  # charged as 2.5 kg, we weighed 1 kg
    ("YT9999999999999", "2026-05-11", "广东", "1.0", "5.00", ""),  # not ours
    ("YT1000000000001", "2026-05-12", "广东", "1.0", "5.00", "0.50"),  # billed twice
]


def test_every_kind_of_discrepancy(db, shop):
    bill = freight.import_bill(
        db, carrier="YTO", month="2026-05", data=bill_csv(ROWS), filename="may.csv", actor="owner"
    )
    lines, total = freight.list_lines(db, bill_id=bill.id)
    assert total == 5
    assert [(ln.number, ln.issue) for ln in lines] == [
        ("YT1000000000001", "ok"),
        ("YT1000000000002", "overcharge"),
        ("YT1000000000003", "weight"),
        ("YT9999999999999", "not_ours"),
        ("YT1000000000001", "duplicate"),
    ]
    by = {ln.row_no: ln for ln in lines}
    assert by[3].expected_fen == 500 and by[3].diff_fen == 100
    assert by[4].expected_fen == 500 and by[4].diff_fen == 400 and by[4].weight_g == 2500 and by[4].our_weight_g == 1000
    assert by[6].diff_fen == 550  # a duplicate is disputed whole, surcharge included
    assert bill.overcharge_fen == 500
    assert bill.billed_fen == 500 + 600 + 900 + 500 + 550
    assert bill.counts["duplicate"] == 1 and bill.counts["not_ours"] == 1
    missing, count = freight.list_missing(db, bill_id=bill.id)
    assert count == 1 == bill.missing and missing[0]["number"] == "YT1000000000004"
    disputed, n = freight.list_lines(db, bill_id=bill.id, issue="disputed")
    assert n == 4
    (month,) = freight.summary_by_month(db)
    assert month["carrier"] == "YTO" and month["month"] == "2026-05" and month["overcharge_fen"] == 500


def test_paging_the_lines(db, shop):
    rows = [(f"YT8{i:013d}", "2026-05-01", "广东", "1", "5", "") for i in range(120)]
    bill = freight.import_bill(db, carrier="YTO", month="2026-05", data=bill_csv(rows), actor="owner")
    page2, total = freight.list_lines(db, bill_id=bill.id, issue="not_ours", page=2, size=50)
    assert total == 120 and len(page2) == 50 and page2[0].row_no == 52


def test_gbk_file_with_other_headers_and_a_remembered_mapping(db, shop):
    header = ("快递单号", "寄件日期", "到件省", "重量(g)", "金额合计", "备注")
    rows = [("YT1000000000002", "2026-05-10", "广东", "1000", "6", "")]
    with pytest.raises(Invalid) as refused:
        freight.import_bill(db, carrier="YTO", month="2026-05", data=bill_csv(rows, header, "gb18030"), actor="o")
    assert refused.value.code == "need_mapping"
    data = bill_csv(rows, header, "gb18030")
    assert "金额合计" in freight.reading.headers_of(data)
    bill = freight.import_bill(
        db,
        carrier="YTO",
        month="2026-05",
        data=data,
        actor="o",
        mapping={"number": "快递单号", "fee": "金额合计", "weight": "重量(g)"},
    )
    assert freight.list_lines(db, bill_id=bill.id)[0][0].issue == "overcharge"
    assert freight.mapping_for(db, carrier="YTO")["fee"] == "金额合计"
    # next month's bill from the same carrier: no dialog, the mapping is remembered
    again = freight.import_bill(db, carrier="YTO", month="2026-05", data=data, actor="o")
    assert again.lines == 1 and again.overcharge_fen == 100


def test_xlsx_bill_and_safe_dispute_exports(db, shop):
    book = Workbook()
    sheet = book.active
    sheet.append(["运单号", "计费重量", "运费"])
    sheet.append(["YT1000000000002", 1.0, 6])
    sheet.append(['=HYPERLINK("http://x")', 1.0, 5])
    sheet["A3"].data_type = "s"  # a text cell that looks like a formula (what a hostile bill holds)
    buffer = io.BytesIO()
    book.save(buffer)
    bill = freight.import_bill(db, carrier="YTO", month="2026-05", data=buffer.getvalue(), actor="owner")
    assert bill.counts["overcharge"] == 1 and bill.counts["not_ours"] == 1
    text = freight.dispute_csv(db, bill_id=bill.id).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "多收运费" in text and "账单漏列" in text
    sheet = load_workbook(io.BytesIO(freight.dispute_xlsx(db, bill_id=bill.id))).active
    cells = [c.value for row in sheet.iter_rows() for c in row]
    assert '=HYPERLINK("http://x")' in cells
    formula = next(c for row in sheet.iter_rows() for c in row if c.value == '=HYPERLINK("http://x")')
    assert formula.data_type == "s"


def test_bad_input_stores_nothing(db, shop):
    with pytest.raises(Invalid):
        freight.import_bill(db, carrier="YTO", month="2026-13", data=bill_csv(ROWS), actor="o")
    with pytest.raises(Invalid):
        freight.import_bill(db, carrier="YTO", month="2026-05", data=b"", actor="o")
    with pytest.raises(Invalid):
        freight.import_bill(db, carrier="NOPE", month="2026-05", data=bill_csv(ROWS), actor="o")
    assert freight.list_bills(db)[1] == 0
    bill = freight.import_bill(
        db,
        carrier="YTO",
        month="2026-05",
        actor="o",
        data=bill_csv([*ROWS, ("YT1000000000002", "", "", "1", "abc", "")]),
    )
    assert bill.lines == 5 and bill.counts["rejected_rows"] == 1


def test_weight_within_tolerance_is_not_a_dispute(db, shop):
    shop_settings.put(db, values={freight.reconcile.WEIGHT_TOLERANCE_KEY: 200}, actor="o")
    rows = [("YT1000000000003", "", "", "1.15", "5.00", "")]
    bill = freight.import_bill(db, carrier="YTO", month="2026-05", data=bill_csv(rows), actor="o")
    assert bill.counts["ok"] == 1


def test_reconciliation_is_set_based(db, shop):
    """A bill of 3,000 lines takes a handful of statements, not one per line (bench: 100k ≤ 10 s)."""
    from sqlalchemy import event

    statements = []
    event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    rows = [(f"YT7{i:013d}", "2026-05-01", "广东", "1", "5", "") for i in range(3000)]
    bill = freight.import_bill(db, carrier="YTO", month="2026-05", data=bill_csv(rows), actor="owner")
    assert bill.counts["not_ours"] == 3000
    lookups = [s for s in statements if "FROM shipment s" in s]
    assert len(lookups) <= 3000 // 900 + 2  # chunks of numbers, plus the missing count
    assert len(statements) < 40
