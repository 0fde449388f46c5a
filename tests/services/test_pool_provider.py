"""Refund, extension and recycling through the provider: state, money and audit together."""

from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from waybill_ui.services.accounts.users import Principal
from waybill_ui.carriers.http import ProviderHTTP
from waybill_ui.carriers.protocol import ProviderError
from waybill_ui.carriers.sandbox import SandboxProvider
from waybill_ui.db.models import AuditLog, LedgerEntry, Waybill
from waybill_ui.clock import utcnow
from waybill_ui.sandbox.server import PREFIX, build_router
from waybill_ui.services.pool import allocation
from waybill_ui.services.market import ledger
from waybill_ui.services.pool import provider_ops as pool_provider
from waybill_ui.services.pool import recycling as pool_recycling
from waybill_ui.services.common.errors import Invalid, ProviderUnavailable
from tests.pool_helpers import FakeMarket, add_numbers, add_purchase, zto
from tests.sandbox.conftest import CUSTOMER, KEY, make_sandbox

OWNER_P = Principal(1, "owner", "owner")


def waybills(db):
    with db.read() as session:
        return {w.number: w for w in session.execute(select(Waybill)).scalars()}


def entries(db, kind):
    with db.read() as session:
        return session.execute(select(LedgerEntry).where(LedgerEntry.kind == kind)).scalars().all()


def bought(db, numbers, *, unit_fen=12, expires_in_days=90):
    purchase = add_purchase(db, count=len(numbers), unit_fen=unit_fen)
    add_numbers(
        db, numbers, origin="purchase", cost_fen=unit_fen, purchase_id=purchase, expires_in_days=expires_in_days
    )
    return purchase


async def test_refund_credits_the_price_paid_per_purchase(db):
    p1 = bought(db, [zto(i) for i in range(5)], unit_fen=12)
    p2 = bought(db, [zto(i) for i in range(5, 8)], unit_fen=10)
    add_numbers(db, [zto(20)])  # imported at an outlet
    add_numbers(db, [zto(21)], origin="purchase", cost_fen=12, purchase_id=p1, expires_in_days=-1)
    with db.write() as session:
        allocation.take(session, carrier="ZTO", count=1)  # zto(21) is past expiry, so zto(0) goes out
    market = FakeMarket()
    market.refuse[zto(4)] = "used"
    out = await pool_provider.refund(
        db,
        market,
        carrier="ZTO",
        actor=OWNER_P,
        numbers=[zto(0), zto(1), zto(2), zto(4), zto(5), zto(6), zto(20), zto(21), zto(99)],
    )
    assert sorted(out.done) == [zto(1), zto(2), zto(5), zto(6)]
    assert out.amount_fen == 12 * 2 + 10 * 2
    why = {n: k for n, k, _ in out.rejected}
    assert why == {
        zto(0): "pool.act.not_available",
        zto(4): "pool.act.provider_refused",
        zto(20): "pool.act.not_purchased",
        zto(21): "pool.act.expired",
        zto(99): "pool.act.unknown",
    }
    assert market.calls == [("refund", "ZTO", [zto(1), zto(2), zto(4), zto(5), zto(6)])]
    rows = waybills(db)
    assert {n for n, w in rows.items() if w.status == "refunded"} == {zto(1), zto(2), zto(5), zto(6)}
    assert rows[zto(4)].status == "available" and rows[zto(4)].reserved_token is None  # hold released
    refunds = {e.purchase_id: e.amount_fen for e in entries(db, "refund")}
    assert refunds == {p1: 24, p2: 20}
    assert ledger.balance(db) == 44
    with db.read() as session:
        audit = (
            session.execute(select(AuditLog).where(AuditLog.entity == "waybill", AuditLog.action == "refund"))
            .scalars()
            .all()
        )
    assert sorted(a.entity_id for a in audit) == sorted(f"ZTO:{n}" for n in out.done)
    assert all(a.actor == "owner" and a.to_status == "refunded" for a in audit)


