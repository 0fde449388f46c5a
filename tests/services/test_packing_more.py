"""Packing station, part 2: the barcode map with piece weights (expected weight at the station),
freight at the weighed weight, the end-of-day list, past handovers, and the 交接后未揽收 alert."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import text

from tests.fixtures.shop import add_orders, add_stock, seed_catalogue
from waybill_ui.db.models import OrderItem
from waybill_ui.clock import SHANGHAI, utcnow
from waybill_ui.services.alerts import sweep as alert_sweep
from waybill_ui.services.market import quotes as market
from waybill_ui.services.shipping import single as shipping
from waybill_ui.services.tracking import config as tracking_config
from waybill_ui.services.common.errors import Conflict, Invalid, NotFound
from waybill_ui.services.packing import barcodes, freight, handover, handover_lists, scan


@pytest.fixture
def shop(db):
    seed_catalogue(db)
    add_stock(db, "ZTO", 6)
    add_stock(db, "YTO", 2)
    return db


def give_items(db, order_no: str, items: list[tuple[str, int]]) -> None:
    with db.write() as session:
        order_id = session.execute(text("SELECT id FROM orders WHERE order_no = :n"), {"n": order_no}).scalar()
        for sku, qty in items:
            session.add(OrderItem(order_id=order_id, sku=sku, title=f"商品{sku}", spec="", quantity=qty))


def test_barcode_map_pages_edits_and_refuses_bad_input(db):
    for i in range(7):
        barcodes.save(db, barcode=f"69000000000{i:02d}", sku=f"SKU-{i % 3}", weight_g=100 + i, actor="boss")
    page, total = barcodes.list_page(db, offset=0, limit=5)
    assert total == 7 and len(page) == 5 and [r.sku for r in page] == sorted(r.sku for r in page)
    rest, _ = barcodes.list_page(db, offset=5, limit=5)
    assert len(rest) == 2 and not {r.barcode for r in rest} & {r.barcode for r in page}
    found, n = barcodes.list_page(db, q="SKU-1")
    assert n == 2 and {r.sku for r in found} == {"SKU-1"}
    barcodes.save(db, barcode="6900000000000", sku="SKU-9", weight_g=None, actor="boss")  # changed, weight cleared
    assert scan.sku_of(db, barcode="6900000000000") == "SKU-9"
    for bad in (
        {"barcode": "有空 格", "sku": "A"},
        {"barcode": "1", "sku": ""},
        {"barcode": "1", "sku": "A", "weight_g": 0},
    ):
        with pytest.raises(Invalid):
            barcodes.save(db, actor="boss", **bad)
    barcodes.delete(db, barcode="6900000000000", actor="boss")
    with pytest.raises(NotFound):
        barcodes.delete(db, barcode="6900000000000", actor="boss")
    assert barcodes.list_page(db)[1] == 6


def test_expected_weight_adds_up_piece_weights_and_flags_a_far_reading(shop):
    db = shop
    [order_no] = add_orders(db, 1, weight_g=5000)
    give_items(db, order_no, [("TS-RED-M", 2), ("CAP-01", 1)])
    assert scan.open_parcel(db, code=order_no).expected_weight_g == 5000  # not every piece weight known: the order's
    barcodes.save(db, barcode="TS-RED-M", sku="TS-RED-M", weight_g=250, actor="boss")
    barcodes.save(db, barcode="6901234567892", sku="CAP-01", weight_g=120, actor="boss")
    parcel = scan.open_parcel(db, code=order_no)
    assert parcel.expected_weight_g == 2 * 250 + 120
    assert not scan.weight_flagged(expected_g=parcel.expected_weight_g, weight_g=650)
    assert scan.weight_flagged(expected_g=parcel.expected_weight_g, weight_g=1200)
    packed = scan.confirm(
        db, order_no=order_no, counts={"TS-RED-M": 2, "CAP-01": 1}, weight_g=1200, actor="t", carrier="ZTO"
    )
    assert packed.weight_flagged and packed.expected_weight_g == 620 and packed.needs_label
    price = market.quoter(db, with_ratings=False).price("ZTO", "浙江省", 1200)
    assert (
        packed.freight_fen == price.fen
        and price.fen > market.quoter(db, with_ratings=False).price("ZTO", "浙江省", 500).fen
    )  # the weighed weight is what is priced


def test_report_shows_weight_and_freight_per_carrier(shop):
    from waybill_ui.services.reports import summary as reports
    from waybill_ui.services.reports.tables import Period

    db = shop
    nos = add_orders(db, 3)
    for no, grams in zip(nos, (800, 2300, None), strict=False):
        shipping.ship_order(db, order_no=no, carrier="ZTO", actor="t")
        if grams:
            with db.write() as session:
                session.execute(
                    text(
                        "UPDATE shipment SET weight_g = :g WHERE order_id = (SELECT id FROM orders WHERE order_no = :n)"
                    ),
                    {"g": grams, "n": no},
                )
    today = utcnow().astimezone(SHANGHAI).date()
    report = reports.build(db, period=Period(today - timedelta(days=1), today + timedelta(days=1)))
    [zto] = [r for r in report.tables["carriers"].rows if r["code"] == "ZTO"]
    q = market.quoter(db, with_ratings=False)
    origin = market.origin_province(db)
    assert origin
    assert zto["weighed"] == 2 and zto["avg_weight_g"] == (800 + 2300) // 2
    assert zto["freight_fen"] == q.price("ZTO", "浙江省", 800).fen + q.price("ZTO", "浙江省", 2300).fen
    with db.read() as session:
        assert freight.by_carrier(session, [], origin)["ZTO"]["weighed"] == 2


def test_end_of_day_list_is_paged_and_handover_checks_each_scan(shop):
    db = shop
    nos = add_orders(db, 5)
    yesterday = utcnow() - timedelta(days=1)
    shipped = [
        shipping.ship_order(db, order_no=n, carrier=c, actor="t", now=yesterday if i < 4 else utcnow())
        for i, (n, c) in enumerate(zip(nos, ("ZTO", "ZTO", "ZTO", "YTO", "ZTO"), strict=False))
    ]
    numbers = [s.number for s in shipped]
    day = yesterday.astimezone(SHANGHAI).date()
    rows, total = handover_lists.left_over(db, day=day, limit=2)
    assert total == 4 and [r.number for r in rows] == numbers[:2]
    more, _ = handover_lists.left_over(db, day=day, offset=2, limit=2)
    assert [r.number for r in more] == numbers[2:4]
    assert handover_lists.left_over(db, day=day, carrier="圆通速递")[1] == 1
    assert handover_lists.left_over(db)[1] == 5  # today: everything shipped so far
    assert handover_lists.check_parcel(db, carrier="ZTO", number=f" {numbers[0]} ") == numbers[0]
    with pytest.raises(Conflict) as other:
        handover_lists.check_parcel(db, carrier="ZTO", number=numbers[3])
    assert other.value.code == "other_carrier"
    with pytest.raises(NotFound):
        handover_lists.check_parcel(db, carrier="ZTO", number="NOPE")
    record = handover.hand_over(db, carrier="ZTO", numbers=numbers[:2], actor="boss")
    with pytest.raises(Conflict):
        handover_lists.check_parcel(db, carrier="ZTO", number=numbers[0])
    assert handover_lists.left_over(db, day=day)[1] == 2
    past, count = handover_lists.recent(db)
    assert count == 1 and past[0].id == record.id and past[0].count == 2


def test_handed_over_without_pickup_scan_raises_once_and_clears_on_pickup(shop):
    db = shop
    nos = add_orders(db, 2)
    start = utcnow() - timedelta(hours=10)
    shipped = [shipping.ship_order(db, order_no=n, carrier="ZTO", actor="t", now=start) for n in nos]
    handover.hand_over(db, carrier="ZTO", numbers=[s.number for s in shipped], actor="boss", now=start)
    cfg = tracking_config.build({"alerts.handover_pickup_h": 4, "alerts.pickup_h": 1000}, provider="sandbox")

    def open_alerts():
        with db.read() as session:
            return session.execute(
                text(
                    "SELECT dedupe_key, message FROM alert WHERE kind = 'handover_no_pickup' "
                    "AND status != 'resolved' ORDER BY id"
                )
            ).all()

    alert_sweep.sweep(db, cfg=cfg, now=start + timedelta(hours=3))
    assert open_alerts() == []  # not yet: the courier has 4 hours
    touched = alert_sweep.sweep(db, cfg=cfg, now=start + timedelta(hours=5))
    found = open_alerts()
    assert len(found) == 2 and "5 小时前已交给快递员" in found[0].message and shipped[0].number in found[0].message
    assert {s.id for s in shipped} <= touched
    alert_sweep.sweep(db, cfg=cfg, now=start + timedelta(hours=6))
    assert len(open_alerts()) == 2  # never twice
    with db.write() as session:
        session.execute(
            text("UPDATE shipment SET picked_up_at = :t, status = 'picked_up' WHERE id = :i"),
            {"t": start + timedelta(hours=6), "i": shipped[0].id},
        )
    alert_sweep.sweep(db, cfg=cfg, now=start + timedelta(hours=7))
    left = open_alerts()
    assert [k for k, _ in left] == [f"handover_no_pickup:shipment:{shipped[1].id}"]
    # the seller resolves the other by hand: it stays resolved while the cause remains
    with db.write() as session:
        session.execute(
            text("UPDATE alert SET status = 'resolved', resolved_by = 'boss' WHERE kind = 'handover_no_pickup'")
        )
    alert_sweep.sweep(db, cfg=cfg, now=start + timedelta(hours=8))
    assert open_alerts() == []


def test_not_handed_over_parcels_raise_no_such_alert(shop):
    db = shop
    [no] = add_orders(db, 1)
    start = utcnow() - timedelta(hours=10)
    shipping.ship_order(db, order_no=no, carrier="ZTO", actor="t", now=start)
    cfg = tracking_config.build({"alerts.pickup_h": 1000}, provider="sandbox")
    alert_sweep.sweep(db, cfg=cfg, now=utcnow())
    with db.read() as session:
        assert session.execute(text("SELECT count(*) FROM alert WHERE kind = 'handover_no_pickup'")).scalar() == 0


def test_end_of_day_is_the_shop_midnight():
    end = handover_lists.end_of_day(date(2026, 3, 1))
    assert end == datetime(2026, 3, 2, tzinfo=SHANGHAI)
