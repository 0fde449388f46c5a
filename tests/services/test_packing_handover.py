"""交接单: parcels scanned out per carrier, once each; the sheet's text and barcode; parcels left over."""

from datetime import timedelta

import pytest
from sqlalchemy import text

from tests.fixtures.shop import add_orders, add_stock, seed_catalogue
from tests.pdf_tools import barcodes, page_text
from waybill_ui.clock import utcnow
from waybill_ui.services.shipping import single as shipping
from waybill_ui.services.common.errors import Conflict, Invalid
from waybill_ui.services.packing import handover


@pytest.fixture
def parcels(db):
    seed_catalogue(db)
    add_stock(db, "ZTO", 3)
    add_stock(db, "YTO", 1)
    nos = add_orders(db, 4)
    now = utcnow() - timedelta(hours=3)
    shipped = [
        shipping.ship_order(db, order_no=n, carrier=c, actor="t", now=now)
        for n, c in zip(nos, ("ZTO", "ZTO", "ZTO", "YTO"), strict=False)
    ]
    return db, [s.number for s in shipped]


def test_hand_over_prints_the_sheet_and_lists_the_rest(parcels):
    db, numbers = parcels
    record = handover.hand_over(db, carrier="ZTO", numbers=[numbers[0], f" {numbers[1]} ", numbers[0]], actor="boss")
    assert record.count == 2 and record.numbers == numbers[:2]
    pdf = handover.render_sheet(record)
    page = page_text(pdf).text
    assert "快递交接单" in page and "中通快递" in page and "件数：2" in page
    assert numbers[0] in page and numbers[1] in page and numbers[2] not in page
    assert "快递员签字" in page
    assert ("CODE128", f"HO{record.id}") in barcodes(pdf)
    left = handover.not_handed_over(db, shipped_before=utcnow())
    assert [n for _, n, _ in left] == numbers[2:]


def test_refused_numbers_store_nothing(parcels):
    db, numbers = parcels
    with pytest.raises(Conflict) as other:
        handover.hand_over(db, carrier="ZTO", numbers=[numbers[2], numbers[3]], actor="boss")
    assert other.value.code == "other_carrier"
    with pytest.raises(Conflict) as unknown:
        handover.hand_over(db, carrier="ZTO", numbers=["NOPE1"], actor="boss")
    assert unknown.value.code == "not_shipped"
    with pytest.raises(Invalid):
        handover.hand_over(db, carrier="ZTO", numbers=[" "], actor="boss")
    with db.read() as session:
        assert session.execute(text("SELECT count(*) FROM handover")).scalar() == 0
        assert session.execute(text("SELECT count(*) FROM shipment WHERE handover_id IS NOT NULL")).scalar() == 0
    handover.hand_over(db, carrier="ZTO", numbers=[numbers[2]], actor="boss")
    with pytest.raises(Conflict) as twice:
        handover.hand_over(db, carrier="ZTO", numbers=[numbers[2]], actor="boss")
    assert twice.value.code == "handed_over"