async def test_refund_holds_numbers_while_the_provider_is_asked(db):
    bought(db, [zto(1), zto(2)])
    market = FakeMarket()
    seen = []

    async def slow_refund(*, carrier, numbers):
        with db.write() as session:  # shipping tries to take stock meanwhile
            seen.extend(allocation.take(session, carrier="ZTO", count=5))
        return await FakeMarket.refund_numbers(market, carrier=carrier, numbers=numbers)

    market.refund_numbers = slow_refund
    out = await pool_provider.refund(db, market, carrier="ZTO", numbers=[zto(1)], actor=OWNER_P)
    assert out.done == [zto(1)]
    assert [n for _, n in seen] == [zto(2)]  # the number being refunded was never handed out


async def test_provider_failure_changes_nothing_and_a_lost_answer_is_recovered(db):
    bought(db, [zto(1)])
    market = FakeMarket()
    market.fail_with = ProviderError("timeout")
    with pytest.raises(ProviderUnavailable) as failed:
        await pool_provider.refund(db, market, carrier="ZTO", numbers=[zto(1)], actor=OWNER_P)
    assert "timeout" in failed.value.message()
    w = waybills(db)[zto(1)]
    assert w.status == "available" and w.reserved_token is None and ledger.balance(db) == 0
    # the provider did refund before the answer was lost: the retry hears "already_refunded"
    market.fail_with, market.refuse = None, {zto(1): "already_refunded"}
    out = await pool_provider.refund(db, market, carrier="ZTO", numbers=[zto(1)], actor=OWNER_P)
    assert out.done == [zto(1)] and ledger.balance(db) == 12 and waybills(db)[zto(1)].status == "refunded"


async def test_extend_moves_expiry_and_books_the_fee(db):
    now = utcnow()
    bought(db, [zto(1), zto(2)], expires_in_days=5)
    before = waybills(db)[zto(1)].expires_at
    market = FakeMarket()
    out = await pool_provider.extend(
        db, market, carrier="ZTO", numbers=[zto(1), zto(2)], days=30, actor=OWNER_P, now=now
    )
    assert sorted(out.done) == [zto(1), zto(2)] and out.fee_fen == 2
    assert waybills(db)[zto(1)].expires_at == before + timedelta(days=30)
    [fee] = entries(db, "fee")
    assert fee.amount_fen == -2 and ledger.balance(db) == -2
    with db.read() as session:
        rows = session.execute(select(AuditLog).where(AuditLog.action == "extend")).scalars().all()
    assert len(rows) == 2 and rows[0].details["days"] == 30 and rows[0].details["from"] != rows[0].details["to"]
    with pytest.raises(Invalid):
        await pool_provider.extend(db, market, carrier="ZTO", numbers=[zto(1)], days=0, actor=OWNER_P)


async def test_recycle_retries_until_the_provider_confirms(db):
    bought(db, [zto(1), zto(2)])
    add_numbers(db, [zto(3)])  # imported: recycled at the outlet, not through the provider
    with db.write() as session:
        taken = allocation.take(session, carrier="ZTO", count=3)
        for wid, _ in taken:
            allocation.void(session, waybill_id=wid, actor="staff1")
    assert {n for _, _, n in pool_recycling.pending_recycle(db)} == {zto(1), zto(2)}
    market = FakeMarket()
    market.fail_with = ProviderError("503")
    run = await pool_recycling.recycle_pending(db, market)
    assert (run.recycled, run.failed) == (0, 2)
    market.fail_with, market.cancel_ok = None, False
    assert (await pool_recycling.recycle_pending(db, market)).recycled == 0
    market.cancel_ok = True
    run = await pool_recycling.recycle_pending(db, market)
    assert (run.recycled, run.failed) == (2, 0)
    assert pool_recycling.pending_recycle(db) == []
    rows = waybills(db)
    assert rows[zto(1)].recycled_at and rows[zto(1)].status == "voided" and rows[zto(3)].recycled_at is None
    with db.read() as session:
        audit = session.execute(select(AuditLog).where(AuditLog.action == "recycle")).scalars().all()
    assert len(audit) == 2 and all(a.actor == "job:pool_recycle" for a in audit)
    assert (await pool_recycling.recycle_pending(db, market)).recycled == 0


