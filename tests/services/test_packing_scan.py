"""扫描验货发货: open a parcel by order or waybill number, verify items, weigh, confirm and ship."""

import pytest
from sqlalchemy import text

from tests.fixtures.shop import add_orders, add_stock, seed_catalogue, status_of
from waybill_ui.db.models import ItemBarcode, OrderItem, Shipment
from waybill_ui.clock import utcnow
from waybill_ui.services.shipping import single as shipping
from waybill_ui.services.common.errors import Conflict, Invalid, NotFound
from waybill_ui.services.packing import scan
from waybill_ui.services.packing.scan import ItemVerdict, Warn


@pytest.fixture
def shop(db):
    seed_catalogue(db)
    add_stock(db, "ZTO", 5)
    return db


def give_items(db, order_no: str, items: list[tuple[str, int]]) -> None:
    with db.write() as session:
        order_id = session.execute(text("SELECT id FROM orders WHERE order_no = :n"), {"n": order_no}).scalar()
        for sku, qty in items:
            session.add(OrderItem(order_id=order_id, sku=sku, title=f"商品{sku}", spec="颜色:红", quantity=qty))


def test_scan_to_shipped_with_a_mapped_barcode_and_a_wrong_item(shop):
    db = shop
    [order_no] = add_orders(db, 1, weight_g=1000)
    give_items(db, order_no, [("TS-RED-M", 2), ("CAP-01", 1)])
    with db.write() as session:
        session.add(ItemBarcode(barcode="6901234567892", sku="CAP-01"))
    parcel = scan.open_parcel(db, code=order_no)
    assert [(line.sku, line.quantity) for line in parcel.lines] == [("TS-RED-M", 2), ("CAP-01", 1)]
    assert parcel.warnings == [] and not parcel.blocked
    counts: dict[str, int] = {}
    first = scan.scan_item(db, order_no=order_no, barcode="TS-RED-M", counts=counts)
    assert first.verdict == ItemVerdict.ok and first.counts == {"TS-RED-M": 1}
    wrong = scan.scan_item(db, order_no=order_no, barcode="MUG-9", counts=first.counts)
    assert wrong.verdict == ItemVerdict.wrong and wrong.counts == first.counts  # nothing counted
    second = scan.scan_item(db, order_no=order_no, barcode="TS-RED-M", counts=wrong.counts)
    extra = scan.scan_item(db, order_no=order_no, barcode="TS-RED-M", counts=second.counts)
    assert extra.verdict == ItemVerdict.extra and extra.counts == {"TS-RED-M": 2}
    with pytest.raises(Conflict) as early:
        scan.confirm(db, order_no=order_no, counts=second.counts, weight_g=1000, actor="packer", carrier="ZTO")
    assert early.value.code == "counts_differ" and status_of(db, order_no) == "pending"
    last = scan.scan_item(db, order_no=order_no, barcode="6901234567892", counts=second.counts)
    assert last.verdict == ItemVerdict.done and last.counts == {"TS-RED-M": 2, "CAP-01": 1}
    packed = scan.confirm(
        db, order_no=order_no, counts=last.counts, weight_g=scan.parse_weight("1.62"), actor="packer", carrier="ZTO"
    )
    assert packed.newly_shipped and packed.carrier == "ZTO" and packed.weight_g == 1620 and packed.weight_flagged
    assert status_of(db, order_no) == "shipped"
    with db.read() as session:
        shipment = session.get(Shipment, session.execute(text("SELECT id FROM shipment")).scalar())
    assert shipment.weight_g == 1620 and shipment.packed_at is not None
    with pytest.raises(Conflict) as twice:
        scan.confirm(db, order_no=order_no, counts=last.counts, weight_g=1600, actor="packer")
    assert twice.value.code == "already_packed"


def test_label_number_opens_the_order_and_an_already_shipped_one_is_packed_once(shop):
    db = shop
    [order_no] = add_orders(db, 1, prefix="L")
    give_items(db, order_no, [("A1", 1)])
    shipped = shipping.ship_order(db, order_no=order_no, carrier="ZTO", actor="t", now=utcnow())
    parcel = scan.open_parcel(db, code=f"  {shipped.number} ")
    assert parcel.order_no == order_no and parcel.number == shipped.number
    assert parcel.warnings == [Warn.already_shipped] and not parcel.blocked
    packed = scan.confirm(db, order_no=order_no, counts={"A1": 1}, weight_g=None, actor="p")
    assert not packed.newly_shipped and packed.number == shipped.number and not packed.weight_flagged


