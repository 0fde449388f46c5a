"""One search box: orders by number, buyer, recipient and phone; numbers in the pool or shipped
elsewhere; shipments by number or #id — each hit pointing at the page that shows it."""

from sqlalchemy import select

from waybill_ui.db.models import Shipment, Waybill
from waybill_ui.services.orders import search
from tests.pool_helpers import add_order
from tests.report_data import january


def first(db):
    january(db)
    with db.read() as session:
        s = session.execute(select(Shipment).order_by(Shipment.id)).scalars().first()
        spare = (
            session.execute(select(Waybill).where(Waybill.status == "available").order_by(Waybill.id)).scalars().first()
        )
    return s, spare


def test_order_by_number_buyer_recipient_and_phone(db):
    first(db)
    for q in ("TB1001", "tb_wang", "王小明", "13800001111", "1380000", "1111"):
        found = search.find(db, q=q)
        assert [h.title for h in found.of("order")] == ["TB1001"], q
        assert found.of("order")[0].url == "/orders?q=TB1001"
    assert search.single_target(search.find(db, q="TB1001")) == "/orders?q=TB1001"


def test_a_pool_number(db):
    _, spare = first(db)
    found = search.find(db, q=spare.number.lower())  # typed in lower case: cleaned like a scan
    [hit] = found.of("number")
    assert hit.url == f"/pool/number/ZTO/{spare.number}" and hit.status == "available"
    assert not found.of("shipment") and not found.of("order")
    assert search.single_target(found) == hit.url


def test_a_shipped_number_finds_number_order_and_shipment(db):
    s, _ = first(db)
    found = search.find(db, q=s.number)
    assert [h.url for h in found.of("shipment")] == [f"/shipments/{s.id}"]
    assert [h.url for h in found.of("number")] == [f"/pool/number/ZTO/{s.number}"]
    assert [h.title for h in found.of("order")] == ["TB1001"]
    assert search.single_target(found) == f"/shipments/{s.id}"  # the shipment page shows all three
    by_id = search.find(db, q=f"#{s.id}")
    assert [h.url for h in by_id.of("shipment")] == [f"/shipments/{s.id}"]


def test_a_number_shipped_elsewhere(db):
    add_order(db, "TB7777", status="shipped", external_carrier="中通快递", external_number="75300000000099")
    found = search.find(db, q="75300000000099")
    assert [h.url for h in found.of("number")] == ["/pool/number/ZTO/75300000000099"]
    assert [h.title for h in found.of("order")] == ["TB7777"]


def test_prefixes_many_hits_and_nothing(db):
    first(db)
    found = search.find(db, q="ZTO", limit=3)  # every ZTO pool number starts so
    assert len(found.of("number")) == 3 and "number" in found.more
    assert search.single_target(found) is None
    assert search.find(db, q="x").hits == []  # too short to mean anything
    assert search.find(db, q="  ").hits == []
    assert search.find(db, q="no-such-thing").hits == []
