"""Matching, batch shipping and the single ship all count e-waybill quota: a carrier with an
account is chosen on its quota, never silently when the quota is used up, and every order the
quota cannot cover gets its own reason in plain Chinese."""

import pytest
from sqlalchemy import text

from tests.ewaybill.support import add_account, add_order, make_sandbox, provider_factory
from tests.fixtures.shop import add_orders, add_stock, seed_catalogue, status_of
from waybill_ui.db.models import MatchingRule
from waybill_ui.services.shipping import dispatch as batch_dispatch
from waybill_ui.services.shipping import batch as batch_ship
from waybill_ui.services.ewaybill import issue as ewaybill
from waybill_ui.services.ewaybill import accounts as ewaybill_accounts
from waybill_ui.services.ewaybill import batch as ewaybill_batch
from waybill_ui.services.shipping import matching
from waybill_ui.services.shipping import matcher_loading


@pytest.fixture
def net(db, settings, tmp_path):
    seed_catalogue(db)
    box = make_sandbox(settings, tmp_path / "net.db")
    provider_for, _ = provider_factory(settings, box)
    yield db, box, provider_for
    box.close()


def _matcher(db):
    with db.read() as session:
        return matcher_loading.load_matcher(session)


def test_the_matcher_counts_quota_as_stock_and_skips_an_exhausted_account(net):
    db, _, _ = net
    add_stock(db, "YTO", 5)
    account = add_account(db, carrier="ZTO")  # no pool numbers of ZTO at all
    m = _matcher(db)
    assert m.has_numbers("ZTO") and m.stock["ZTO"] == 0  # quota never checked: the provider decides
    ewaybill_accounts.record_balance(db, account_id=account.id, balance=300)
    m = _matcher(db)
    assert m.stock["ZTO"] == 300 and m.usable("ZTO", "浙江省") == ""
    ewaybill_accounts.record_balance(db, account_id=account.id, balance=0)
    m = _matcher(db)
    assert not m.has_numbers("ZTO") and m.usable("ZTO", "浙江省") == "no_stock"
    decision = m.decide(matching.OrderFacts(province="浙江省"))
    assert decision.carrier != "ZTO"  # an exhausted account is not chosen by score


def test_preview_shows_quota_and_what_it_cannot_cover(net):
    db, _, _ = net
    with db.write() as session:
        session.add(MatchingRule(position=1, provinces=["浙江省"], carrier_code="ZTO"))
    account = add_account(db, carrier="ZTO")
    ewaybill_accounts.record_balance(db, account_id=account.id, balance=3)
    orders = add_orders(db, 5, prefix="QP")
    ids, _ = batch_ship.ids_for(db, orders)
    preview = batch_ship.preview_batch(db, order_ids=ids)
    group = {g.carrier: g for g in preview.groups}["ZTO"]
    assert (group.orders, group.stock, group.short, group.ewaybill) == (5, 3, 2, True)


async def test_batch_by_rules_sends_account_carriers_to_the_provider_and_the_rest_to_the_pool(net):
    db, box, provider_for = net
    with db.write() as session:
        session.add(MatchingRule(position=1, provinces=["浙江省"], carrier_code="ZTO"))
        session.add(MatchingRule(position=2, provinces=["江苏省"], carrier_code="YTO"))
    add_stock(db, "YTO", 10)
    add_stock(db, "ZTO", 10)  # pool numbers of ZTO stay untouched: ZTO ships on its account
    account = add_account(db, carrier="ZTO")
    ewaybill_accounts.record_balance(db, account_id=account.id, balance=3)
    box.eorder.top_up("ZTO:shop-zto", 3 - 2000)  # the provider says 3 too when asked before the batch
    zj = add_orders(db, 5, prefix="ZJ")
    js = add_orders(db, 2, prefix="JS", province="江苏省", city="南京市", district="玄武区")
    seen = []
    result = await batch_dispatch.ship_batch(
        db, order_nos=zj + js, actor="t", provider_for=provider_for, progress=seen.append
    )
    by_order = {s["order_no"]: s for s in result.shipped}
    assert set(by_order) == set(zj[:3] + js)
    assert {by_order[n]["carrier"] for n in js} == {"YTO"}
    issued = {r[0] for r in box.store._conn.execute("SELECT number FROM ew_orders")}
    assert {by_order[n]["number"] for n in zj[:3]} == issued  # the three ZTO numbers came from the provider
    failed = {f["order_no"]: f for f in result.failed}
    assert set(failed) == set(zj[3:]) and {f["code"] for f in failed.values()} == {"ewaybill_quota"}
    assert all("余额已用完" in f["reason"] and f["order_no"] in f["reason"] for f in failed.values())
    assert all(status_of(db, n) == "pending" for n in zj[3:])
    assert seen[-1] == pytest.approx(1.0)
    with db.read() as session:
        pool_zto = session.execute(
            text("SELECT count(*) FROM waybill WHERE carrier_code='ZTO' AND status='available'")
        ).scalar()
        batch = session.execute(
            text("SELECT shipped, failed FROM ship_batch WHERE id=:i"), {"i": result.batch_id}
        ).one()
        in_batch = session.execute(
            text("SELECT count(*) FROM shipment WHERE batch_id=:i"), {"i": result.batch_id}
        ).scalar()
    assert pool_zto == 10 and tuple(batch) == (5, 2) and in_batch == 5
    assert ewaybill_accounts.list_accounts(db)[0].quota == 0


async def test_an_exhausted_account_refuses_each_order_in_chinese_without_calling(net):
    db, box, provider_for = net
    account = add_account(db, carrier="ZTO")
    box.eorder.top_up("ZTO:shop-zto", -2000)  # the provider has nothing left either
    ewaybill_accounts.record_balance(db, account_id=account.id, balance=0)
    no = add_order(db)
    with pytest.raises(ewaybill.QuotaExhausted) as caught:
        await ewaybill.issue_and_ship(db, order_no=no, carrier="ZTO", actor="s", provider_for=provider_for)
    assert "余额已用完" in caught.value.message("zh") and no in caught.value.message("zh")
    assert box.store._conn.execute("SELECT count(*) FROM ew_orders").fetchone()[0] == 0
    result = await ewaybill_batch.issue_batch(
        db, order_nos=[no, add_order(db)], carrier="ZTO", actor="s", provider_for=provider_for, qps=0
    )
    assert result.shipped == [] and {f["code"] for f in result.failed} == {"ewaybill_quota"}
    # topped up at the outlet: the next ship checks with the provider before refusing, and ships
    box.eorder.top_up("ZTO:shop-zto", 10)
    shipped = await ewaybill.issue_and_ship(db, order_no=no, carrier="ZTO", actor="s", provider_for=provider_for)
    assert shipped.number and ewaybill_accounts.list_accounts(db)[0].quota == 9
