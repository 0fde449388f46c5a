"""Every state change of a number leaves an audit row (who, when, from, to, why) written in the
same transaction; the trail can be filtered, paged and exported."""

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from waybill_ui.services.accounts.users import Principal
from waybill_ui.db.models import AuditLog
from waybill_ui.clock import utcnow
from waybill_ui.services.pool import allocation
from waybill_ui.services.pool import history as pool_audit
from waybill_ui.services.pool import export as pool_export
from waybill_ui.services.pool import importing as pool_import
from waybill_ui.services.pool import provider_ops as pool_provider
from waybill_ui.services.pool import recycling as pool_recycling
from waybill_ui.services.pool import watch as pool_watch
from tests.pool_helpers import FakeMarket, add_numbers, add_purchase, zto

OWNER_P = Principal(1, "owner", "owner")


def trail(db, number, carrier="ZTO"):
    with db.read() as session:
        return [
            (r["action"], r["from_status"], r["to_status"], r["actor"], r["reason"])
            for r in pool_audit.history_in(session, carrier=carrier, number=number)
        ]


async def test_every_transition_is_audited(db):
    t0 = utcnow()
    pool_import.commit_import(
        db, carrier="ZTO", numbers=[zto(1), zto(2), zto(3)], actor="owner", expires_at=t0 + timedelta(days=2)
    )
    purchase = add_purchase(db)
    add_numbers(
        db, [zto(10), zto(11), zto(12)], origin="purchase", cost_fen=10, purchase_id=purchase, expires_in_days=30
    )
    with db.write() as session:
        [(w1, n1)] = allocation.take(session, carrier="ZTO", count=1, actor="staff1")
        _, n2, token = allocation.reserve(session, carrier="ZTO")
        assert allocation.take_reserved(session, token=token, actor="staff1", reason="order TB1")
        assert allocation.void(session, waybill_id=w1, actor="staff1")
    assert (n1, n2) == (zto(1), zto(2))
    pool_watch.expire_due(db, now=t0 + timedelta(days=3))
    market = FakeMarket()
    await pool_provider.refund(db, market, carrier="ZTO", numbers=[zto(10)], actor=OWNER_P)
    await pool_provider.extend(db, market, carrier="ZTO", numbers=[zto(11)], days=10, actor=OWNER_P)
    with db.write() as session:
        [(w12, _)] = allocation.take(session, carrier="ZTO", count=1, actor="staff1", now=t0 + timedelta(days=3))
        allocation.void(session, waybill_id=w12, actor="staff1")
    await pool_recycling.recycle_pending(db, market)

    assert trail(db, zto(1)) == [
        ("import", "", "available", "owner", "outlet_import"),
        ("allocate", "available", "used", "staff1", "allocated"),
        ("void", "used", "voided", "staff1", "shipment_cancelled"),
    ]
    assert trail(db, zto(2))[-1] == ("allocate", "available", "used", "staff1", "order TB1")
    assert trail(db, zto(3))[-1] == ("expire", "available", "expired", "job:pool_expiry", "past_expiry")
    assert trail(db, zto(10)) == [("refund", "available", "refunded", "owner", "refund")]
    assert trail(db, zto(11)) == [("extend", "available", "available", "owner", "extend")]
    assert trail(db, zto(12)) == [
        ("allocate", "available", "used", "staff1", "allocated"),
        ("void", "used", "voided", "staff1", "shipment_cancelled"),
        ("recycle", "voided", "voided", "job:pool_recycle", "provider_confirmed"),
    ]
    with db.read() as session:
        times = [r.at for r in session.execute(select(AuditLog).where(AuditLog.entity == "waybill")).scalars()]
    assert all(t.tzinfo is not None for t in times)


def test_an_audit_row_never_outlives_a_rolled_back_change(db):
    add_numbers(db, [zto(1)])
    with pytest.raises(RuntimeError):
        with db.write() as session:
            allocation.take(session, carrier="ZTO", count=1, actor="staff1")
            raise RuntimeError("the shipment could not be written")
    assert trail(db, zto(1)) == []
    with db.read() as session:
        assert session.execute(select(AuditLog.id)).first() is None


def test_filter_page_and_export_the_trail(db):
    pool_import.commit_import(db, carrier="ZTO", numbers=[zto(i) for i in range(30)], actor="owner")
    pool_import.commit_import(db, carrier="YTO", numbers=["YT1234567890123"], actor="=cmd|' /C calc'!A0")
    with db.write() as session:
        allocation.take(session, carrier="ZTO", count=5, actor="staff1")
    rows, total = pool_audit.list_audit(db, page=1, size=10)
    assert total == 36 and len(rows) == 10 and rows[0]["action"] == "allocate"  # newest first
    f = pool_audit.AuditFilter
    assert pool_audit.list_audit(db, filters=f(carrier="ZTO"))[1] == 35
    assert pool_audit.list_audit(db, filters=f(carrier="YTO"))[1] == 1
    assert pool_audit.list_audit(db, filters=f(action="allocate", actor="staff1"))[1] == 5
    assert pool_audit.list_audit(db, filters=f(q=zto(3)))[1] == 2
    assert pool_audit.list_audit(db, filters=f(since=utcnow() + timedelta(minutes=1)))[1] == 0
    data = pool_export.audit_csv(db, filters=f(carrier="YTO"))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:4] == ["时间", "操作人", "快递公司", "单号"] and len(rows) == 2
    assert rows[1][1].startswith("'=") and rows[1][4] == "导入" and rows[1][7] == "从快递网点导入"
    en = list(
        csv.reader(io.StringIO(pool_export.audit_csv(db, filters=f(carrier="YTO"), lang="en").decode("utf-8-sig")))
    )
    assert en[0][0] == "Time" and en[1][4] == "imported"


def test_a_numbers_history_includes_rows_keyed_by_its_id(db):
    from waybill_ui.services.accounts import audit
    from waybill_ui.services.pool import numbers as pool_numbers

    add_numbers(db, [zto(1)])
    with db.write() as session:
        [(wid, _)] = allocation.take(session, carrier="ZTO", count=1, actor="staff1")
        audit.record(session, actor="staff1", entity="waybill", entity_id=wid, action="printed", reason="label")
    detail = pool_numbers.number_detail(db, carrier="ZTO", number=zto(1))
    assert [(h["action"], h["number"]) for h in detail.history] == [("allocate", zto(1)), ("printed", zto(1))]