async def test_refund_extend_and_recycle_against_the_embedded_network(db, tmp_path):
    box = make_sandbox(tmp_path)
    app = FastAPI()
    app.include_router(build_router(lambda: box))
    http = ProviderHTTP(retries=0, timeout_s=5, transport=httpx.ASGITransport(app))
    provider = SandboxProvider(http, base_url=f"http://net.test{PREFIX}", customer=CUSTOMER, key=KEY)
    try:
        issued = await provider.issue_numbers(order_ref="p-1", carrier="ZTO", quantity=100, validity_days=90)
        bought(db, issued.numbers[:10], unit_fen=11)
        refund = await pool_provider.refund(db, provider, carrier="ZTO", numbers=issued.numbers[:3], actor=OWNER_P)
        assert len(refund.done) == 3 and refund.amount_fen == 33
        ext = await pool_provider.extend(
            db, provider, carrier="ZTO", numbers=issued.numbers[3:5], days=10, actor=OWNER_P
        )
        assert len(ext.done) == 2 and ext.fee_fen == 2
        with db.write() as session:
            [(wid, number)] = allocation.take(session, carrier="ZTO", count=1)
            allocation.void(session, waybill_id=wid)
        assert (await pool_recycling.recycle_pending(db, provider)).recycled == 1
        again = await provider.refund_numbers(carrier="ZTO", numbers=[number])
        assert again.rejected[number] == "already_cancelled"  # the network knows it is recycled
        assert ledger.balance(db) == 33 - 2
    finally:
        await http.aclose()
        box.close()


@pytest.mark.parametrize("fee_per_number", [0, 7])
async def test_extend_books_exactly_the_reported_fee_and_nothing_when_free(db, fee_per_number):
    from tests.market_support import fund, owner

    now = utcnow()
    boss = owner(db)
    fund(db, 1_000, boss)
    bought(db, [zto(1), zto(2), zto(3)], expires_in_days=5)
    before = {n: w.expires_at for n, w in waybills(db).items()}
    market = FakeMarket()
    market.fee_per_number = fee_per_number
    market.refuse[zto(3)] = "used"
    out = await pool_provider.extend(
        db, market, carrier="ZTO", numbers=[zto(1), zto(2), zto(3)], days=20, actor=OWNER_P, now=now
    )
    assert sorted(out.done) == [zto(1), zto(2)] and out.fee_fen == 2 * fee_per_number
    after = waybills(db)
    assert after[zto(1)].expires_at == before[zto(1)] + timedelta(days=20)
    assert after[zto(2)].expires_at == before[zto(2)] + timedelta(days=20)
    assert after[zto(3)].expires_at == before[zto(3)]  # refused by the provider: unchanged
    fees = entries(db, "fee")
    if fee_per_number == 0:
        assert fees == [] and ledger.balance(db) == 1_000  # a free extension writes no ledger entry
    else:
        assert [f.amount_fen for f in fees] == [-2 * fee_per_number] and ledger.balance(db) == 1_000 - 14
    with db.read() as session:
        assert len(session.execute(select(LedgerEntry)).scalars().all()) == (1 if fee_per_number == 0 else 2)
        extended = session.execute(select(AuditLog).where(AuditLog.action == "extend")).scalars().all()
    assert sorted(a.entity_id for a in extended) == [f"ZTO:{zto(1)}", f"ZTO:{zto(2)}"]


async def test_refund_and_extend_are_the_owners_whoever_calls_them(db):
    """The owner rule lives in the service, not only in the page and the route that call it."""
    from waybill_ui.services.common.errors import Forbidden

    market = FakeMarket()
    staff = Principal(2, "staff1", "staff")
    with pytest.raises(Forbidden):
        await pool_provider.refund(db, market, carrier="ZTO", numbers=[zto(1)], actor=staff)
    with pytest.raises(Forbidden):
        await pool_provider.extend(db, market, carrier="ZTO", numbers=[zto(1)], days=30, actor=staff)
    assert market.calls == []  # refused before anything was asked of the provider
