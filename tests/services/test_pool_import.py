"""Outlet import: validation row by row, duplicates within and across imports, ranges, preview,
all-or-nothing commit, expiry, audit."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from waybill_ui.db.models import AuditLog, Waybill
from waybill_ui.clock import SHANGHAI, utcnow
from waybill_ui.services.pool import importing as pool_import
from waybill_ui.services.common.errors import Invalid
from tests.pool_helpers import add_numbers, add_order, ship, zto


def count(db, *conds):
    with db.read() as session:
        return session.execute(select(func.count()).select_from(Waybill).where(*conds)).scalar_one()


def test_preview_checks_each_row_and_changes_nothing(db):
    add_numbers(db, [zto(5)])
    rows = [zto(1), "  75 0000 0000 0002 ", "SF1234567890123", zto(1), zto(5), "7512"]
    check = pool_import.preview_import(db, carrier="ZTO", numbers=rows)
    assert check.total == 6
    assert check.accepted == [zto(1), zto(2)]
    reasons = {r.row: r for r in check.rejected}
    assert reasons[3].text_key == "number.bad_format"
    assert reasons[4].text_key == "pool.import.dup_in_input" and "第 1 行" in reasons[4].reason()
    assert reasons[5].text_key == "pool.known.in_pool" and zto(5) in reasons[5].reason("en")
    assert reasons[6].text_key == "number.bad_format"
    assert count(db) == 1  # preview wrote nothing


def test_commit_imports_good_rows_together_with_audit_and_expiry(db):
    expires = pool_import.expiry_end_of_day(date.today() + timedelta(days=30))
    result = pool_import.commit_import(
        db, carrier="ZTO", numbers=[zto(1), zto(2), "bad"], expires_at=expires, actor="owner", note="中通城东网点"
    )
    assert result.accepted == [zto(1), zto(2)] and len(result.rejected) == 1
    with db.read() as session:
        rows = session.execute(select(Waybill).order_by(Waybill.number)).scalars().all()
        audits = session.execute(select(AuditLog).where(AuditLog.entity == "waybill")).scalars().all()
    assert [(w.number, w.status, w.origin, w.cost_fen) for w in rows] == [
        (zto(1), "available", "imported", 0),
        (zto(2), "available", "imported", 0),
    ]
    assert rows[0].expires_at == expires and expires.astimezone(SHANGHAI).hour == 23
    assert {a.entity_id for a in audits} == {f"ZTO:{zto(1)}", f"ZTO:{zto(2)}"}
    assert all(
        a.action == "import"
        and a.to_status == "available"
        and a.actor == "owner"
        and a.details["note"] == "中通城东网点"
        and a.details["waybill_id"]
        for a in audits
    )


def test_second_import_refuses_what_the_first_brought(db):
    pool_import.commit_import(db, carrier="ZTO", numbers=[zto(i) for i in range(10)], actor="owner")
    again = pool_import.commit_import(db, carrier="ZTO", numbers=[zto(i) for i in range(5, 15)], actor="owner")
    assert again.accepted == [zto(i) for i in range(10, 15)]
    assert [r.number for r in again.rejected] == [zto(i) for i in range(5, 10)]
    assert all(r.text_key == "pool.known.in_pool" for r in again.rejected)
    assert count(db) == 15


def test_numbers_used_anywhere_are_refused_with_where(db):
    ship(db, carrier="ZTO", number=zto(7), order_no="TB1001")  # typed in the ship dialog
    ship(db, carrier="ZTO", number=zto(8), order_no="TB1002", cancelled=True)  # voided
    add_order(db, "TB1003", status="shipped", external_carrier="中通快递", external_number=zto(9))  # elsewhere
    check = pool_import.preview_import(db, carrier="ZTO", numbers=[zto(7), zto(8), zto(9), zto(10)])
    assert check.accepted == [zto(10)]
    why = {r.number: r.reason() for r in check.rejected}
    assert "TB1001" in why[zto(7)] and "不能重复使用" in why[zto(7)]
    assert "TB1002" in why[zto(8)] and "作废" in why[zto(8)]
    assert "TB1003" in why[zto(9)] and "别处" in why[zto(9)]


def test_a_number_of_another_carrier_is_not_a_duplicate(db):
    add_numbers(db, ["123456789012"], carrier="SF")
    assert pool_import.preview_import(db, carrier="ZTO", numbers=["123456789012"]).accepted == ["123456789012"]


def test_range_start_and_count(db):
    result = pool_import.commit_import(db, carrier="ZTO", start="75000000000098", count=5, actor="owner")
    assert result.accepted == [f"750000000000{n}" for n in (98, 99)] + [f"75000000000{n}" for n in (100, 101, 102)]
    overlap = pool_import.preview_import(db, carrier="ZTO", start="75000000000100", count=5)
    assert len(overlap.accepted) == 2 and [r.row for r in overlap.rejected] == [1, 2, 3]
    ems = pool_import.preview_import(db, carrier="EMS", start="EA123456785CN", count=3)
    assert len(ems.accepted) == 3 and not ems.rejected
    with pytest.raises(Invalid) as bad:
        pool_import.preview_import(db, carrier="ZTO", start="75999999999999", count=10**7)
    assert bad.value.text_key == "pool.import.too_many"
    with pytest.raises(Invalid):
        pool_import.preview_import(db, carrier="JTSD", start="JT9999999999999", count=2)


def test_strict_commit_is_all_or_nothing(db):
    with pytest.raises(Invalid) as refused:
        pool_import.commit_import(db, carrier="ZTO", numbers=[zto(1), "nope1"], strict=True, actor="owner")
    assert refused.value.text_key == "pool.import.strict_refused"
    assert count(db) == 0


def test_a_failure_during_commit_leaves_nothing_behind(db, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(pool_import.pool_audit, "record_numbers", boom)
    with pytest.raises(RuntimeError):
        pool_import.commit_import(db, carrier="ZTO", numbers=[zto(i) for i in range(100)], actor="owner")
    assert count(db) == 0


def test_bad_requests_say_what_to_do(db):
    for kwargs, key in [
        ({"numbers": []}, "pool.import.nothing"),
        ({"start": zto(1), "count": 0}, "number.range_count"),
        ({"start": "SF", "count": 2}, "number.range_no_digits"),
    ]:
        with pytest.raises(Invalid) as exc:
            pool_import.preview_import(db, carrier="ZTO", **kwargs)
        assert exc.value.text_key == key
    with pytest.raises(Invalid) as exc:
        pool_import.preview_import(db, carrier="XX", numbers=["1"])
    assert exc.value.text_key == "number.unknown_carrier"
    with pytest.raises(Invalid) as past:
        pool_import.commit_import(
            db, carrier="ZTO", numbers=[zto(1)], expires_at=utcnow() - timedelta(hours=1), actor="owner"
        )
    assert past.value.text_key == "pool.import.expiry_past"


def test_reading_pasted_text_and_uploads():
    text = "单号\n75000000000001, 75000000000002；75000000000003\n\n 75000000000004\t备注\n"
    assert pool_import.split_numbers(text) == [zto(1), zto(2), zto(3), zto(4)]
    assert pool_import.read_upload(text.encode("gbk")) == [zto(1), zto(2), zto(3), zto(4)]
    assert pool_import.read_upload(("\ufeff" + text).encode("utf-8")) == [zto(1), zto(2), zto(3), zto(4)]
    with pytest.raises(Invalid) as binary:
        pool_import.read_upload(b"\x00\x01\x02" * 100)
    assert binary.value.text_key == "pool.import.not_text"
    with pytest.raises(Invalid) as big:
        pool_import.read_upload(b"1" * (2 * 1024 * 1024), limit_mb=1)
    assert big.value.text_key == "pool.import.too_large"
    with pytest.raises(Invalid):
        pool_import.read_upload(b"PK\x03\x04 not really a zip")


def test_reading_an_excel_upload():
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["运单号", "备注"])
    sheet.append([75000000000001, "整数格式"])
    sheet.append(["75000000000002", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    assert pool_import.read_upload(buffer.getvalue(), filename="list.xlsx") == [zto(1), zto(2)]


def test_expiry_dates():
    end = pool_import.expiry_end_of_day("2027-03-01")
    assert end.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S") == "2027-03-01 23:59:59"
    assert pool_import.expiry_end_of_day("") is None
    with pytest.raises(Invalid):
        pool_import.expiry_end_of_day("next tuesday")


def test_a_number_typed_in_groups_is_one_number():
    from waybill_ui.services.pool.importing import split_numbers

    assert split_numbers("yt 9000 0000 0099 9") == ["yt9000000000999"]
    assert split_numbers("YT9000000000999 YT9000000001000\nZT 7350 1234 5678") == [
        "YT9000000000999",
        "YT9000000001000",
        "ZT735012345678",
    ]
    assert split_numbers("单号\n7350 0000 1111，7350 0000 2222") == ["735000001111", "735000002222"]


def test_preview_refuses_a_past_expiry_like_the_import(db):
    import pytest

    from waybill_ui.clock import utcnow
    from waybill_ui.services.pool import importing as pool_import
    from waybill_ui.services.common.errors import Invalid

    past = utcnow().replace(microsecond=0) - __import__("datetime").timedelta(days=1)
    for fn in (pool_import.preview_import, lambda db, **kw: pool_import.commit_import(db, actor="t", **kw)):
        with pytest.raises(Invalid) as refused:
            fn(db, carrier="YTO", numbers=["YT9000000000999"], expires_at=past)
        assert refused.value.text_key == "pool.import.expiry_past"
