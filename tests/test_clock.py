"""One injectable clock (waybill_ui/clock.py): services and the embedded network both read it."""

from datetime import datetime, timedelta, timezone

import pytest

from tests.fixtures.shop import add_orders, add_stock, seed_catalogue
from waybill_ui import clock
from waybill_ui.db.models import Shipment
from waybill_ui.services.shipping import single as shipping

AT = datetime(2026, 6, 18, 2, 30, tzinfo=timezone.utc)  # 618, 10:30 in Shanghai


def test_a_frozen_clock_is_what_services_stamp_and_it_moves_on_request(db):
    seed_catalogue(db)
    add_stock(db, "ZTO", 2)
    first, second = add_orders(db, 2, prefix="CLK")
    with clock.frozen(AT) as advance:
        one = shipping.ship_order(db, order_no=first, carrier="ZTO", actor="owner")
        advance(hours=2)
        two = shipping.ship_order(db, order_no=second, carrier="ZTO", actor="owner")
        assert clock.fmt_local(clock.utcnow()) == "2026-06-18 12:30"
    with db.read() as session:
        assert session.get(Shipment, one.id).shipped_at == AT
        assert session.get(Shipment, two.id).shipped_at == AT + timedelta(hours=2)
    assert abs(clock.utcnow() - datetime.now(timezone.utc)) < timedelta(seconds=5)  # real time again


def test_the_embedded_network_reads_the_same_clock():
    with clock.frozen(AT):
        assert clock.epoch() == AT.timestamp()
    with pytest.raises(ValueError):
        with clock.frozen(datetime(2026, 6, 18)):  # naive: which zone?
            pass
