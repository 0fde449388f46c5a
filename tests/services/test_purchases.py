"""Checkout: one transaction for payment + purchase + ledger entry, idempotency keys, short
balance, concurrency, and the owner's cancel-with-refund."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from waybill_ui.db.models import AuditLog, LedgerEntry, Purchase
from waybill_ui.services.market import ledger
from waybill_ui.services.market import purchases
from waybill_ui.services.common.errors import Conflict, Forbidden, Invalid, NotFound, PaymentRequired
from tests.market_support import fund, load_catalogue, owner, staff


@pytest.fixture
def shop(db):
    load_catalogue(db)
    return db


def count(db, model, *where) -> int:
    with db.read() as session:
        return session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def test_checkout_happy_path(shop):
    boss = owner(shop)
    fund(shop, 20_000, boss)
    s = purchases.summary(shop, package_id="ZTO-500", quantity=2)
    assert (s.numbers, s.unit_price_fen, s.total_fen, s.balance_after_fen) == (1000, 11, 11_000, 9_000)
    assert s.missing_fen == 0 and (s.valid_until - purchases.utcnow().date()).days in (179, 180, 181)
    result = purchases.checkout(shop, package_id="ZTO-500", quantity=2, idempotency_key="k-1", actor=boss)
    p = result.purchase
    assert result.created and p.status == "paid" and p.paid_at is not None and p.next_attempt_at is not None
    assert (p.carrier_code, p.numbers_count, p.amount_fen, p.unit_price_fen, p.validity_days) == (
        "ZTO",
        1000,
        11_000,
        11,
        180,
    )
    assert ledger.balance(shop) == 9_000
    with shop.read() as session:
        entry = session.execute(select(LedgerEntry).where(LedgerEntry.purchase_id == p.id)).scalar_one()
        assert entry.kind == "purchase" and entry.amount_fen == -11_000
        assert session.execute(select(AuditLog).where(AuditLog.entity == "purchase", AuditLog.action == "pay")).first()
    assert purchases.order_ref(p).startswith(f"WB{p.id}-")


def test_same_key_returns_the_same_purchase_and_charges_once(shop):
    boss = owner(shop)
    fund(shop, 10_000, boss)
    first = purchases.checkout(shop, package_id="YTO-100", quantity=1, idempotency_key="same", actor=boss)
    again = purchases.checkout(shop, package_id="YTO-100", quantity=1, idempotency_key="same", actor=boss)
    assert not again.created and again.purchase.id == first.purchase.id
    assert ledger.balance(shop) == 10_000 - 1_200
    with pytest.raises(Conflict):  # same key, different order: refused rather than guessed
        purchases.checkout(shop, package_id="YTO-100", quantity=2, idempotency_key="same", actor=boss)


def test_short_balance_is_refused_with_the_missing_amount_and_nothing_charged(shop):
    boss = owner(shop)
    fund(shop, 1_000, boss)
    with pytest.raises(PaymentRequired) as err:
        purchases.checkout(shop, package_id="ZTO-500", quantity=1, idempotency_key="short", actor=boss)
    assert err.value.code == "insufficient_balance" and err.value.status == 402
    rejected_id = err.value.extra.pop("purchase_id")
    assert err.value.extra == {"missing_fen": 4_500, "amount_fen": 5_500, "balance_fen": 1_000}
    assert "还差 ¥45.00" in err.value.message("zh") and "充值" in err.value.message("zh")
    assert ledger.balance(shop) == 1_000
    # the refused attempt is on record as a `rejected` purchase (created → rejected), charged nothing
    refused = purchases.get_purchase(shop, rejected_id).purchase
    assert refused.status == "rejected" and refused.amount_fen == 5_500 and refused.paid_at is None
    assert count(shop, AuditLog, AuditLog.action == "reject") == 1
    # a double click or a retry while still short: the same record, not a second one
    with pytest.raises(PaymentRequired) as again:
        purchases.checkout(shop, package_id="ZTO-500", quantity=1, idempotency_key="short", actor=boss)
    assert again.value.extra["purchase_id"] == rejected_id and count(shop, Purchase) == 1
    assert purchases.find_by_key(shop, "short") is None
    # the key was not used up: after a top-up the same checkout goes through
    fund(shop, 4_500, boss)
    paid = purchases.checkout(shop, package_id="ZTO-500", quantity=1, idempotency_key="short", actor=boss)
    assert paid.created and paid.purchase.id != rejected_id and paid.purchase.status == "paid"
    assert ledger.balance(shop) == 0
    assert purchases.get_purchase(shop, rejected_id).purchase.status == "rejected"
    with pytest.raises(Invalid):  # the suffix is ours: a client cannot name a refused attempt's key
        purchases.checkout(shop, package_id="ZTO-500", quantity=1, idempotency_key="x~rejected", actor=boss)


def test_checkout_rules(shop):
    boss, packer = owner(shop), staff(shop)
    fund(shop, 1_000_000, boss)
    with pytest.raises(Forbidden):
        purchases.checkout(shop, package_id="ZTO-100", quantity=1, idempotency_key="s", actor=packer)
    with pytest.raises(NotFound):
        purchases.checkout(shop, package_id="NOPE-1", quantity=1, idempotency_key="a", actor=boss)
    for quantity in (0, 51, None):
        with pytest.raises(Invalid):
            purchases.checkout(shop, package_id="ZTO-100", quantity=quantity, idempotency_key="b", actor=boss)
    with pytest.raises(Invalid):
        purchases.checkout(shop, package_id="ZTO-5000", quantity=21, idempotency_key="c", actor=boss)  # 105,000
    with pytest.raises(Invalid):
        purchases.checkout(shop, package_id="ZTO-100", quantity=1, idempotency_key="  ", actor=boss)
    assert count(shop, Purchase) == 0 and ledger.balance(shop) == 1_000_000


def test_twenty_parallel_requests_with_one_key_make_one_purchase(shop):
    boss = owner(shop)
    fund(shop, 100_000, boss)

    def buy(_):
        return purchases.checkout(shop, package_id="SF-100", quantity=1, idempotency_key="double-click", actor=boss)

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(buy, range(20)))
    assert sum(r.created for r in results) == 1
    assert len({r.purchase.id for r in results}) == 1
    assert count(shop, Purchase) == 1 and count(shop, LedgerEntry, LedgerEntry.kind == "purchase") == 1
    assert ledger.balance(shop) == 100_000 - 3_000


def test_twenty_parallel_purchases_against_a_balance_for_five(shop):
    boss = owner(shop)
    fund(shop, 5 * 1_200, boss)  # YTO-100 costs ¥12.00
    seen_balances: list[int] = []

    def buy(i):
        try:
            return purchases.checkout(shop, package_id="YTO-100", quantity=1, idempotency_key=f"k{i}", actor=boss)
        except PaymentRequired as exc:
            return exc
        finally:
            seen_balances.append(ledger.balance(shop))

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(buy, range(20)))
    paid = [r for r in results if not isinstance(r, PaymentRequired)]
    refused = [r for r in results if isinstance(r, PaymentRequired)]
    assert len(paid) == 5 and len(refused) == 15
    assert ledger.balance(shop) == 0 and min(seen_balances) >= 0
    assert count(shop, Purchase, Purchase.status == "paid") == 5
    assert all(r.extra["missing_fen"] == 1_200 for r in refused)


def test_listing_filters_and_pages(shop):
    boss = owner(shop)
    fund(shop, 1_000_000, boss)
    for i in range(5):
        purchases.checkout(
            shop, package_id="ZTO-100" if i % 2 else "SF-100", quantity=1, idempotency_key=f"l{i}", actor=boss
        )
    rows, total = purchases.list_purchases(shop, page=1, size=2)
    assert total == 5 and [r.purchase.id for r in rows] == [5, 4]
    rows, total = purchases.list_purchases(shop, carrier="ZTO")
    assert total == 2 and all(r.purchase.carrier_code == "ZTO" for r in rows)
    assert purchases.list_purchases(shop, status="synced")[1] == 0
    with pytest.raises(Invalid):
        purchases.list_purchases(shop, status="bogus")
    with pytest.raises(NotFound):
        purchases.get_purchase(shop, 99)


def test_owner_cancel_refunds_everything_not_received(shop):
    boss, packer = owner(shop), staff(shop)
    fund(shop, 10_000, boss)
    p = purchases.checkout(shop, package_id="JTSD-500", quantity=1, idempotency_key="c", actor=boss).purchase
    assert ledger.balance(shop) == 10_000 - 4_500
    with pytest.raises(Forbidden):
        purchases.cancel_purchase(shop, purchase_id=p.id, actor=packer)
    info = purchases.cancel_purchase(shop, purchase_id=p.id, actor=boss)
    assert info.purchase.status == "refunded" and info.refunded_fen == 4_500
    assert ledger.balance(shop) == 10_000
    assert purchases.get_purchase(shop, p.id).refunded_fen == 4_500
    with pytest.raises(Conflict):  # only once
        purchases.cancel_purchase(shop, purchase_id=p.id, actor=boss)
    assert ledger.balance(shop) == 10_000
