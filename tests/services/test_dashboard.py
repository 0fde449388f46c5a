"""The dashboard's figures on a known shop, seen at a fixed moment."""

import pytest

from waybill_ui.services.reports import dashboard
from waybill_ui.services.common.errors import Forbidden
from waybill_ui.services.accounts.users import Principal
from tests.fixtures.shop import add_orders
from tests.report_data import alert, january, local, shipment


def test_an_empty_shop(db):
    snap = dashboard.snapshot(db)
    assert snap.empty and snap.stock == [] and snap.carriers is None


def test_figures_on_a_known_day(db):
    january(db)
    now = local(1, 20, 18)  # 20 January, 18:00 Beijing time
    add_orders(db, 3, ordered_at=local(1, 20, 9))  # today
    add_orders(db, 2, prefix="8000", ordered_at=local(1, 19, 23, 30))  # yesterday evening
    alert(db, "pool_low_stock", created=local(1, 20, 8))
    snap = dashboard.snapshot(db, now=now)
    assert not snap.empty
    assert (snap.pending_orders, snap.new_orders_today) == (5, 3)
    assert snap.shipped_today == 2  # the two YTO parcels of 20 January 10:00
    # open alerts now: one pickup delay of 11 January, the low-stock one; resolved ones left out
    assert snap.alerts_by_kind == {"pickup_overdue": 1, "pool_low_stock": 1} and snap.alerts_open == 2
    # shipments of the last 30 days (cancelled left out), by status
    # shipments of the last 30 days by status (the cancelled one left out): all of January's up to now
    assert snap.shipments_by_status == {"delivered": 4, "in_transit": 1, "exception": 1, "refused": 1}
    assert len(snap.days) == 30 and snap.days[-1] == "01-20"
    assert snap.per_day["ZTO"][snap.days.index("01-05")] == 2
    assert snap.per_day["YTO"][snap.days.index("01-01")] == 1  # 07:00 Beijing time, still 31 Dec in UTC
    zto = next(r for r in snap.carriers.rows if r["code"] == "ZTO")
    assert (zto["shipments"], zto["spend_fen"]) == (4, 500)
    assert {s.carrier for s in snap.stock} >= {"ZTO", "YTO"}


def test_per_day_counts_shop_days(db):
    january(db)
    shipment(db, "ZTO", province="浙江省", shipped=local(1, 10, 23, 59))
    days, series = dashboard.per_day(db, now=local(1, 11, 12), days=3)
    assert days == ["01-09", "01-10", "01-11"]
    assert series["ZTO"] == [0, 3, 0]


def test_only_the_owner_loads_demo_data(db):
    with pytest.raises(Forbidden):
        dashboard.load_demo(db, principal=Principal(id=2, username="staff1", role="staff"))
    done = dashboard.load_demo(db, principal=Principal(id=1, username="owner", role="owner"), seed=1)
    assert done["orders"] == 300
    assert dashboard.counts(db).pending_orders == 300
