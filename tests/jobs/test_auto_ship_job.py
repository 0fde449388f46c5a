"""The auto-ship job, run by hand (the scheduler is off in tests)."""

from types import SimpleNamespace

from sqlalchemy import text

from tests.fixtures.shop import add_orders, add_stock, seed_catalogue, status_of
from waybill_ui.db.models import MatchingRule
from waybill_ui.jobs import auto_ship as auto_ship_job
from waybill_ui.events import Bus
from waybill_ui.services.shipping import auto as auto_ship
from waybill_ui.services.settings import store as shop_settings


class FakeScheduler:
    def __init__(self):
        self.jobs = {}

    def add_job(self, func, trigger, **kwargs):
        self.jobs[kwargs["id"]] = (func, trigger, kwargs)


def shipments(db) -> int:
    with db.read() as session:
        return session.execute(text("SELECT count(*) FROM shipment")).scalar()


def setup(db, published):
    seed_catalogue(db)
    with db.write() as session:
        session.add(MatchingRule(position=1, provinces=["浙江省"], carrier_code="ZTO"))
    add_stock(db, "ZTO", 10)
    scheduler = FakeScheduler()
    auto_ship_job.register(scheduler, SimpleNamespace(db=db, bus=Bus()))
    return scheduler, OrderNews(published)


class OrderNews:
    """The "orders" notices among everything published (the batch ship tells the pages)."""

    def __init__(self, published):
        self.published = published

    def items(self):
        return [e for e in self.published if "orders" in e.topics]

    def __len__(self):
        return len(self.items())

    def __eq__(self, other):
        return self.items() == other


def test_registered_every_few_minutes(db):
    scheduler = FakeScheduler()
    auto_ship_job.register(scheduler, SimpleNamespace(db=db, bus=Bus()))
    _, trigger, kwargs = scheduler.jobs["auto_ship.tick"]
    assert trigger == "interval" and kwargs["minutes"] == auto_ship_job.EVERY_MINUTES == 10


async def test_tick_ships_nothing_while_auto_ship_is_off(db, published):
    scheduler, heard = setup(db, published)
    orders = add_orders(db, 3)
    tick, _, _ = scheduler.jobs["auto_ship.tick"]
    assert await tick() is None
    assert shipments(db) == 0 and all(status_of(db, n) == "pending" for n in orders)
    assert heard == [] and auto_ship.recent_runs(db) == []


async def test_tick_ships_when_switched_on_and_tells_the_order_pages(db, published):
    scheduler, heard = setup(db, published)
    orders = add_orders(db, 3)
    shop_settings.put(db, values={"autoship.enabled": True, "autoship.daily_cap": 50}, actor="boss")
    tick, _, _ = scheduler.jobs["auto_ship.tick"]
    await tick()
    assert shipments(db) == 3 and all(status_of(db, n) == "shipped" for n in orders)
    assert len(heard) == 1
    [run] = auto_ship.recent_runs(db)
    assert run.shipped == 3 and run.source == "auto"
    await tick()  # nothing left: no news
    assert len(heard) == 1 and shipments(db) == 3
    shop_settings.put(db, values={"autoship.enabled": False}, actor="boss")
    later = add_orders(db, 2, prefix="LATE")
    await tick()
    assert all(status_of(db, n) == "pending" for n in later) and len(heard) == 1
