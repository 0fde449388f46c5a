"""The market's scheduler jobs, run by hand (the scheduler is off in tests)."""

from types import SimpleNamespace

from tests.market_support import Network, add_parcels, fund, load_catalogue, owner
from waybill_ui.jobs import market_ratings, purchase_sync
from waybill_ui.runtime import Bus
from waybill_ui.services import market, number_sync, purchases


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
