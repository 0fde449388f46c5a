"""The balance ledger: append-only arithmetic, owner top-ups, paged history, CSV export."""

import csv
import io

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError, IntegrityError

from waybill_ui.db.models import LedgerKind
from waybill_ui.services.market import ledger
from waybill_ui.services.common.errors import Forbidden, Invalid
from tests.market_support import owner, staff


def test_balance_is_the_sum_of_signed_entries(db):
    boss = owner(db)
    assert ledger.balance(db) == 0
    ledger.top_up(db, amount_fen=10_000, reference="支付宝 001", actor=boss)
    with db.write() as session:
        ledger.append(session, kind=LedgerKind.purchase, amount_fen=-2_500, reference="p", actor="boss")
        ledger.append(session, kind=LedgerKind.refund, amount_fen=700, reference="r", actor="boss")
        ledger.append(session, kind=LedgerKind.fee, amount_fen=-1, reference="f", actor="boss")
    assert ledger.balance(db) == 10_000 - 2_500 + 700 - 1
    with db.read() as session:
        assert ledger.balance_in(session) == 8_199


@pytest.mark.parametrize("kind, amount", [("topup", 0), ("topup", -5), ("refund", -1), ("purchase", 10), ("fee", 0)])
def test_signs_are_enforced(db, kind, amount):
    with pytest.raises(ValueError), db.write() as session:
        ledger.append(session, kind=kind, amount_fen=amount, reference="x", actor="t")
    assert ledger.balance(db) == 0


def test_entries_can_never_be_changed_or_removed(db):
    boss = owner(db)
    entry = ledger.top_up(db, amount_fen=500, reference="r", actor=boss)
    for statement in (
        f"UPDATE ledger_entry SET amount_fen = 1 WHERE id = {entry.id}",
        f"DELETE FROM ledger_entry WHERE id = {entry.id}",
    ):
        with pytest.raises((DatabaseError, IntegrityError)), db.write() as session:
            session.execute(text(statement))
    assert ledger.balance(db) == 500


def test_top_up_rules(db):
    boss, packer = owner(db), staff(db)
    with pytest.raises(Forbidden):
        ledger.top_up(db, amount_fen=100, reference="r", actor=packer)
    with pytest.raises(Invalid) as err:
        ledger.top_up(db, amount_fen=100, reference="  ", actor=boss)
    assert "凭证" in err.value.message("zh")
    with pytest.raises(Invalid):
        ledger.top_up(db, amount_fen=0, reference="r", actor=boss)
    with pytest.raises(Invalid):
        ledger.top_up(db, amount_fen=ledger.MAX_TOPUP_FEN + 1, reference="r", actor=boss)
    entry = ledger.top_up(db, amount_fen=123, reference=" bank 9 ", actor=boss, channel="api")
    assert entry.reference == "bank 9" and entry.created_by == "api:boss"
    assert ledger.balance(db) == 123


def test_history_is_paged_newest_first_with_running_balance(db):
    boss = owner(db)
    for i in range(1, 8):
        ledger.top_up(db, amount_fen=i * 100, reference=f"t{i}", actor=boss)
    with db.write() as session:
        ledger.append(session, kind="purchase", amount_fen=-250, reference="p", actor="boss")
    rows, total = ledger.history(db, page=1, size=3)
    assert total == 8
    assert [r.reference for r in rows] == ["p", "t7", "t6"]
    assert [r.balance_after_fen for r in rows] == [2800 - 250, 2800, 2100]
    page3, _ = ledger.history(db, page=3, size=3)
    assert [r.reference for r in page3] == ["t2", "t1"] and page3[-1].balance_after_fen == 100
    topups, total_topups = ledger.history(db, page=1, size=50, kind="topup")
    assert total_topups == 7 and all(r.kind == "topup" for r in topups)
    assert topups[0].balance_after_fen == 2800  # the running balance counts every entry, not only the filtered
    assert ledger.get_entry(db, rows[0].id).balance_after_fen == 2550


def test_csv_export(db):
    boss = owner(db)
    ledger.top_up(db, amount_fen=12_345, reference="支付宝, 转账", actor=boss)
    with db.write() as session:
        ledger.append(session, kind="purchase", amount_fen=-345, reference="ZTO-100", actor="boss")
    data = ledger.export_csv(db)
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:4] == ["时间", "类型", "金额（元）", "余额（元）"]
    assert rows[1][1:5] == ["充值", "123.45", "123.45", "支付宝, 转账"]
    assert rows[2][1:4] == ["购买", "-3.45", "120.00"]
    english = list(csv.reader(io.StringIO(ledger.export_csv(db, kind="purchase", lang="en").decode("utf-8-sig"))))
    assert english[0][1] == "Kind" and len(english) == 2 and english[1][1] == "purchase"
