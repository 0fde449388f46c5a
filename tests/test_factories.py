"""The test-data factories give complete rows by default and take any column as an override."""

from sqlmodel import select

from tests import factories
from waybill_ui.db.models import Order, Purchase, Shipment, Waybill


def test_defaults_and_overrides(db):
    plain = factories.order(db)
    custom = factories.order(db, province="浙江省", status="shipped", order_no="X1")
    sid = factories.shipment(db, carrier="ZTO", number="75000000000001", status="in_transit")
    factories.numbers(db, ["75000000000002", "75000000000003"], carrier="ZTO", expires_in_days=30)
    pid = factories.purchase(db, carrier="ZTO", count=200, unit_fen=8)
    staff = factories.user(db)
    owner = factories.user(db, username="boss", role="owner")
    with db.read() as session:
        a, b = session.get(Order, plain), session.get(Order, custom)
        assert a.status == "pending" and a.receiver_name and a.phone and a.address and a.province == "广东省"
        assert (b.province, b.status, b.order_no) == ("浙江省", "shipped", "X1")
        shipment = session.get(Shipment, sid)
        assert (shipment.carrier_code, shipment.number, shipment.status) == ("ZTO", "75000000000001", "in_transit")
        pool = session.exec(select(Waybill).where(Waybill.status == "available")).all()
        assert {w.number for w in pool} == {"75000000000002", "75000000000003"}
        assert all(w.expires_at is not None for w in pool)
        assert session.get(Purchase, pid).amount_fen == 1600
    assert staff.role == "staff" and owner.role == "owner" and owner.username == "boss"
