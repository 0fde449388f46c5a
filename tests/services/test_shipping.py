"""Ship one order, cancel before pickup, ship again; typed numbers; the dialog's hold."""

from datetime import timedelta

import pytest
from sqlalchemy import text

from tests.fixtures.shop import add_orders, add_stock, seed_catalogue, status_of, waybill_status
from waybill_ui.db.models import Shipment
from waybill_ui.clock import utcnow
from waybill_ui.services.pool import allocation
from waybill_ui.services.shipping import single as shipping
from waybill_ui.services.common.errors import Conflict, Invalid, NotFound


@pytest.fixture
def shop(db):
    seed_catalogue(db)
    return db


def audit_actions(db, entity: str, entity_id) -> list[str]:
    with db.read() as session:
        return list(
            session.execute(
                text("SELECT action FROM audit_log WHERE entity = :e AND entity_id = :i ORDER BY id"),
                {"e": entity, "i": str(entity_id)},
            ).scalars()
        )


def test_ship_from_the_pool_in_one_go(shop):
    db = shop
    numbers = add_stock(db, "ZTO", 3)
    [order_no] = add_orders(db, 1, phone="13812345678")
    now = utcnow()
    result = shipping.ship_order(db, order_no=order_no, carrier="ZTO", actor="clerk", now=now)
    assert (result.carrier, result.number, result.status) == ("ZTO", numbers[0], "pending")
    with db.read() as session:
        shipment = session.get(Shipment, result.id)
    assert shipment.phone_tail == "5678" and shipment.created_by == "clerk"
    assert shipment.next_check_at == shipment.shipped_at + timedelta(minutes=30)
    assert status_of(db, order_no) == "shipped" and waybill_status(db, numbers[0]) == "used"
    assert audit_actions(db, "order", order_no) == ["ship"]
    with pytest.raises(Conflict) as again:
        shipping.ship_order(db, order_no=order_no, actor="clerk")
    assert again.value.code == "already_shipped" and again.value.status == 409


def test_carrier_from_the_rules_when_not_given(shop):
    db = shop
    add_stock(db, "YTO", 2)
    [order_no] = add_orders(db, 1)
    result = shipping.ship_order(db, order_no=order_no, actor="t")
    assert result.carrier == "YTO" and result.reason.startswith("得分最高")  # the only carrier with stock


def test_orders_that_cannot_ship(shop):
    db = shop
    add_stock(db, "ZTO", 2)
    [unpaid] = add_orders(db, 1, prefix="U", status="unpaid")
    [closed] = add_orders(db, 1, prefix="C", status="closed")
    for order_no, key in ((unpaid, "ship.not_shippable_unpaid"), (closed, "ship.not_shippable_closed")):
        with pytest.raises(Conflict) as refused:
            shipping.ship_order(db, order_no=order_no, carrier="ZTO", actor="t")
        assert refused.value.text_key == key
    with pytest.raises(NotFound):
        shipping.ship_order(db, order_no="nope", actor="t")
    [order_no] = add_orders(db, 1)
    with pytest.raises(Conflict) as empty:
        shipping.ship_order(db, order_no=order_no, carrier="SF", actor="t")
    assert empty.value.code == "no_stock" and "顺丰" in empty.value.message()
    assert status_of(db, order_no) == "pending"


def test_typed_numbers_are_checked_and_never_reused(shop):
    db = shop
    pool = add_stock(db, "ZTO", 2)
    first, second, third, fourth = add_orders(db, 4)
    with pytest.raises(Invalid) as bad:
        shipping.ship_order(db, order_no=first, carrier="SF", number="12345", actor="t")
    assert bad.value.text_key == "ship.number_bad_format" and "SF" in bad.value.message()
    typed = shipping.ship_order(db, order_no=first, carrier="SF", number=" sf1234567890123 ", actor="t")
    assert typed.number == "SF1234567890123"
    with db.read() as session:
        assert session.execute(text("SELECT origin, status FROM waybill WHERE number = 'SF1234567890123'")).one() == (
            "manual",
            "used",
        )
    with pytest.raises(Conflict) as used:  # known anywhere: says where
        shipping.ship_order(db, order_no=second, carrier="SF", number="SF1234567890123", actor="t")
    assert first in used.value.message() and used.value.code == "number_used"
    # a free number of our own pool scanned from its pre-printed label is simply taken from the pool
    scanned = shipping.ship_order(db, order_no=second, carrier="ZTO", number=pool[1], actor="t")
    assert scanned.number == pool[1] and waybill_status(db, pool[1]) == "used"
    with pytest.raises(Conflict):  # …once
        shipping.ship_order(db, order_no=third, carrier="ZTO", number=pool[1], actor="t")
    held = shipping.hold_number(db, carrier="ZTO")  # another dialog holds the other pool number
    with pytest.raises(Conflict) as in_pool:
        shipping.ship_order(db, order_no=third, carrier="ZTO", number=held.number, actor="t")
    assert in_pool.value.text_key == "ship.number_in_pool" and held.number in in_pool.value.message()
    assert status_of(db, third) == "pending" and status_of(db, fourth) == "pending"


