"""The embedded network through HTTP, as the app reaches it: market ops, tracking, faults."""

import time

import httpx
import pytest
from fastapi import FastAPI

from waybill_ui.carriers.http import ProviderHTTP
from waybill_ui.carriers.protocol import ProviderConfigError, ProviderError, TrackQuery
from waybill_ui.carriers.sandbox import SandboxProvider
from waybill_ui.carriers.status import TrackingStatus
from waybill_ui.sandbox import numbers, timeline
from waybill_ui.sandbox.faults import FaultPlan
from waybill_ui.sandbox.server import PREFIX, build_router

from .conftest import CUSTOMER, KEY, LiveServer, make_sandbox


def provider_for(box, *, retries=0, timeout_s=2.0, key=KEY, base_url="http://net.test"):
    app = FastAPI()
    app.include_router(build_router(lambda: box))
    transport = httpx.ASGITransport(app) if base_url == "http://net.test" else None
    http = ProviderHTTP(retries=retries, timeout_s=timeout_s, backoff_s=0.001, transport=transport)
    return SandboxProvider(http, base_url=f"{base_url}{PREFIX}", customer=CUSTOMER, key=key), http


async def test_catalogue_has_the_nine_carriers_with_packages(provider):
    offers = await provider.catalogue()
    assert {o.code for o in offers} == {"SF", "ZTO", "YTO", "STO", "YD", "JTSD", "EMS", "JD", "DBL"}
    for offer in offers:
        assert set(offer.prices) == {"local", "region", "national", "remote"}
        assert [p.quantity for p in offer.packages] == [100, 500, 1000, 5000]
        for pkg in offer.packages:
            assert pkg.price_fen % pkg.quantity == 0  # whole fen per number: exact refunds
    assert any("西藏自治区" in o.provinces_excluded for o in offers)


async def test_issue_numbers_and_wrong_key_is_refused(sandbox, provider):
    issued = await provider.issue_numbers(order_ref="o-1", carrier="SF", quantity=100, validity_days=90)
    assert len(issued.numbers) == 100 and issued.expires_at is not None
    bad, http = provider_for(sandbox, key="wrong")
    with pytest.raises(ProviderConfigError):
        await bad.issue_numbers(order_ref="o-2", carrier="SF", quantity=1)
    await http.aclose()


async def test_cancel_refund_extend(sandbox, provider):
    issued = await provider.issue_numbers(order_ref="o-1", carrier="YTO", quantity=100, validity_days=90)
    a, b, c = issued.numbers[:3]
    assert await provider.cancel_number(carrier="YTO", number=a)
    refund = await provider.refund_numbers(carrier="YTO", numbers=[a, b, "YT0000000000001"])
    assert refund.done == [b]
    assert refund.rejected[a] == "already_cancelled"
    assert refund.rejected["YT0000000000001"] == "not_issued_here"
    ext = await provider.extend_numbers(carrier="YTO", numbers=[c, b], days=30)
    assert ext.done == [c] and ext.fee_fen == 1 and "already_refunded" in ext.rejected[b]


async def test_tracking_speaks_kuaidi100_and_moves_with_simulated_time(shop_clock, tmp_path):
    box = make_sandbox(tmp_path, speed=3600 * 24 * 10)  # ten simulated days per real second
    provider, http = provider_for(box)
    number = numbers.number_at(0, "YTO", 5)
    query = TrackQuery(carrier="YTO", number=number, to_text="广东省深圳市南山区")
    first = await provider.track(query)
    assert first.status is None  # Kuaidi100 500: no trace yet, not an error
    shop_clock.jump(seconds=1.2)
    later = await provider.track(query)
    assert later.status in {TrackingStatus.delivered, TrackingStatus.returned}
    assert later.events[0].status == TrackingStatus.picked_up  # oldest first
    assert [e.time for e in later.events] == sorted(e.time for e in later.events)
    assert all(e.raw_state for e in later.events)
    await http.aclose()
    box.close()