def test_refunded_order_is_red_and_cannot_be_packed(shop):
    db = shop
    [refunded] = add_orders(db, 1, prefix="R", status="closed", marketplace_status="退款成功")
    give_items(db, refunded, [("A1", 1)])
    parcel = scan.open_parcel(db, code=refunded)
    assert Warn.refunded in parcel.warnings and parcel.blocked
    with pytest.raises(Conflict) as refused:
        scan.confirm(db, order_no=refunded, counts={"A1": 1}, weight_g=500, actor="p")
    assert refused.value.code == "not_packable"
    assert "退款" in refused.value.message("zh")


def test_buyer_carrier_request_and_changed_address_are_warned(shop):
    db = shop
    [order_no] = add_orders(db, 1, prefix="W", buyer_message="请发顺丰，谢谢", seller_memo="买家改地址了")
    parcel = scan.open_parcel(db, code=order_no)
    assert parcel.warnings == [Warn.carrier_request, Warn.address_changed] and not parcel.blocked


def test_unknown_code_and_bad_weights(shop):
    with pytest.raises(NotFound) as unknown:
        scan.open_parcel(shop, code="NOPE123")
    # the scanned code is said back, and the error keeps its own code
    assert unknown.value.code == "not_found" and "NOPE123" in unknown.value.message("zh")
    assert "{" not in unknown.value.message("zh")
    with pytest.raises(Invalid):
        scan.open_parcel(shop, code="   ")
    assert [scan.parse_weight(v) for v in ("1.25", "1.25kg", "1250g", "1250", " 0.3 KG")] == [
        1250,
        1250,
        1250,
        1250,
        300,
    ]
    for bad in ("", "abc", "-1", "0", "200kg"):
        with pytest.raises(Invalid):
            scan.parse_weight(bad)
    assert not scan.weight_flagged(expected_g=1000, weight_g=1250)
    assert scan.weight_flagged(expected_g=1000, weight_g=1400)
    assert not scan.weight_flagged(expected_g=None, weight_g=1400)


def test_demo_orders_come_with_items_the_station_can_scan(db):
    from waybill_ui.services.system import demo

    demo.seed_demo(db, orders=5, seed=3)
    with db.read() as session:
        order_no = session.execute(text("SELECT order_no FROM orders WHERE status = 'pending' LIMIT 1")).scalar()
    parcel = scan.open_parcel(db, code=order_no)
    assert parcel.lines and all(line.sku.startswith("SKU-") for line in parcel.lines)
    counts: dict[str, int] = {}
    for line in parcel.lines:
        for _ in range(line.quantity):
            counts = scan.scan_item(db, order_no=order_no, barcode=line.sku, counts=counts).counts
    assert sum(counts.values()) == sum(line.quantity for line in parcel.lines)
    assert demo.remove_demo_orders(db, actor="t") == 5


def test_scan_to_find_opens_the_whole_code_even_among_longer_ones(shop):
    from waybill_ui.services.orders import search

    db = shop
    a, b = add_orders(db, 2, prefix="5")  # 500000000 and 500000001
    add_orders(db, 1, prefix="50000000", status="closed")  # 5000000000000000: starts with a's number
    shipped = shipping.ship_order(db, order_no=b, carrier="ZTO", actor="t", now=utcnow())
    assert search.exact_target(db, q=f" {a} ") == f"/orders?q={a}"
    with db.read() as session:
        shipment_id = session.execute(text("SELECT id FROM shipment WHERE number = :n"), {"n": shipped.number}).scalar()
    assert search.exact_target(db, q=shipped.number) == f"/shipments/{shipment_id}"
    spare = add_stock(db, "ZTO", 1)[0]
    assert search.exact_target(db, q=spare) == f"/pool/number/ZTO/{spare}"
    assert search.exact_target(db, q="NOPE-404") is None and search.exact_target(db, q="5") is None
