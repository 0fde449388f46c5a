"""Getting a purchase's numbers into the pool against the embedded network, with every fault it
can inject: 5xx, timeout, malformed, partial → the right state, then recovery; the retry budget
ending in a refund; a restart in the middle; never more numbers than paid for."""

import asyncio
import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from waybill_ui import events
from waybill_ui.carriers.protocol import CarrierProvider, IssuedNumbers
from waybill_ui.db import open_database
from waybill_ui.db.models import Alert, AuditLog, LedgerEntry, Waybill
from waybill_ui.clock import utcnow
from waybill_ui.jobs import purchase_sync
from waybill_ui.events import Bus
from waybill_ui.services.market import ledger
from waybill_ui.services.market import number_sync
from waybill_ui.services.market import purchases
from waybill_ui.services.market import checkout as purchasing
from tests.market_support import Network, fund, load_catalogue, owner


@pytest.fixture
def shop(db):
    load_catalogue(db)
    boss = owner(db)
    fund(db, 1_000_000, boss)
    return SimpleNamespace(db=db, boss=boss)


@pytest.fixture
async def net(tmp_path):
    network = Network(tmp_path)
    yield network
    await network.close()


def buy(shop, package="ZTO-500", quantity=1, key="k1"):
    return purchases.checkout(
        shop.db, package_id=package, quantity=quantity, idempotency_key=key, actor=shop.boss
    ).purchase


def pool(db, purchase_id):
    with db.read() as session:
        return list(
            session.execute(select(Waybill).where(Waybill.purchase_id == purchase_id).order_by(Waybill.id)).scalars()
        )


def refunds(db, purchase_id) -> int:
    with db.read() as session:
        return session.execute(
            select(func.coalesce(func.sum(LedgerEntry.amount_fen), 0)).where(
                LedgerEntry.purchase_id == purchase_id, LedgerEntry.kind == "refund"
            )
        ).scalar_one()


def open_alerts(db):
    with db.read() as session:
        return list(session.execute(select(Alert).where(Alert.status == "open")).scalars())


async def test_numbers_arrive_in_the_pool(shop, net):
    p = buy(shop, "ZTO-500", 2)
    info = await number_sync.sync_purchase(shop.db, provider=net.provider, purchase_id=p.id)
    assert info.purchase.status == "synced" and info.purchase.numbers_received == 1000
    assert info.purchase.synced_at is not None and info.purchase.next_attempt_at is None
    rows = pool(shop.db, p.id)
    assert len(rows) == 1000 and len({r.number for r in rows}) == 1000
    assert all(re.fullmatch(r"7[3-9]\d{12}", r.number) for r in rows)  # ZTO's real format
    first = rows[0]
    assert (first.status, first.origin, first.carrier_code, first.cost_fen) == ("available", "purchase", "ZTO", 11)
    assert abs(first.expires_at - (utcnow() + timedelta(days=180))) < timedelta(minutes=5)
    with shop.db.read() as session:
        assert (
            session.execute(
                select(func.count())
                .select_from(AuditLog)
                .where(AuditLog.entity == "waybill", AuditLog.action == "purchased")
            ).scalar_one()
            == 1000
        )
    # syncing again changes nothing
    again = await number_sync.sync_purchase(shop.db, provider=net.provider, purchase_id=p.id, manual=True)
    assert again.purchase.status == "synced" and len(pool(shop.db, p.id)) == 1000


