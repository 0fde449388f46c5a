"""The market's scheduler jobs, run by hand (the scheduler is off in tests)."""

from types import SimpleNamespace

from tests.market_support import Network, add_parcels, fund, load_catalogue, owner
from waybill_ui.jobs import market_ratings, purchase_sync
from waybill_ui.events import Bus
from waybill_ui.services.market import quotes as market
from waybill_ui.services.market import number_sync
from waybill_ui.services.market import purchases


class FakeScheduler:
    def __init__(self):
        self.jobs = {}

    def add_job(self, func, trigger, **kwargs):
        self.jobs[kwargs["id"]] = (func, trigger, kwargs)


async def test_startup_resumes_open_purchases_and_ratings_stay_warm(db, tmp_path):
    load_catalogue(db)
    boss = owner(db)
    fund(db, 10_000, boss)
    network = Network(tmp_path, faults="5xx=1")
    runtime = SimpleNamespace(db=db, providers=SimpleNamespace(market=network.provider), bus=Bus())
    scheduler = FakeScheduler()
    purchase_sync.register(scheduler, runtime)
    market_ratings.register(scheduler, runtime)
    assert {"purchases.resume", "purchases.sync", "market.ratings"} <= set(scheduler.jobs)
    p = purchases.checkout(db, package_id="ZTO-100", quantity=1, idempotency_key="k", actor=boss).purchase
    await number_sync.sync_purchase(db, provider=network.provider, purchase_id=p.id)  # fails: backoff
    network.faults("")
    resume, trigger, kwargs = scheduler.jobs["purchases.resume"]
    assert trigger == "date"
    assert await resume(*kwargs["args"]) == 1
    assert purchases.get_purchase(db, p.id).purchase.status == "synced"
    # ratings: cached between refreshes, refreshed by the job
    assert market.carrier_ratings(db)["ZTO"].delivered == 0
    add_parcels(db, "ZTO", "广东省", 3, days=2, now=purchases.utcnow())
    assert market.carrier_ratings(db)["ZTO"].delivered == 0  # still the cached figures
    refresh, _, _ = scheduler.jobs["market.ratings"]
    await refresh()
    assert market.carrier_ratings(db)["ZTO"].delivered == 3
    await network.close()


async def test_catalogue_refresh_job_fills_the_local_catalogue_and_tells_the_pages(db, tmp_path, published):
    from datetime import timedelta

    from waybill_ui.clock import utcnow
    from waybill_ui.jobs import catalogue as catalogue_job
    from waybill_ui.services.market import catalogue

    network = Network(tmp_path)
    heard = published
    runtime = SimpleNamespace(db=db, providers=SimpleNamespace(market=network.provider), bus=Bus())
    scheduler = FakeScheduler()
    before = utcnow()
    catalogue_job.register(scheduler, runtime)
    refresh, trigger, kwargs = scheduler.jobs["catalogue.refresh"]
    assert trigger == "interval" and kwargs["hours"] == 1
    assert before < kwargs["next_run_time"] <= utcnow() + timedelta(seconds=5)  # first run right after start
    assert catalogue.list_carriers(db) == []
    try:
        assert await refresh() is None
        carriers = {c.code: (c, packages) for c, packages in catalogue.list_carriers(db)}
        assert {"ZTO", "SF", "JTSD", "EMS"} <= set(carriers)
        zto, packages = carriers["ZTO"]
        assert zto.prices["local"]["first_fen"] == 350 and zto.source == network.provider.name
        assert [p.id for p in packages] == ["ZTO-100", "ZTO-500", "ZTO-1000", "ZTO-5000"]
        assert [e.name for e in heard] == ["CatalogueChanged"]
    finally:
        await network.close()


async def test_catalogue_refresh_job_logs_a_provider_error_and_keeps_the_old_copy(db, tmp_path, caplog, published):
    import logging

    from waybill_ui.carriers.protocol import ProviderError
    from waybill_ui.jobs import catalogue as catalogue_job
    from waybill_ui.services.market import catalogue

    load_catalogue(db)

    class Down:
        name = "down"

        async def catalogue(self):
            raise ProviderError("network unreachable")

    scheduler = FakeScheduler()
    catalogue_job.register(scheduler, SimpleNamespace(db=db, providers=SimpleNamespace(market=Down()), bus=Bus()))
    refresh, _, _ = scheduler.jobs["catalogue.refresh"]
    with caplog.at_level(logging.INFO):
        assert await refresh() is None  # does not raise
    mine = [r for r in caplog.records if r.name == "waybill_ui.jobs.catalogue"]
    assert [r.levelno for r in mine] == [logging.WARNING]
    assert "network unreachable" in mine[0].getMessage()
    # handled in the job itself, not by `guarded` (which would log an error with a traceback)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not [e for e in published if "catalogue" in e.topics]
    assert {c.source for c, _ in catalogue.list_carriers(db)} == {"sandbox"}  # the old copy is kept
