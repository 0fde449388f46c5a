"""The marketplace batch-ship file: layout, BOM, formula-safe cells, which shipments."""

import csv
import io
from datetime import timedelta

import pytest

from tests.fixtures.shop import add_orders, add_stock, seed_catalogue
from waybill_ui.clock import utcnow
from waybill_ui.services.shipping import batch as batch_ship
from waybill_ui.services.orders import shipback as exports
from waybill_ui.services.shipping import single as shipping
from waybill_ui.services.common import spreadsheet
from waybill_ui.services.common.errors import Invalid


def read(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())  # BOM: Excel opens it as UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize(
    "value,expected",
    [
        ("=1+1", "'=1+1"),
        ("+86", "'+86"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("21000000001", "21000000001"),
        ("中通快递", "中通快递"),
    ],
)
def test_cells_never_start_a_formula(value, expected):
    assert spreadsheet.safe_cell(value) == expected


def test_layout_taobao_names_and_escaping(db):
    seed_catalogue(db)
    add_stock(db, "ZTO", 2)
    add_stock(db, "EMS", 1)
    normal = add_orders(db, 1, prefix="2100")
    formula = add_orders(db, 1, prefix="=cmd|")  # an order number that came from outside
    ems = add_orders(db, 1, prefix="2200")
    a = shipping.ship_order(db, order_no=normal[0], carrier="ZTO", actor="t")
    b = shipping.ship_order(db, order_no=formula[0], carrier="ZTO", actor="t")
    c = shipping.ship_order(db, order_no=ems[0], carrier="EMS", actor="t")
    rows = read(exports.batch_ship_csv(db, shipment_ids=[a.id, b.id, c.id]))
    assert rows[0] == ["订单编号", "物流公司", "运单号"]
    assert rows[1] == [normal[0], "中通快递", a.number]
    assert rows[2] == ["'" + formula[0], "中通快递", b.number]
    assert rows[3] == [ems[0], "EMS", c.number]  # the marketplace's display name, not ours (邮政EMS)
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_cancelled_shipments_are_left_out_and_filters(db):
    seed_catalogue(db)
    add_stock(db, "ZTO", 5)
    orders = add_orders(db, 3)
    result = batch_ship.batch_ship(db, order_nos=orders, actor="t")
    shipping.cancel_shipment(db, shipment_id=result.shipped[0]["shipment_id"], actor="t")
    assert len(read(exports.batch_ship_csv(db, batch_id=result.batch_id))) == 3  # header + 2
    assert len(read(exports.batch_ship_csv(db, shipped_since=utcnow() - timedelta(hours=1)))) == 3
    with pytest.raises(Invalid) as nothing:
        exports.batch_ship_csv(db, shipped_since=utcnow() + timedelta(hours=1))
    assert nothing.value.status == 404
    with pytest.raises(Invalid):
        exports.batch_ship_csv(db)
    with pytest.raises(Invalid):
        exports.parse_ids("1,x")
    assert exports.parse_ids("1, 2，3") == [1, 2, 3]


def test_numbers_stay_numbers_and_text_never_becomes_a_formula():
    from decimal import Decimal

    assert spreadsheet.safe_cell(Decimal("-12.50")) == "-12.50"  # a refund in the ledger export
    assert spreadsheet.safe_cell(-3) == "-3"
    assert spreadsheet.safe_cell("-3") == "'-3"  # typed text: always quoted
    assert spreadsheet.safe_cell(None) == ""


def test_ledger_export_quotes_a_typed_reference(db):
    from waybill_ui.services.market import ledger
    from waybill_ui.services.accounts import users

    boss = users.create_user(db, username="boss", password="boss-pass-1", role="owner")
    ledger.top_up(db, amount_fen=1234, reference='=HYPERLINK("http://evil")', actor=boss)
    rows = read(ledger.export_csv(db))
    assert '\'=HYPERLINK("http://evil")' in rows[-1]
    assert "12.34" in rows[-1]
