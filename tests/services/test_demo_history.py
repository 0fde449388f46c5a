"""seed-demo makes a believable shop's last weeks: shipments spread over the days, parcels
delivered, late, refused and sent back in realistic shares, purchases with a refund, a sender,
and only the alerts this history calls for — so the dashboard and the reports show something true."""

from collections import Counter

from sqlalchemy import func, select, text

from waybill_ui.db import dialect
from waybill_ui.db.models import Shipment
from waybill_ui.clock import SHANGHAI, utcnow
from waybill_ui.services.reports import dashboard
from waybill_ui.services.system import demo
from waybill_ui.services.reports import summary as reports
from waybill_ui.services.reports.tables import preset


def rows(db, sql):
    with db.read() as session:
        return session.execute(text(sql)).all()


def test_history_is_spread_and_believable(db):
    entered = {}
    result = demo.seed_demo(db, orders=40, seed=3, enter_network=lambda n, c, to, at: entered.setdefault(n, at))
    assert result["shipped"] > 400
    days = {d for (d,) in rows(db, "SELECT substr(CAST(shipped_at AS text), 1, 10) FROM shipment")}
    assert len(days) >= 40  # every day of the period, not one bar
    statuses = Counter(dict(rows(db, "SELECT status, count(*) FROM shipment GROUP BY status")))
    total = sum(statuses.values())
    assert 0.75 < statuses["delivered"] / total < 0.97
    assert statuses["returned"] + statuses["returning"] + statuses["refused"] >= 5  # refused and sent back
    assert statuses["in_transit"] + statuses["picked_up"] + statuses["pending"] >= 5  # recent ones still moving
    # transit times are real: picked up and delivered at the events' times
    with db.read() as session:
        hours = session.execute(
            select(func.avg(dialect.days_between(Shipment.delivered_at, Shipment.picked_up_at) * 24)).where(
                Shipment.delivered_at.is_not(None)
            )
        ).scalar()
    assert 15 < hours < 120
    [(events,)] = rows(db, "SELECT count(*) FROM tracking_event")
    assert events > 5 * total
    # every parcel still travelling entered the embedded network when it shipped
    moving = rows(db, "SELECT number FROM shipment WHERE next_check_at IS NOT NULL")
    assert moving and all(n in entered for (n,) in moving)
    # money: purchases paid from a top-up, one refund
    kinds = Counter(k for (k,) in rows(db, "SELECT kind FROM ledger_entry"))
    assert kinds["purchase"] == 6 and kinds["refund"] == 1 and kinds["topup"] == 2
    assert rows(db, "SELECT count(*) FROM waybill WHERE status = 'refunded'") == [(100,)]
    assert rows(db, "SELECT count(*) FROM sender_address WHERE is_default") == [(1,)]
    # alerts: a few open ones about recent trouble; last month's returns were handled
    open_alerts = Counter(k for (k,) in rows(db, "SELECT kind FROM alert WHERE status != 'resolved'"))
    assert 1 <= sum(v for k, v in open_alerts.items() if not k.startswith("pool_")) <= 25
    assert rows(db, "SELECT count(*) FROM alert WHERE status = 'resolved'")[0][0] >= 3
    assert rows(db, "SELECT count(*) FROM orders WHERE status = 'pending'") == [(40,)]


def test_dashboard_and_reports_have_something_to_show(db):
    demo.seed_demo(db, orders=10, seed=4)
    snap = dashboard.snapshot(db)
    assert sum(sum(v) for v in snap.per_day.values()) > 300
    assert sum(1 for values in snap.per_day.values() for v in values if v) > 60  # many days, many carriers
    carriers = [r for r in snap.carriers.rows if r["delivered"]]
    assert len(carriers) >= 5 and all(0.5 < r["on_time_rate"] <= 1 for r in carriers)
    assert any(p.need for p in snap.forecast)
    today = utcnow().astimezone(SHANGHAI).date()
    report = reports.build(db, period=preset("last_30", today=today), lang="zh")
    carrier_rows = report.tables["carriers"].rows
    assert any(r["shipments"] for r in carrier_rows)
    assert all(r["avg_transit_days"] and r["avg_transit_days"] > 0.3 for r in carrier_rows if r["delivered"])
    assert any(r["returned_rate"] for r in carrier_rows)
    assert report.tables["provinces"].rows and report.tables["pool"].rows
