"""The invariants checker itself catches what it is meant to catch (so the crash and soak tests
cannot pass by checking nothing)."""

import pytest
from sqlalchemy import text

from tests.fixtures.shop import add_orders, add_stock, seed_catalogue
from waybill_ui.services.market import ledger
from waybill_ui.services.shipping import single as shipping

from .invariants import check

# the checker reads the SQLite file of a crashed app process (invariants.py), as the crash and
# soak tests use it
pytestmark = pytest.mark.sqlite_only


def shop_with_a_shipment(db):
    seed_catalogue(db)
    add_stock(db, "ZTO", 3)
    orders = add_orders(db, 2)
    shipping.ship_order(db, order_no=orders[0], carrier="ZTO", actor="t")
    with db.write() as session:
        ledger.append(session, kind="topup", amount_fen=1000, reference="t", actor="t")
    return orders


def raw(db, *statements):
    with db.write() as session:
        for statement in statements:
            session.execute(text(statement))


def test_a_consistent_shop_passes(db):
    shop_with_a_shipment(db)
    assert check(db.path) == []


def test_order_shipped_without_a_shipment_is_caught(db):
    orders = shop_with_a_shipment(db)
    raw(db, f"UPDATE orders SET status='shipped' WHERE order_no='{orders[1]}'")
    assert any("lacks exactly one live shipment" in p for p in check(db.path))


def test_number_in_the_wrong_state_is_caught(db):
    shop_with_a_shipment(db)
    raw(db, "UPDATE waybill SET status='available' WHERE id = (SELECT waybill_id FROM shipment)")
    problems = check(db.path)
    assert any("has a number in status available" in p for p in problems)


def test_second_live_shipment_is_caught(db):
    shop_with_a_shipment(db)
    raw(
        db,
        "DROP INDEX ux_shipment_live_order",
        "INSERT INTO shipment (order_id, waybill_id, carrier_code, number, status, raw_state, phone_tail, route_code, "
        "sort_name, printed_count, shipped_at, check_failures, last_error, alert_flags, cancel_reason, created_by) "
        "SELECT order_id, (SELECT max(id) FROM waybill), carrier_code, 'X', status, '', '', '', '', 0, shipped_at, 0, "
        "'', '[]', '', 't' FROM shipment",
    )
    problems = check(db.path)
    assert any("live shipments" in p for p in problems)


def test_double_charge_and_missing_numbers_are_caught(db):
    shop_with_a_shipment(db)
    raw(
        db,
        "INSERT INTO purchase (idempotency_key, package_id, carrier_code, quantity, numbers_count, "
        "numbers_received, unit_price_fen, amount_fen, validity_days, status, attempts, last_error, created_at, "
        "created_by) VALUES ('k', 'ZTO-100', 'ZTO', 1, 100, 0, 12, 1200, 90, 'synced', 0, '', "
        "'2026-11-01 00:00:00.000000', 't')",
        "INSERT INTO ledger_entry (kind, amount_fen, reference, purchase_id, is_demo, created_at, created_by) "
        "VALUES ('purchase', -1200, 'p', (SELECT id FROM purchase), 0, '2026-11-01 00:00:00.000000', 't')",
        "INSERT INTO ledger_entry (kind, amount_fen, reference, purchase_id, is_demo, created_at, created_by) "
        "VALUES ('purchase', -1200, 'p', (SELECT id FROM purchase), 0, '2026-11-01 00:00:00.000000', 't')",
    )
    problems = check(db.path)
    assert any("charged 2400 fen for 1200" in p for p in problems)
    assert any("synced purchase" in p and "0 of 100" in p for p in problems)
