"""db/rows.chunks_by_id: the exports' chunked reads (pool numbers, the number history)."""

from waybill_ui.db.models import Waybill
from waybill_ui.db.rows import chunks_by_id
from waybill_ui.services.pool import history as pool_audit
from waybill_ui.services.pool import numbers as pool_numbers
from waybill_ui.services.shipping import single as shipping
from tests.fixtures.shop import add_orders, add_stock, seed_catalogue


def test_every_row_once_in_id_order_across_chunks_with_its_extra_read(db):
    seed_catalogue(db)
    add_stock(db, "ZTO", 5)
    add_stock(db, "YTO", 2)
    seen, extras = [], []
    for rows, extra in chunks_by_id(
        db, Waybill, [Waybill.carrier_code == "ZTO"], chunk=2, with_each=lambda s, rows: len(rows)
    ):
        seen += [w.id for w in rows]
        extras.append(extra)
    assert len(seen) == 5 and seen == sorted(seen)
    assert extras == [2, 2, 1]  # the extra read answers for its own chunk


def test_exports_read_in_chunks_keep_each_numbers_shipment(db):
    seed_catalogue(db)
    add_stock(db, "ZTO", 5)
    shipped = add_orders(db, 3)
    for order_no in shipped:
        shipping.ship_order(db, order_no=order_no, carrier="ZTO", actor="t")
    whole = list(pool_numbers.iter_numbers(db))
    chunked = list(pool_numbers.iter_numbers(db, chunk=2))
    assert chunked == whole and len(chunked) == 5
    assert sorted(r["order_no"] for r in chunked if r.get("order_no")) == sorted(shipped)
    history = list(pool_audit.iter_audit(db))
    assert len(history) > 1 and list(pool_audit.iter_audit(db, chunk=1)) == history