async def test_privacy_carriers_need_the_phone(sandbox, provider):
    with pytest.raises(ProviderError) as err:
        await provider.track(TrackQuery(carrier="SF", number="SF1234567890123"))
    assert err.value.code == "phone_required" and not err.value.transient
    result = await provider.track(TrackQuery(carrier="SF", number="SF1234567890123", phone="5678"))
    assert result.status is None


async def test_scenario_shares_are_realistic():
    kinds = [timeline.scenario_of(0, numbers.number_at(0, "ZTO", i)) for i in range(5000)]
    share = {k: kinds.count(k) / len(kinds) for k in set(kinds)}
    assert 0.55 < share["delivered"] < 0.70
    for kind in ("refused", "problem", "locker", "slow_pickup", "stuck"):
        assert 0.01 < share[kind] < 0.2, kind


# --- faults -------------------------------------------------------------------------------------


def test_fault_spec_parsing():
    plan = FaultPlan.parse("5xx=0.3,timeout=0.1,latency_ms=200,malformed=0.05,partial=0.2,timeout_s=2")
    assert plan.shares == {"5xx": 0.3, "timeout": 0.1, "malformed": 0.05, "partial": 0.2}
    assert plan.latency_ms == 200 and plan.timeout_s == 2
    assert FaultPlan.parse(plan.spec()).shares == plan.shares
    for bad in ("5xx=2", "boom=0.1", "5xx=x"):
        with pytest.raises(ValueError):
            FaultPlan.parse(bad)


def test_faults_are_deterministic_for_a_seed(tmp_path):
    a = make_sandbox(tmp_path, seed=5, faults="5xx=0.3,malformed=0.2")
    draws_a = [a.faults.draw() for _ in range(200)]
    (tmp_path / "b").mkdir()
    b = make_sandbox(tmp_path / "b", seed=5, faults="5xx=0.3,malformed=0.2")
    assert draws_a == [b.faults.draw() for _ in range(200)]
    assert 0.2 < draws_a.count("5xx") / 200 < 0.4
    a.close()
    b.close()


@pytest.mark.parametrize("kind", ["5xx", "malformed", "timeout"])
async def test_each_fault_kind_reaches_the_client_as_a_transient_error(tmp_path, kind):
    box = make_sandbox(tmp_path, faults=f"{kind}=1,timeout_s=1")
    app = FastAPI()
    app.include_router(build_router(lambda: box))
    server = LiveServer(app)  # a real socket, so the client's timeout is real too
    provider, http = provider_for(box, timeout_s=0.3, base_url=server.url)
    with pytest.raises(ProviderError) as err:
        await provider.catalogue()
    assert err.value.transient
    assert err.value.code == {"5xx": "http_error", "malformed": "malformed", "timeout": "timeout"}[kind]
    await http.aclose()
    server.stop()
    box.close()


async def test_partial_answers_give_fewer_numbers_and_retries_complete_them(tmp_path):
    box = make_sandbox(tmp_path, faults="partial=1")
    provider, http = provider_for(box)
    got: list[str] = []
    for _ in range(20):
        issued = await provider.issue_numbers(order_ref="p", carrier="JTSD", quantity=100, offset=len(got))
        got += issued.numbers
        if len(got) == 100:
            break
    assert len(got) == 100 and len(set(got)) == 100
    full = box.issue(order_ref="p", carrier="JTSD", quantity=100, offset=0, validity_days=1)
    assert got == full["numbers"]
    await http.aclose()
    box.close()


async def test_latency_is_added(tmp_path):
    box = make_sandbox(tmp_path, faults="latency_ms=150")
    provider, http = provider_for(box)
    started = time.perf_counter()
    await provider.catalogue()
    assert time.perf_counter() - started >= 0.15
    await http.aclose()
    box.close()


async def test_retries_get_through_intermittent_faults(tmp_path):
    box = make_sandbox(tmp_path, seed=1, faults="5xx=0.5")
    provider, http = provider_for(box, retries=8)
    assert len(await provider.catalogue()) == 9
    await http.aclose()
    box.close()
