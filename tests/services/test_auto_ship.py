"""Auto-ship: off by default; rule-matched orders with stock only; a daily cap; a log."""

from sqlalchemy import text

from tests.fixtures.shop import add_orders, add_stock, seed_catalogue, status_of
from waybill_ui.db.models import MatchingRule
from waybill_ui.clock import utcnow
from waybill_ui.services.shipping import auto as auto_ship
from waybill_ui.services.settings import store as shop_settings


def test_off_by_default(db):
    seed_catalogue(db)
    add_stock(db, "ZTO", 5)
    add_orders(db, 2)
    assert auto_ship.run_auto_ship(db).note == "disabled"
    with db.read() as session:
        assert session.execute(text("SELECT count(*) FROM shipment")).scalar() == 0


def test_ships_rule_matched_orders_with_stock_within_the_daily_cap(db):
    seed_catalogue(db)
    with db.write() as session:
        session.add(MatchingRule(position=1, provinces=["浙江省"], carrier_code="ZTO"))
        session.add(MatchingRule(position=2, provinces=["新疆维吾尔自治区"], carrier_code="EMS"))
    add_stock(db, "ZTO", 10)
    zhejiang = add_orders(db, 4, prefix="ZJ")  # ZJ…03 was paid first
    xinjiang = add_orders(db, 2, prefix="XJ", province="新疆维吾尔自治区", city="乌鲁木齐市")  # EMS: no stock
    guangdong = add_orders(db, 2, prefix="GD", province="广东省", city="广州市")  # no rule: left for a person
    shop_settings.put(db, values={"autoship.enabled": True, "autoship.daily_cap": 3}, actor="boss")
    now = utcnow()
    first = auto_ship.run_auto_ship(db, now=now)
    assert (first.note, first.shipped) == ("shipped", 3)
    assert [status_of(db, n) for n in zhejiang] == ["pending", "shipped", "shipped", "shipped"]  # oldest paid first
    assert all(status_of(db, n) == "pending" for n in xinjiang + guangdong)
    assert auto_ship.run_auto_ship(db, now=now).note == "cap_reached"
    shop_settings.put(db, values={"autoship.daily_cap": 10}, actor="boss")
    second = auto_ship.run_auto_ship(db, now=now)
    assert (second.shipped, second.no_rule, second.no_stock) == (1, 2, 2)  # the rest went through the list
    assert status_of(db, zhejiang[0]) == "shipped"
    assert auto_ship.run_auto_ship(db, now=now).note == "nothing"
    log = auto_ship.recent_runs(db)
    assert [b.shipped for b in log] == [1, 3] and {b.source for b in log} == {"auto"}
    with db.read() as session:
        actors = set(session.execute(text("SELECT DISTINCT created_by FROM shipment")).scalars())
    assert actors == {"job:auto_ship"}
