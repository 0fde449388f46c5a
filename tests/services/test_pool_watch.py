"""Expiry (with a fake clock) and the low-stock rule, raising and clearing alerts."""

from datetime import timedelta

from sqlalchemy import select

from waybill_ui.db.models import Alert, AuditLog, Waybill
from waybill_ui.clock import utcnow
from waybill_ui.services.pool import allocation
from waybill_ui.services.pool import watch as pool_watch
from waybill_ui.services.settings import store as shop_settings
from tests.pool_helpers import add_numbers, history, ship, zto


def open_alerts(db, kind):
    with db.read() as session:
        return {
            a.carrier_code: a
            for a in session.execute(select(Alert).where(Alert.kind == kind, Alert.status != "resolved")).scalars()
        }


def statuses(db):
    with db.read() as session:
        return dict(session.execute(select(Waybill.number, Waybill.status)).all())


def test_expiry_job_with_a_fake_clock(db):
    t0 = utcnow()
    add_numbers(db, [zto(1), zto(2)], expires_in_days=3, now=t0)
    add_numbers(db, [zto(3)], expires_in_days=20, now=t0)
    add_numbers(db, [zto(4)], now=t0)  # no expiry
    first = pool_watch.expire_due(db, now=t0 + timedelta(days=1))
    assert first.expired == {} and first.expiring == {"ZTO": 2}
    alert = open_alerts(db, "pool_expiring")["ZTO"]
    assert "2 个单号" in alert.message and "7 天" in alert.message and alert.details["count"] == 2

    later = t0 + timedelta(days=4)
    run = pool_watch.expire_due(db, now=later)
    assert run.expired == {"ZTO": 2} and run.expiring == {}
    assert statuses(db) == {zto(1): "expired", zto(2): "expired", zto(3): "available", zto(4): "available"}
    assert "ZTO" not in open_alerts(db, "pool_expiring")  # cleared: nothing expiring within 7 days
    with db.read() as session:
        rows = session.execute(select(AuditLog).where(AuditLog.action == "expire")).scalars().all()
    assert sorted(r.entity_id for r in rows) == [f"ZTO:{zto(1)}", f"ZTO:{zto(2)}"]
    assert all(r.actor == "job:pool_expiry" and r.from_status == "available" and r.to_status == "expired" for r in rows)
    assert pool_watch.expire_due(db, now=later).expired == {}  # idempotent
    with db.write() as session:  # an expired number is never handed out
        assert [n for _, n in allocation.take(session, carrier="ZTO", count=5, now=later)] == [zto(3), zto(4)]


def test_expired_reservation_cannot_be_taken(db):
    t0 = utcnow()
    add_numbers(db, [zto(1)], expires_in_days=1, now=t0)
    with db.write() as session:
        _, _, token = allocation.reserve(session, carrier="ZTO", ttl=timedelta(days=3), now=t0)
    pool_watch.expire_due(db, now=t0 + timedelta(days=2))
    with db.write() as session:
        assert allocation.take_reserved(session, token=token, now=t0 + timedelta(days=2)) is None
    assert statuses(db)[zto(1)] == "expired"


def test_warning_days_is_a_setting(db):
    t0 = utcnow()
    add_numbers(db, [zto(1)], expires_in_days=10, now=t0)
    assert pool_watch.expire_due(db, now=t0).expiring == {}
    shop_settings.put(db, values={"pool.expiry_warn_days": 14}, actor="owner")
    assert pool_watch.expire_due(db, now=t0).expiring == {"ZTO": 1}


def test_low_stock_by_threshold(db):
    add_numbers(db, [zto(i) for i in range(5)])
    assert not pool_watch.check_stock(db)[0].low
    shop_settings.put(db, values={"pool.low_stock_thresholds": {"ZTO": 10}}, actor="owner")
    [v] = pool_watch.check_stock(db)
    assert v.low and v.why == "threshold"
    assert "低于设定的 10 个" in open_alerts(db, "pool_low_stock")["ZTO"].message
    from waybill_ui.services.pool import importing as pool_import

    pool_import.commit_import(db, carrier="ZTO", numbers=[zto(i) for i in range(5, 20)], actor="owner")
    assert "ZTO" not in open_alerts(db, "pool_low_stock")  # the import itself cleared it


def test_low_stock_by_lead_time(db):
    history(db, days=28, per_day=10)
    add_numbers(db, [zto(i) for i in range(25)])  # 2.5 days at 10/day < 3 days lead time
    [v] = [v for v in pool_watch.check_stock(db) if v.carrier == "ZTO"]
    assert v.low and v.why == "lead_time" and round(v.days_left, 1) == 2.5
    shop_settings.put(db, values={"pool.lead_time_days": 2}, actor="owner")
    assert not [v for v in pool_watch.check_stock(db) if v.carrier == "ZTO"][0].low
    assert "ZTO" not in open_alerts(db, "pool_low_stock")


def test_a_recently_used_carrier_with_no_stock_always_alerts(db):
    ship(db, carrier="YTO", number="YT1234567890123", shipped_at=utcnow() - timedelta(days=13))
    ship(db, carrier="STO", number="773123456789012", shipped_at=utcnow() - timedelta(days=40))
    verdicts = {v.carrier: v for v in pool_watch.check_stock(db)}
    assert verdicts["YTO"].low and verdicts["YTO"].why == "empty_but_active"
    assert not verdicts["STO"].low  # last used 40 days ago: no longer in use
    assert set(open_alerts(db, "pool_low_stock")) == {"YTO"}
    pool_watch.check_stock(db)
    with db.read() as session:  # re-running never duplicates
        assert len(session.execute(select(Alert).where(Alert.kind == "pool_low_stock")).all()) == 1


def test_expired_numbers_raise_their_own_alert(db):
    t0 = utcnow()
    add_numbers(db, [zto(1), zto(2)], expires_in_days=1, now=t0)
    run = pool_watch.expire_due(db, now=t0 + timedelta(days=2))
    assert run.expired == {"ZTO": 2}
    alert = open_alerts(db, "pool_expired")["ZTO"]
    assert "2 个单号已过期" in alert.message and "不能再用于发货" in alert.message
    assert pool_watch.expire_due(db, now=t0 + timedelta(days=3)).expired == {}
    assert open_alerts(db, "pool_expired")["ZTO"].id == alert.id  # the same alert, not a new one


def test_expiring_alert_offers_only_what_applies_to_the_origin(db):
    t0 = utcnow()
    add_numbers(db, [zto(1)], expires_in_days=3, now=t0)  # imported from an outlet
    pool_watch.expire_due(db, now=t0)
    outlet = open_alerts(db, "pool_expiring")["ZTO"].message
    assert "网点导入" in outlet and "申请延期/退款" not in outlet
    add_numbers(db, [zto(2)], expires_in_days=3, now=t0, origin="purchase", cost_fen=10)
    pool_watch.expire_due(db, now=t0)
    mixed = open_alerts(db, "pool_expiring")["ZTO"]
    assert "其中 1 个是在物流市场采购的" in mixed.message and mixed.details["bought"] == 1
