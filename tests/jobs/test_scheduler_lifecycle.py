"""The scheduler's shared guard and its graceful stop (what keeps shutdown free of tracebacks
and keeps the HTTP client open while a run is still using it)."""

import asyncio
import logging
from datetime import timedelta

from waybill_ui.clock import utcnow
from waybill_ui.jobs import guarded, running, stop_scheduler


async def test_a_failing_run_is_logged_and_returns(caplog):
    async def boom() -> None:
        raise ValueError("provider said no")

    with caplog.at_level(logging.ERROR, logger="waybill_ui.jobs"):
        assert await guarded("demo job", boom)() is None
    assert "demo job failed" in caplog.text and "provider said no" in caplog.text
    assert not running


async def test_stop_waits_for_a_run_in_progress_then_cancels_a_hung_one_quietly(caplog):
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    finished, started = [], asyncio.Event()
    resource = {"open": True}

    async def slow() -> None:
        started.set()
        await asyncio.sleep(0.3)
        finished.append(resource["open"])  # the client must still be open when the run ends

    scheduler = AsyncIOScheduler()
    scheduler.add_job(guarded("slow job", slow), "date", run_date=utcnow() + timedelta(milliseconds=10))
    scheduler.start()
    await asyncio.wait_for(started.wait(), 5)
    await stop_scheduler(scheduler, grace_s=5)
    resource["open"] = False
    assert finished == [True]
    assert not scheduler.running

    hung_started = asyncio.Event()

    async def hung() -> None:
        hung_started.set()
        await asyncio.sleep(3600)

    scheduler = AsyncIOScheduler()
    scheduler.add_job(guarded("hung job", hung), "date", run_date=utcnow() + timedelta(milliseconds=10))
    scheduler.start()
    await asyncio.wait_for(hung_started.wait(), 5)
    with caplog.at_level(logging.INFO):
        await stop_scheduler(scheduler, grace_s=0.2)
    assert not running
    assert "hung job stopped: the app is shutting down" in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text


async def test_stop_also_waits_for_a_purchase_sync_started_after_payment(monkeypatch):

    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from waybill_ui.services.market import number_sync
    from waybill_ui.services.market import checkout as purchasing

    synced = []

    async def slow_sync(db, *, provider, purchase_id, actor, manual):  # the provider takes a moment
        await asyncio.sleep(0.3)
        synced.append(purchase_id)

    monkeypatch.setattr(number_sync, "sync_purchase", slow_sync)
    task = purchasing.sync_in_background(None, provider=None, purchase_id=7, actor="owner")
    assert task in running
    scheduler = AsyncIOScheduler()
    scheduler.start()
    await stop_scheduler(scheduler, grace_s=5)
    assert synced == [7] and task.done() and not running
