"""The tracking jobs, called directly with a fake clock (jobs are off in tests)."""

from datetime import datetime, timedelta, timezone

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from tests.tracking_factories import FakeProvider, event, make_shipment, result
from waybill_ui.carriers.registry import Providers
from waybill_ui.carriers.status import TrackingStatus as S
from waybill_ui.jobs import tracking_refresh
from waybill_ui.runtime import Runtime

T0 = datetime(2026, 5, 1, tzinfo=timezone.utc)


def runtime_with(settings, db, provider):
    return Runtime(settings=settings, db=db, providers=Providers(market=provider, tracking=provider))


async def test_job_refreshes_due_shipments_and_publishes(settings, db, published):
    sid = make_shipment(db, number="YT9000000004242", shipped_at=T0)
    provider = FakeProvider(
        {
            "YT9000000004242": result(
                "YT9000000004242",
                [event(1, "已揽收", S.picked_up, start=T0), event(30, "快件异常：地址不详", S.exception, start=T0)],
            )
        }
    )
    rt = runtime_with(settings, db, provider)
    now = T0 + timedelta(hours=31)
    summary = await tracking_refresh.refresh_once(rt, now_fn=lambda: now)
    news = [e.ids for e in published if "shipments" in e.topics]
    alerts_news = [e for e in published if "alerts" in e.topics]
    assert summary.checked == 1 and news == [(sid,)] and alerts_news  # the exception raised an alert
    assert (await tracking_refresh.refresh_once(rt, now_fn=lambda: now)).checked == 0  # not due again yet
    later = now + timedelta(hours=5)
    assert (await tracking_refresh.refresh_once(rt, now_fn=lambda: later)).checked == 1


async def test_sweep_job_raises_time_based_alerts_between_looks(settings, db):
    sid = make_shipment(db, shipped_at=T0, next_check_at=T0 + timedelta(days=9), last_checked_at=T0)
    rt = runtime_with(settings, db, FakeProvider())
    assert await tracking_refresh.sweep_once(rt, now_fn=lambda: T0 + timedelta(hours=12)) == set()
    assert await tracking_refresh.sweep_once(rt, now_fn=lambda: T0 + timedelta(hours=25)) == {sid}


def test_jobs_register_with_ticks_for_the_clock_in_use(settings, db):
    scheduler = AsyncIOScheduler(timezone=timezone.utc)
    tracking_refresh.register(scheduler, runtime_with(settings, db, FakeProvider()))
    assert {j.id for j in scheduler.get_jobs()} == {"tracking.refresh", "alerts.sweep"}
    assert tracking_refresh.ticks(1.0) == (20.0, 300.0)
    assert tracking_refresh.ticks(3600.0) == (1.0, 2.0)
