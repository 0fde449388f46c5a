"""Batch ship: grouping, stock, failures, and two people shipping overlapping orders at once."""

import threading

import pytest
from sqlalchemy import text

from tests.fixtures.shop import add_orders, add_stock, seed_catalogue, status_of
from waybill_ui.db.models import MatchingRule, ShipBatch
from waybill_ui.services.shipping import batch as batch_ship
from waybill_ui.services.shipping import single as shipping
from waybill_ui.services.settings import store as shop_settings


@pytest.fixture
def shop(db):
    seed_catalogue(db)
    return db


def ids_of(db, order_nos):
    ids, missing = batch_ship.ids_for(db, order_nos)
    assert not missing
    return ids


def test_batch_by_rules_with_stock_check(shop):
    db = shop
    with db.write() as session:
        session.add(MatchingRule(position=1, provinces=["新疆维吾尔自治区"], carrier_code="EMS"))
    add_stock(db, "EMS", 2)
    add_stock(db, "ZTO", 5)
    xinjiang = add_orders(db, 3, prefix="XJ", province="新疆维吾尔自治区", city="乌鲁木齐市", district="天山区")
    local = add_orders(db, 4, prefix="ZJ")
    preview = batch_ship.preview_batch(db, order_ids=ids_of(db, xinjiang + local))
    groups = {g.carrier: (g.orders, g.stock, g.short) for g in preview.groups}
    assert groups == {"EMS": (3, 2, 1), "ZTO": (4, 5, 0)}
    assert any(reason.startswith("规则 1") for reason in preview.reasons)
    progress = []
    result = batch_ship.batch_ship(db, order_nos=xinjiang + local + ["NOPE"], actor="t", progress=progress.append)
    assert sorted(s["order_no"] for s in result.shipped) == sorted(xinjiang[:2] + local)
    assert {f["order_no"]: f["code"] for f in result.failed} == {"NOPE": "not_found", xinjiang[2]: "no_stock"}
    assert all(f["reason"] for f in result.failed) and progress[-1] == 1.0
    with db.read() as session:
        batch = session.get(ShipBatch, result.batch_id)
        assert (batch.requested, batch.shipped, batch.failed) == (8, 6, 2)
        assert session.execute(text("SELECT count(*) FROM shipment WHERE batch_id = :b"), {"b": batch.id}).scalar() == 6
        audits = session.execute(
            text("SELECT entity, count(*) FROM audit_log WHERE action IN ('ship', 'allocate') GROUP BY entity")
        ).all()
    assert dict(audits) == {"order": 6, "waybill": 6}
    again = batch_ship.batch_ship(db, order_nos=local, actor="t")
    assert again.shipped == [] and {f["code"] for f in again.failed} == {"already_shipped"}


def test_one_carrier_for_all_respects_its_service_area(shop):
    db = shop
    add_stock(db, "STO", 5)
    tibet = add_orders(db, 1, prefix="XZ", province="西藏自治区", city="拉萨市", district="城关区")
    local = add_orders(db, 2, prefix="ZJ")
    result = batch_ship.batch_ship(db, order_nos=tibet + local, carrier="申通", actor="t")
    assert [s["carrier"] for s in result.shipped] == ["STO", "STO"]
    assert result.failed == [{"order_no": tibet[0], "code": "not_served", "reason": "申通快递不服务西藏自治区"}]


def test_scoring_moves_on_when_a_carrier_runs_out(shop):
    db = shop
    shop_settings.put(db, values={"matching.weight_stock": 0}, actor="owner")  # price and speed only
    add_stock(db, "YD", 2)  # the cheapest of the two, but only two numbers
    add_stock(db, "ZTO", 10)
    orders = add_orders(db, 6)
    result = batch_ship.batch_ship(db, order_nos=orders, actor="t", chunk_size=4)
    carriers = sorted(s["carrier"] for s in result.shipped)
    assert result.failed == [] and carriers.count("YD") == 2 and len(carriers) == 6


def test_two_racing_batches_never_ship_an_order_twice_nor_use_a_number_twice(shop):
    db = shop
    add_stock(db, "ZTO", 700)
    orders = add_orders(db, 600)
    first, second = orders[:450], orders[150:]  # 300 orders in both
    results = {}

    def run(name, order_nos):
        results[name] = batch_ship.batch_ship(db, order_nos=order_nos, actor=name, chunk_size=100)

    threads = [threading.Thread(target=run, args=("alice", first)), threading.Thread(target=run, args=("bob", second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    shipped = results["alice"].shipped + results["bob"].shipped
    assert sorted(s["order_no"] for s in shipped) == sorted(orders)  # each order exactly once
    assert len({s["number"] for s in shipped}) == 600  # no number twice
    failed = results["alice"].failed + results["bob"].failed
    assert len(failed) == 300 and {f["code"] for f in failed} == {"already_shipped"}
    with db.read() as session:
        assert session.execute(text("SELECT count(*) FROM shipment WHERE cancelled_at IS NULL")).scalar() == 600
        assert session.execute(text("SELECT count(DISTINCT waybill_id) FROM shipment")).scalar() == 600
        assert session.execute(text("SELECT count(*) FROM waybill WHERE status = 'used'")).scalar() == 600
        assert session.execute(text("SELECT count(*) FROM orders WHERE status = 'shipped'")).scalar() == 600


def test_a_batch_and_a_dialog_on_the_same_order(shop):
    db = shop
    add_stock(db, "ZTO", 5)
    orders = add_orders(db, 3)
    hold = shipping.hold_number(db, carrier="ZTO")
    result = batch_ship.batch_ship(db, order_nos=orders, actor="t")
    assert hold.number not in {s["number"] for s in result.shipped}
    from waybill_ui.services.common.errors import Conflict

    with pytest.raises(Conflict):
        shipping.ship_order(db, order_no=orders[0], reservation=hold.token, actor="t")
    assert shipping.release_hold(db, token=hold.token)
    assert status_of(db, orders[0]) == "shipped"
