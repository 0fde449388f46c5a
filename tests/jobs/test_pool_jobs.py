"""The pool's scheduled jobs, run directly (jobs are off in tests) with a fake clock."""

from datetime import timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import select

from tests.pool_helpers import FakeMarket, add_numbers, add_purchase, ship, zto
from waybill_ui import events
from waybill_ui.carriers.registry import Providers
from waybill_ui.db.models import Alert, Waybill
from waybill_ui.clock import utcnow
from waybill_ui.jobs import pool_expiry, pool_low_stock, pool_recycle
from waybill_ui.runtime import Runtime
from waybill_ui.services.pool import allocation


def make_runtime(db, settings):
    market = FakeMarket()
    rt = Runtime(settings=settings, db=db, providers=Providers(market=market, tracking=market))
    return rt, market, None


def pool_news(published):
    return [e for e in published if isinstance(e, events.PoolChanged)]


async def test_expiry_job_marks_and_publishes(db, settings, published):
    rt, _, _ = make_runtime(db, settings)
    t0 = utcnow()
    add_numbers(db, [zto(1)], expires_in_days=1, now=t0)
    assert (await pool_expiry.run_once(rt, now=t0)).expiring == {"ZTO": 1}
    result = await pool_expiry.run_once(rt, now=t0 + timedelta(days=2))
    assert result.expired == {"ZTO": 1} and pool_news(published)[-1] == events.PoolChanged("expired", {"ZTO": 1})
    with db.read() as session:
        assert session.execute(select(Waybill.status)).scalar() == "expired"


async def test_low_stock_job(db, settings):
    rt, _, _ = make_runtime(db, settings)
    ship(db, carrier="ZTO", number=zto(1))
    verdicts = await pool_low_stock.run_once(rt)
    assert [v.why for v in verdicts if v.carrier == "ZTO"] == ["empty_but_active"]
    with db.read() as session:
        assert session.execute(select(Alert.kind)).scalar() == "pool_low_stock"


async def test_recycle_job(db, settings, published):
    rt, market, _ = make_runtime(db, settings)
    add_numbers(db, [zto(1)], origin="purchase", purchase_id=add_purchase(db), cost_fen=10)
    with db.write() as session:
        [(wid, _)] = allocation.take(session, carrier="ZTO", count=1)
        allocation.void(session, waybill_id=wid)
    assert (await pool_recycle.run_once(rt)).recycled == 1
    assert market.calls == [("cancel", "ZTO", zto(1))] and pool_news(published)[-1] == events.PoolChanged("recycled")


def test_jobs_register_daily_startup_and_intervals(db, settings):
    rt, _, _ = make_runtime(db, settings)
    scheduler = AsyncIOScheduler()
    for module in (pool_expiry, pool_low_stock, pool_recycle):
        module.register(scheduler, rt)
    ids = {job.id for job in scheduler.get_jobs()}
    assert {"pool.expiry", "pool.expiry.startup", "pool.low_stock", "pool.recycle"} <= ids


async def test_a_pool_change_triggers_an_expiry_check_soon(db, settings):
    """Numbers imported today that expire in 5 days raise 即将过期 within seconds, not at 03:00."""
    rt, _, _ = make_runtime(db, settings)
    scheduler = AsyncIOScheduler()
    scheduler.start(paused=True)  # jobs land in the job store, where replace_existing applies
    pool_expiry.register(scheduler, rt)
    rt.bus.publish(events.PoolChanged(reason="imported", counts={"ZTO": 3}))
    job = scheduler.get_job("pool.expiry.after_change")
    assert job is not None
    first_run = job.trigger.run_date
    rt.bus.publish(events.PoolChanged(reason="imported", counts={"ZTO": 1}))  # a burst: still one check, pushed back
    assert len([j for j in scheduler.get_jobs() if j.id == "pool.expiry.after_change"]) == 1
    assert scheduler.get_job("pool.expiry.after_change").trigger.run_date >= first_run
    scheduler.remove_job("pool.expiry.after_change")
    rt.bus.publish(events.PoolChanged(reason="expired"))  # the check's own news starts no new check
    assert scheduler.get_job("pool.expiry.after_change") is None
    # and the hourly run exists
    assert scheduler.get_job("pool.expiry").trigger.interval == timedelta(hours=1)
    scheduler.shutdown(wait=False)