@pytest.mark.parametrize("fault, code", [("5xx", "http_error"), ("malformed", "malformed")])
async def test_error_answers_leave_the_purchase_waiting_then_it_recovers(shop, net, fault, code):
    p = buy(shop)
    net.faults(f"{fault}=1")
    t0 = utcnow()
    info = await number_sync.sync_purchase(shop.db, provider=net.provider, purchase_id=p.id, now=t0)
    w = info.purchase
    assert w.status == "sync_pending" and w.attempts == 1 and w.numbers_received == 0
    assert w.last_error.startswith(code) and w.next_attempt_at == t0 + timedelta(seconds=30)
    assert pool(shop.db, p.id) == [] and ledger.balance(shop.db) == 1_000_000 - 5_500  # paid, waiting: no refund
    # not due yet: the job leaves it alone; a second failure doubles the wait
    assert number_sync.due_purchase_ids(shop.db, now=t0 + timedelta(seconds=10)) == []
    t1 = t0 + timedelta(seconds=31)
    w = (await number_sync.sync_purchase(shop.db, provider=net.provider, purchase_id=p.id, now=t1)).purchase
    assert w.attempts == 2 and w.next_attempt_at == t1 + timedelta(seconds=60)
    net.faults("")
    t2 = t1 + timedelta(seconds=61)
    assert number_sync.due_purchase_ids(shop.db, now=t2) == [p.id]
    w = (await number_sync.sync_purchase(shop.db, provider=net.provider, purchase_id=p.id, now=t2)).purchase
    assert w.status == "synced" and len(pool(shop.db, p.id)) == 500 and refunds(shop.db, p.id) == 0


async def test_timeout_leaves_the_purchase_waiting_then_it_recovers(shop, tmp_path):
    network = Network(tmp_path, faults="timeout=1,timeout_s=1", live=True, timeout_s=0.3)
    try:
        p = buy(shop, "SF-100")
        w = (await number_sync.sync_purchase(shop.db, provider=network.provider, purchase_id=p.id)).purchase
        assert w.status == "sync_pending" and w.last_error.startswith("timeout") and pool(shop.db, p.id) == []
        network.faults("")
        w = (
            await number_sync.sync_purchase(shop.db, provider=network.provider, purchase_id=p.id, manual=True)
        ).purchase
        assert w.status == "synced" and len(pool(shop.db, p.id)) == 100
    finally:
        await network.close()


async def test_partial_answers_are_topped_up_by_later_tries(shop, net):
    p = buy(shop, "JTSD-500")
    net.faults("partial=1")
    now = utcnow()
    received = []
    for _ in range(20):
        w = (await number_sync.sync_purchase(shop.db, provider=net.provider, purchase_id=p.id, now=now)).purchase
        received.append(w.numbers_received)
        if w.status == "synced":
            break
        assert w.status == "sync_pending" and w.attempts == 0  # progress is not a failure
        assert w.next_attempt_at == now + timedelta(seconds=number_sync.PROGRESS_RETRY_S)
        now += timedelta(seconds=6)
    assert received[0] == 250 and received == sorted(received) and received[-1] == 500
    numbers = [r.number for r in pool(shop.db, p.id)]
    assert len(numbers) == 500 == len(set(numbers))
    expected = net.sandbox.issue(
        order_ref=purchases.order_ref(p), carrier="JTSD", quantity=500, offset=0, validity_days=180
    )["numbers"]
    assert sorted(numbers) == sorted(expected)


class Greedy(CarrierProvider):
    """A provider that misbehaves: repeats numbers and sends more than asked."""

    def __init__(self, numbers):
        self.numbers = numbers

    async def issue_numbers(self, *, order_ref, carrier, quantity, offset=0, validity_days=None):
        return IssuedNumbers(order_ref=order_ref, carrier=carrier, numbers=self.numbers, offset=offset)


