"""The carrier filter reads the key on the order row (services/orders/carrier_key.py): on a mixed
shop it must find exactly the orders the per-row shipment check found, in every sort."""

import random

import pytest
from sqlalchemy import text

from tests.fixtures import taobao_export as tb
from tests.fixtures.shop import add_orders, add_stock, seed_catalogue
from waybill_ui.carriers import codes
from waybill_ui.db import keyset
from waybill_ui.services.orders import carrier_key
from waybill_ui.services.orders import importing as orders_import
from waybill_ui.services.orders import listing
from waybill_ui.services.orders import merging
from waybill_ui.services.orders import splitting
from waybill_ui.services.orders.listing import OrderFilter
from waybill_ui.services.shipping import batch as batch_ship
from waybill_ui.services.shipping import single as shipping

FILTERS = ["ZTO", "YTO", "SF", "STO", "EMS", "中通", "zto", "百世快递", "某某物流", carrier_key.SEVERAL]


def _old_ids(db, carrier: str, column: str, descending: bool) -> list[int]:
    """The filter as it was before the key (a live shipment of the carrier, or an external
    carrier named by the code or an alias), sorted by (column, id)."""
    code = codes.resolve(carrier) or carrier
    names = sorted({name for name, c in codes.ALIASES.items() if c == code} | {code})
    marks = ", ".join(f":e{i}" for i in range(len(names)))
    way = "DESC" if descending else "ASC"
    sql = (
        "SELECT o.id FROM orders o WHERE (EXISTS (SELECT 1 FROM shipment s WHERE s.order_id = o.id "
        f"AND s.carrier_code = :c AND s.cancelled_at IS NULL) OR o.external_carrier IN ({marks})) "
        f"ORDER BY {column} {way}, o.id {way}"
    )
    with db.read() as session:
        return list(session.execute(text(sql), {"c": code, **{f"e{i}": n for i, n in enumerate(names)}}).scalars())


def _listed(db, carrier: str, sort: str, descending: bool) -> list[int]:
    found, cursor = [], None
    while True:  # keyset pages of 3: the cursors cross the key's rows and the several-key ones
        page = listing.list_orders(
            db, filters=OrderFilter(carrier=carrier), sort=sort, descending=descending, size=3, cursor=cursor
        )
        found += [r.id for r in page.rows]
        if page.next_cursor is None:
            return found
        cursor = page.next_cursor


def _keys(db) -> dict[str, str | None]:
    with db.read() as session:
        return dict(session.execute(text("SELECT order_no, carrier_code FROM orders")).all())


@pytest.fixture
def mixed(db):
    """Shipped, cancelled and reshipped, merged, split over two carriers, partly shipped, batch
    shipped, shipped elsewhere under an alias / an unknown name, and never shipped."""
    seed_catalogue(db)
    for carrier in ("ZTO", "YTO", "SF", "STO"):
        add_stock(db, carrier, 8)
    plain = add_orders(db, 9, prefix="P")
    twins = [
        add_orders(db, 1, prefix=f"M{i}", buyer_nick="小王", receiver_name="王五", phone="13800138000")[0]
        for i in range(2)
    ]
    add_orders(db, 1, prefix="E1", status="shipped", external_carrier="中通快递", external_number="75000000000001")
    add_orders(db, 1, prefix="E2", status="closed", external_carrier="某某物流", external_number="X1")
    shipping.ship_order(db, order_no=plain[0], carrier="YTO", actor="t")
    first = shipping.ship_order(db, order_no=plain[1], carrier="ZTO", actor="t")
    shipping.cancel_shipment(db, shipment_id=first.id, actor="t", reason="wrong")
    shipping.ship_order(db, order_no=plain[1], carrier="SF", actor="t")  # reshipped with another carrier
    gone = shipping.ship_order(db, order_no=plain[2], carrier="STO", actor="t")
    shipping.cancel_shipment(db, shipment_id=gone.id, actor="t")  # cancelled: no carrier any more
    merging.merge(db, order_nos=twins, actor="t")
    shipping.ship_order(db, order_no=twins[1], carrier="STO", actor="t")
    splitting.split(db, order_no=plain[3], parcels=2, actor="t")
    shipping.ship_order(db, order_no=plain[3], carrier="ZTO", actor="t", parcel=1)
    shipping.ship_order(db, order_no=plain[3], carrier="YTO", actor="t", parcel=2)  # two carriers
    splitting.split(db, order_no=plain[4], parcels=2, actor="t")
    shipping.ship_order(db, order_no=plain[4], carrier="SF", actor="t", parcel=1)  # partly shipped
    result = batch_ship.batch_ship(db, order_nos=plain[5:7], carrier="ZTO", actor="t")
    assert len(result.shipped) == 2
    report = orders_import.import_orders(
        db,
        data=tb.build([_row("IMP1", "顺丰速运"), _row("IMP2", "百世快递"), _row("IMP3", "ems")]),
        actor="t",
    )
    assert report.imported == 3
    return db, plain, twins


def _row(order_no: str, carrier: str) -> list[str]:
    """An export row of an order shipped elsewhere with `carrier` (as the marketplace spells it)."""
    row = tb.row(0, random.Random(order_no), status=tb.SHIPPED)
    names = [h.strip() for h in tb.HEADERS]
    changes = {"订单编号": order_no, "物流单号": f"55{order_no[-1]}1234567890", "物流公司": carrier}
    for name, value in changes.items():
        row[names.index(name)] = value
    return row


def test_keys_on_a_mixed_shop(mixed):
    db, plain, twins = mixed
    keys = _keys(db)
    assert keys[plain[0]] == "YTO"
    assert keys[plain[1]] == "SF"  # cancelled ZTO, reshipped SF
    assert keys[plain[2]] is None  # its only shipment cancelled
    assert keys[plain[3]] == carrier_key.SEVERAL  # parcels with ZTO and YTO
    assert keys[plain[4]] == "SF"  # one parcel of two out
    assert keys[plain[5]] == keys[plain[6]] == "ZTO"  # batch shipped
    assert keys[plain[7]] is None
    assert (keys[twins[0]], keys[twins[1]]) == ("STO", None)  # the group's shipment hangs on its lead
    assert (keys["IMP1"], keys["IMP2"], keys["IMP3"]) == ("SF", "百世快递", "EMS")
    assert keys["E100000000"] == "ZTO" and keys["E200000000"] == "某某物流"


@pytest.mark.parametrize("cap", [keyset.COUNT_CAP, 0])  # 0: every count "estimated", the many-orders plans
def test_filter_finds_what_the_shipment_check_found_in_every_sort(mixed, monkeypatch, cap):
    db, _, _ = mixed
    monkeypatch.setattr(keyset, "COUNT_CAP", cap)
    for carrier in FILTERS:
        for sort, column in listing.SORTS.items():
            for descending in (False, True):
                expected = _old_ids(db, carrier, column, descending)
                assert _listed(db, carrier, sort, descending) == expected, (carrier, sort, descending)


def test_cancel_and_reship_move_the_order_between_carriers(mixed):
    db, plain, _ = mixed
    shipped = listing.list_orders(db, filters=OrderFilter(carrier="YTO"), sort="status")
    assert plain[0] in [r.order_no for r in shipped.rows]
    [row] = [r for r in shipped.rows if r.order_no == plain[0]]
    shipping.cancel_shipment(db, shipment_id=row.shipment_id, actor="t")
    assert plain[0] not in [r.order_no for r in listing.list_orders(db, filters=OrderFilter(carrier="YTO")).rows]
    assert _keys(db)[plain[0]] is None
