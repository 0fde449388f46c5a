"""拣货单 aggregated by item and sorted by shelf; 发货单 pages whose barcode opens the order."""

import pytest
from sqlalchemy import text

from tests.fixtures.shop import add_orders
from tests.pdf_tools import barcodes, page_text
from waybill_ui.db.models import OrderItem
from waybill_ui.services.common.errors import Invalid
from waybill_ui.services.packing import pick_list, scan


def give(db, order_no, items):
    with db.write() as session:
        oid = session.execute(text("SELECT id FROM orders WHERE order_no = :n"), {"n": order_no}).scalar()
        for sku, spec, qty, loc in items:
            session.add(OrderItem(order_id=oid, sku=sku, title=f"T恤{sku}", spec=spec, quantity=qty, location=loc))


def test_pick_list_adds_up_by_item_and_walks_the_shelves(db):
    a, b, c = add_orders(db, 3)
    give(db, a, [("TS-1", "红色M", 2, "B-02"), ("CAP", "", 1, "A-01")])
    give(db, b, [("TS-1", "红色M", 1, "B-02")])
    give(db, c, [("TS-1", "蓝色L", 1, "B-03"), ("MUG", "", 3, "")])
    picks, slips = pick_list.collect(db, order_nos=[a, b, c])
    assert [(p.location, p.sku, p.spec, p.quantity, p.order_nos) for p in picks] == [
        ("A-01", "CAP", "", 1, [a]),
        ("B-02", "TS-1", "红色M", 3, [a, b]),
        ("B-03", "TS-1", "蓝色L", 1, [c]),
        ("", "MUG", "", 3, [c]),
    ]
    data = pick_list.render_pick_list(picks)
    page = page_text(data).text
    assert "拣货单" in page and "共 8 件" in page
    assert page.index("CAP") < page.index("TS-1") < page.index("MUG")
    assert a in page and b in page

    slips_pdf = pick_list.render_slips(slips)
    assert "发货单" in page_text(slips_pdf, 1).text and b in page_text(slips_pdf, 1).text
    decoded = barcodes(slips_pdf, 1)
    assert ("CODE128", b) in decoded
    assert scan.open_parcel(db, code=decoded[0][1]).order_no == b  # the slip's barcode opens the order


def test_pick_list_needs_orders(db):
    with pytest.raises(Invalid):
        pick_list.collect(db, order_nos=["", "  "])
