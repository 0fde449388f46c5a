"""Stock per carrier, the paged list with filters, CSV export, and the duplicate guard."""

import csv
import io
from datetime import timedelta

import pytest

from waybill_ui.clock import utcnow
from waybill_ui.services.pool import allocation
from waybill_ui.services.pool import known as pool_known
from waybill_ui.services.pool import stock as pool
from waybill_ui.services.pool.numbers import NumberFilter, list_numbers
from waybill_ui.services.pool import export as pool_export
from waybill_ui.services.settings import store as shop_settings
from waybill_ui.services.common import spreadsheet
from tests.pool_helpers import add_numbers, add_order, history, ship, zto


def by_carrier(db, **kw):
    return {s.carrier: s for s in pool.stock_stats(db, **kw)}


def test_counts_per_carrier_add_up_and_count_past_expiry_as_expired(db):
    add_numbers(db, [zto(i) for i in range(10)], expires_in_days=30)
    add_numbers(db, [zto(i) for i in range(10, 13)], expires_in_days=3)  # expiring soon
    add_numbers(db, [zto(i) for i in range(13, 15)], expires_in_days=-1)  # past expiry, job not run yet
    add_numbers(db, [zto(i) for i in range(15, 17)], status="refunded")
    add_numbers(db, [zto(i) for i in range(17, 18)], status="voided", origin="purchase")
    add_numbers(db, ["SF1234567890123"], carrier="SF")
    with db.write() as session:
        allocation.take(session, carrier="ZTO", count=4)
    zto_stock = by_carrier(db)["ZTO"]
    assert (zto_stock.available, zto_stock.used, zto_stock.voided, zto_stock.expired, zto_stock.refunded) == (
        9,
        4,
        1,
        2,
        2,
    )
    assert zto_stock.total == 18
    assert zto_stock.expiring_soon == 0  # the 3 soonest went out first
    assert zto_stock.recycle_pending == 1
    assert by_carrier(db)["SF"].available == 1
    add_numbers(db, [zto(i) for i in range(20, 23)], expires_in_days=5)
    assert by_carrier(db)["ZTO"].expiring_soon == 3
    shop_settings.put(db, values={"pool.expiry_warn_days": 3}, actor="owner")
    assert by_carrier(db)["ZTO"].expiring_soon == 0


def test_days_left_at_the_recent_rate(db):
    history(db, carrier="ZTO", days=28, per_day=10)
    add_numbers(db, [zto(i) for i in range(140)])
    stock = by_carrier(db)["ZTO"]
    assert stock.used_in_window == 280 and stock.rate_per_day == pytest.approx(10)
    assert stock.days_left == pytest.approx(14)
    assert stock.used_last_14d == 140
    add_numbers(db, ["SF1234567890123"], carrier="SF")
    assert by_carrier(db)["SF"].days_left is None  # never used: no rate


def test_list_filters_sort_and_pages(db):
    now = utcnow()
    add_numbers(db, [zto(i) for i in range(30)], expires_in_days=10)
    add_numbers(db, [zto(i) for i in range(30, 40)], expires_in_days=100, origin="purchase", cost_fen=10)
    add_numbers(db, ["SF1234567890123"], carrier="SF")
    rows, total = list_numbers(db, page=1, size=25)
    assert total == 41 and len(rows) == 25
    rows2, _ = list_numbers(db, page=2, size=25)
    assert len(rows2) == 16 and not {r["number"] for r in rows} & {r["number"] for r in rows2}
    f = NumberFilter(carrier="ZTO", origin="purchase")
    assert list_numbers(db, filters=f)[1] == 10
    f = NumberFilter(expires_from=now + timedelta(days=50), expires_to=now + timedelta(days=200))
    assert list_numbers(db, filters=f)[1] == 10
    assert list_numbers(db, filters=NumberFilter(q="00000000003"))[1] == 11  # ...03 and ...30 to ...39
    rows, total = list_numbers(db, filters=NumberFilter(q="75 0000 0000 0035"))
    assert total == 1 and rows[0]["number"] == zto(35)
    assert list_numbers(db, filters=NumberFilter(q="%"))[1] == 0  # a wildcard is a character
    desc, _ = list_numbers(db, sort="expires_at", descending=True, size=1)
    assert desc[0]["carrier"] == "ZTO" and desc[0]["origin"] == "purchase"


def test_list_status_filter_and_shipment_details(db):
    add_numbers(db, [zto(1)], expires_in_days=-1)
    add_numbers(db, [zto(2)], expires_in_days=10)
    ship(db, number=zto(3), order_no="TB77")
    assert [r["number"] for r in list_numbers(db, filters=NumberFilter(status="expired"))[0]] == [zto(1)]
    assert [r["number"] for r in list_numbers(db, filters=NumberFilter(status="available"))[0]] == [zto(2)]
    [used], _ = list_numbers(db, filters=NumberFilter(status="used"))
    assert used["order_no"] == "TB77" and used["shipped_at"] is not None


def test_csv_export_neutralizes_formula_characters(db):
    add_numbers(db, [zto(1), zto(2)], expires_in_days=10)
    ship(db, number=zto(3), order_no='=HYPERLINK("http://evil")')
    data = pool_export.numbers_csv(db, filters=NumberFilter(carrier="ZTO"))
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["快递公司", "单号", "状态"] and len(rows) == 4
    evil = [r for r in rows if r[1] == zto(3)][0]
    assert evil[6].startswith("'=")
    for cell in (c for r in rows for c in r):
        assert not cell.startswith(("=", "+", "-", "@"))
    assert (
        spreadsheet.safe_cell("-1") == "'-1"
        and spreadsheet.safe_cell("@x") == "'@x"
        and spreadsheet.safe_cell(5) == "5"
    )


def test_where_known_says_where_a_number_was_used(db):
    assert pool_known.where_known(db, zto(1)) == []
    add_numbers(db, [zto(1)])
    ship(db, number=zto(2), order_no="TB1")
    add_order(db, "TB2", status="shipped", external_carrier="中通", external_number=zto(3))
    [k1] = pool_known.where_known(db, " 75-0000-0000-0001 ")
    assert k1.status == "available" and k1.order_no is None and k1.text_key == "pool.known.in_pool"
    [k2] = pool_known.where_known(db, zto(2))
    assert k2.order_no == "TB1" and k2.status == "used" and k2.shipped_at and "TB1" in k2.reason("en")
    [k3] = pool_known.where_known(db, zto(3), carrier="ZTO")
    assert k3.status == "external" and k3.order_no == "TB2"
    assert pool_known.where_known(db, zto(3), carrier="SF") == []


def test_a_young_shop_rate_counts_only_the_days_it_has(db):
    history(db, carrier="ZTO", days=7, per_day=10)
    add_numbers(db, [zto(i) for i in range(35)])
    stock = by_carrier(db)["ZTO"]
    assert stock.window_days == 7 and stock.rate_per_day == pytest.approx(10) and stock.days_left == pytest.approx(3.5)