async def test_never_more_numbers_than_paid_for_and_never_one_twice(shop):
    p = buy(shop, "YTO-100")
    numbers = [f"YT{i:013d}" for i in range(150)]
    info = await number_sync.sync_purchase(shop.db, provider=Greedy(numbers[:60] + numbers[:60]), purchase_id=p.id)
    assert info.purchase.numbers_received == 60 and info.purchase.status == "sync_pending"
    info = await number_sync.sync_purchase(shop.db, provider=Greedy(numbers), purchase_id=p.id, manual=True)
    assert info.purchase.status == "synced" and info.purchase.numbers_received == 100
    assert [r.number for r in pool(shop.db, p.id)] == numbers[:100]
    # a number that arrives twice for another purchase is not inserted twice either
    q = buy(shop, "YTO-100", key="k2")
    info = await number_sync.sync_purchase(shop.db, provider=Greedy(numbers[90:]), purchase_id=q.id)
    assert info.purchase.numbers_received == 50
    with shop.db.read() as session:
        assert session.execute(select(func.count()).select_from(Waybill)).scalar_one() == 150


async def test_garbage_numbers_are_a_malformed_answer(shop):
    p = buy(shop, "YTO-100")
    info = await number_sync.sync_purchase(shop.db, provider=Greedy(["YT1", "<script>"]), purchase_id=p.id)
    assert info.purchase.status == "sync_pending" and info.purchase.last_error.startswith("malformed")
    assert pool(shop.db, p.id) == []


async def test_retry_budget_ends_in_a_refund_for_what_did_not_arrive(shop, net):
    p = buy(shop, "ZTO-500")
    net.faults("partial=1")
    now = utcnow()
    await number_sync.sync_purchase(shop.db, provider=net.provider, purchase_id=p.id, now=now)  # 250 arrive
    net.faults("5xx=1")
    for attempt in range(1, 5):
        now += timedelta(hours=1)
        w = (
            await number_sync.sync_purchase(shop.db, provider=net.provider, purchase_id=p.id, now=now, max_attempts=4)
        ).purchase
        if attempt < 4:
            assert w.status == "sync_pending" and w.attempts == attempt
        if attempt == 3:
            [alert] = open_alerts(shop.db)
            assert alert.kind == "purchase_stuck" and alert.purchase_id == p.id and "连续失败 3 次" in alert.message
    assert w.status == "refunded" and w.refunded_at is not None and w.numbers_received == 250
    assert refunds(shop.db, p.id) == 2_750  # 250 of 500 numbers at ¥0.11
    assert ledger.balance(shop.db) == 1_000_000 - 5_500 + 2_750
    assert len(pool(shop.db, p.id)) == 250  # received numbers stay
    [alert] = open_alerts(shop.db)
    assert "已退款 ¥27.50" in alert.message
    # nothing more happens to a refunded purchase: no more calls, no second refund
    net.faults("")
    w = (await number_sync.sync_purchase(shop.db, provider=net.provider, purchase_id=p.id, manual=True)).purchase
    assert w.status == "refunded" and len(pool(shop.db, p.id)) == 250 and refunds(shop.db, p.id) == 2_750


async def test_manual_retries_do_not_spend_the_budget(shop, net):
    p = buy(shop)
    net.faults("5xx=1")
    t0 = utcnow()
    await number_sync.sync_purchase(shop.db, provider=net.provider, purchase_id=p.id, now=t0)
    for _ in range(5):
        w = (
            await number_sync.sync_purchase(
                shop.db,
                provider=net.provider,
                purchase_id=p.id,
                manual=True,
                now=t0 + timedelta(seconds=1),
                max_attempts=2,
            )
        ).purchase
    assert w.status == "sync_pending" and w.attempts == 1
    assert w.next_attempt_at == t0 + timedelta(seconds=30)  # the scheduler's plan is kept


async def test_a_stuck_alert_clears_when_the_numbers_arrive(shop, net):
    p = buy(shop)
    net.faults("malformed=1")
    now = utcnow()
    for _ in range(number_sync.STUCK_ALERT_AFTER):
        now += timedelta(hours=1)
        await number_sync.sync_purchase(shop.db, provider=net.provider, purchase_id=p.id, now=now)
    assert len(open_alerts(shop.db)) == 1
    net.faults("")
    await number_sync.sync_purchase(shop.db, provider=net.provider, purchase_id=p.id, manual=True)
    assert open_alerts(shop.db) == []