def test_cancel_before_pickup_voids_and_reship_gets_a_new_number(shop):
    db = shop
    numbers = add_stock(db, "ZTO", 3)
    [order_no] = add_orders(db, 1)
    first = shipping.ship_order(db, order_no=order_no, carrier="ZTO", actor="t")
    cancelled = shipping.cancel_shipment(db, shipment_id=first.id, actor="t", reason="买家改地址")
    assert cancelled.status == "cancelled"
    assert status_of(db, order_no) == "pending" and waybill_status(db, first.number) == "voided"
    with db.read() as session:
        shipment = session.get(Shipment, first.id)
    assert shipment.cancelled_at is not None and shipment.next_check_at is None
    again = shipping.ship_order(db, order_no=order_no, carrier="ZTO", actor="t")
    assert again.number == numbers[1] != first.number
    with db.write() as session:  # the voided number is never handed out again
        assert [n for _, n in allocation.take(session, carrier="ZTO", count=10)] == [numbers[2]]
    [other] = add_orders(db, 1, prefix="X")
    with pytest.raises(Conflict):
        shipping.ship_order(db, order_no=other, carrier="ZTO", number=first.number, actor="t")
    with pytest.raises(Conflict) as twice:
        shipping.cancel_shipment(db, shipment_id=first.id, actor="t")
    assert twice.value.code == "already_cancelled"
    assert audit_actions(db, "shipment", first.id) == ["cancel"]


def test_no_cancel_after_pickup(shop):
    db = shop
    add_stock(db, "ZTO", 1)
    [order_no] = add_orders(db, 1)
    result = shipping.ship_order(db, order_no=order_no, carrier="ZTO", actor="t")
    with db.write() as session:
        shipment = session.get(Shipment, result.id)
        shipment.status, shipment.picked_up_at = "picked_up", utcnow()
        session.add(shipment)
    with pytest.raises(Conflict) as refused:
        shipping.cancel_shipment(db, shipment_id=result.id, actor="t")
    assert refused.value.code == "picked_up" and status_of(db, order_no) == "shipped"


def test_the_dialog_hold(shop):
    db = shop
    numbers = add_stock(db, "ZTO", 2)
    first, second = add_orders(db, 2)
    hold = shipping.hold_number(db, carrier="ZTO")
    assert hold.number == numbers[0]
    # meanwhile someone ships another order from the pool: the held number is skipped
    other = shipping.ship_order(db, order_no=second, carrier="ZTO", actor="t")
    assert other.number == numbers[1]
    result = shipping.ship_order(db, order_no=first, reservation=hold.token, actor="t")
    assert result.number == hold.number
    assert shipping.hold_number(db, carrier="ZTO") is None  # nothing left


def test_released_hold_goes_back_and_a_lapsed_hold_is_refused(shop):
    db = shop
    numbers = add_stock(db, "ZTO", 1)
    [order_no] = add_orders(db, 1)
    hold = shipping.hold_number(db, carrier="ZTO")
    assert shipping.release_hold(db, token=hold.token)
    with db.read() as session:
        assert session.execute(text("SELECT reserved_token FROM waybill")).scalar() is None
    old = shipping.hold_number(db, carrier="ZTO", now=utcnow() - timedelta(hours=1))
    with pytest.raises(Conflict) as lapsed:
        shipping.ship_order(db, order_no=order_no, reservation=old.token, actor="t")
    assert lapsed.value.code == "hold_lapsed" and status_of(db, order_no) == "pending"
    assert waybill_status(db, numbers[0]) == "available"


@pytest.mark.parametrize("minutes", [10, 30, 90, 240])
def test_the_first_look_follows_the_setting_in_every_way_of_shipping(shop, minutes):
    """The first tracking look is planned from `tracking.first_check_min`, also above 30 minutes
    (it used to be a constant that ignored the setting), for one order and for a batch."""
    from waybill_ui.services.shipping import batch as batch_ship
    from waybill_ui.services.settings import store as shop_settings

    shop_settings.put(shop, values={"tracking.first_check_min": minutes}, actor="owner")
    add_stock(shop, "ZTO", 3)
    one, *rest = add_orders(shop, 3, prefix=f"FC{minutes}")
    now = utcnow()
    shipped = shipping.ship_order(shop, order_no=one, actor="owner", carrier="ZTO", now=now)
    with shop.read() as session:
        assert session.get(Shipment, shipped.id).next_check_at == now + timedelta(minutes=minutes)
    with shop.read() as session:
        ids = list(
            session.execute(
                text("SELECT id FROM orders WHERE order_no IN (:a, :b)"), {"a": rest[0], "b": rest[1]}
            ).scalars()
        )
    result = batch_ship.batch_ship(shop, order_ids=ids, actor="owner", carrier="ZTO", now=now)
    assert len(result.shipped) == 2
    with shop.read() as session:
        for s in result.shipped:
            planned = session.get(Shipment, s["shipment_id"]).next_check_at
            assert abs(planned - (now + timedelta(minutes=minutes))) < timedelta(seconds=1)