class Slow(CarrierProvider):
    """Holds the answer until released, to act in the middle of a call."""

    def __init__(self, inner):
        self.inner, self.started, self.release = inner, asyncio.Event(), asyncio.Event()

    async def issue_numbers(self, **kwargs):
        self.started.set()
        await self.release.wait()
        return await self.inner.issue_numbers(**kwargs)


async def test_cancel_during_a_call_discards_the_late_answer(shop, net):
    p = buy(shop, "ZTO-100")
    slow = Slow(net.provider)
    task = asyncio.create_task(number_sync.sync_purchase(shop.db, provider=slow, purchase_id=p.id))
    await slow.started.wait()
    # while the call is in flight the job does not start a second one
    assert number_sync.due_purchase_ids(shop.db) == []
    purchases.cancel_purchase(shop.db, purchase_id=p.id, actor=shop.boss)
    slow.release.set()
    info = await task
    assert info.purchase.status == "refunded" and pool(shop.db, p.id) == [] and refunds(shop.db, p.id) == 1_200


async def test_restart_during_sync_pending_resumes(shop, tmp_path, settings):
    network = Network(tmp_path, faults="5xx=1")
    p = buy(shop, "STO-1000")
    await number_sync.sync_purchase(shop.db, provider=network.provider, purchase_id=p.id)
    assert purchases.get_purchase(shop.db, p.id).purchase.status == "sync_pending"
    # the app stops: database and network go away; then everything is built again from disk
    shop.db.dispose()
    await network.close()
    db = open_database(settings.db_url)
    network = Network(tmp_path)
    try:
        runtime = SimpleNamespace(db=db, providers=SimpleNamespace(market=network.provider), bus=Bus())
        with events.recorded() as told:
            assert await purchase_sync.run_due(runtime) == 0  # not due yet (backoff)...
            assert await purchase_sync.resume(runtime) == 1  # ...but the first run after startup tries it anyway
        changed = [e.purchase_id for e in told if isinstance(e, events.PurchaseChanged)]
        w = purchases.get_purchase(db, p.id).purchase
        assert w.status == "synced" and len(pool(db, p.id)) == 1000 and changed == [p.id]
        assert ledger.balance(db) == 1_000_000 - 9_000
    finally:
        await network.close()
        db.dispose()


async def test_the_scheduler_retries_when_due(shop, net):
    p = buy(shop, "YD-100")
    net.faults("5xx=1")
    await number_sync.sync_purchase(shop.db, provider=net.provider, purchase_id=p.id)
    net.faults("")
    runtime = SimpleNamespace(db=shop.db, providers=SimpleNamespace(market=net.provider), bus=Bus())
    assert await purchase_sync.run_due(runtime) == 0
    assert await purchase_sync.run_due(runtime, now=utcnow() + timedelta(seconds=31)) == 1
    assert purchases.get_purchase(shop.db, p.id).purchase.status == "synced"


async def test_a_paid_purchase_left_by_a_crash_is_picked_up(shop, net):
    p = buy(shop, "EMS-100")  # paid, and the app died before the first sync
    runtime = SimpleNamespace(db=shop.db, providers=SimpleNamespace(market=net.provider), bus=Bus())
    assert await purchase_sync.run_due(runtime) == 1
    assert purchases.get_purchase(shop.db, p.id).purchase.status == "synced"


async def test_a_sync_after_payment_runs_in_the_background_and_tells_the_pages(shop, net, published):
    p = buy(shop, "DBL-100")
    await purchasing.sync_in_background(shop.db, provider=net.provider, purchase_id=p.id, actor="owner")
    assert purchases.get_purchase(shop.db, p.id).purchase.status == "synced"
    assert [e.purchase_id for e in published if isinstance(e, events.PurchaseChanged)] == [p.id]
    assert [e.reason for e in published if isinstance(e, events.PoolChanged)] == ["purchase"]
