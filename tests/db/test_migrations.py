import sqlite3
from datetime import datetime

import pytest
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

from waybill_ui.db.migrate import current_revision, head_revision, upgrade
from waybill_ui.db.models import LedgerEntry, LedgerKind
from waybill_ui.clock import utcnow


def test_upgrade_from_empty_then_again(empty_db):
    assert current_revision(empty_db) is None
    upgrade(empty_db)
    assert current_revision(empty_db) == head_revision()
    tables = set(inspect(empty_db.engine).get_table_names())
    assert set(SQLModel.metadata.tables) <= tables
    upgrade(empty_db)  # a second start changes nothing
    assert current_revision(empty_db) == head_revision()


def test_migrated_schema_matches_the_models(empty_db):
    """The migrations produce exactly what the models describe (no forgotten migration)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    upgrade(empty_db)
    with empty_db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


@pytest.mark.sqlite_only
def test_sqlite_pragmas(db):
    with db.read() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_ledger_is_append_only(db):
    with db.write() as session:
        session.add(LedgerEntry(kind=LedgerKind.topup, amount_fen=100, reference="t"))
    with pytest.raises(Exception, match="append-only"):
        with db.write() as session:
            session.execute(text("UPDATE ledger_entry SET amount_fen = 1000"))
    with pytest.raises(Exception, match="append-only"):
        with db.write() as session:
            session.execute(text("DELETE FROM ledger_entry"))
    with db.read() as session:
        assert session.execute(text("SELECT sum(amount_fen) FROM ledger_entry")).scalar() == 100


def test_times_are_aware_utc(db):
    with db.write() as session:
        entry = LedgerEntry(kind=LedgerKind.topup, amount_fen=1, reference="t")
        session.add(entry)
    with db.read() as session:
        stored = session.get(LedgerEntry, entry.id)
        assert stored.created_at.tzinfo is not None
        assert abs((stored.created_at - utcnow()).total_seconds()) < 5
    with pytest.raises(Exception, match="naive"):
        with db.write() as session:
            session.add(LedgerEntry(kind=LedgerKind.topup, amount_fen=1, created_at=datetime(2026, 1, 1)))


def test_write_rolls_back_on_error(db):
    with pytest.raises(RuntimeError):
        with db.write() as session:
            session.add(LedgerEntry(kind=LedgerKind.topup, amount_fen=5, reference="lost"))
            session.flush()
            raise RuntimeError("boom")
    with db.read() as session:
        assert session.execute(text("SELECT count(*) FROM ledger_entry")).scalar() == 0


def test_upgrade_keeps_existing_data(tmp_path):
    """A seller who upgrades keeps their rows: simulate an older copy and start again."""
    from waybill_ui.db import open_database

    url = f"sqlite:///{tmp_path / 'shop.db'}"
    db = open_database(url)
    with db.write() as session:
        session.add(LedgerEntry(kind=LedgerKind.topup, amount_fen=4242, reference="kept"))
    db.dispose()
    again = open_database(url)
    with again.read() as session:
        assert session.execute(text("SELECT amount_fen FROM ledger_entry")).scalar() == 4242
    again.dispose()
    raw = sqlite3.connect(tmp_path / "shop.db")
    assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
    raw.close()


def test_0015_moves_existing_orders_into_the_default_taobao_shop(empty_db):
    """An upgraded copy: every order lands in the default Taobao shop, order numbers become unique
    per shop, and a privacy number stored as "main-extension" is split apart."""
    upgrade(empty_db, "0014_aftership")
    with empty_db.engine.begin() as conn:
        for no, phone in (("T1", "13800138000"), ("T2", "17012345678-1234"), ("T3", "17012345678转56")):
            conn.execute(
                text(
                    "INSERT INTO orders (order_no, buyer_nick, receiver_name, phone, landline, province, "
                    "city, district, address, full_address, postcode, items, item_count, amount_fen, "
                    "postage_fen, buyer_message, seller_memo, marketplace_status, status, "
                    "external_carrier, external_number, imported_at, is_demo, after_sale) VALUES "
                    "(:no, '', '张三', :phone, '', '浙江省', '杭州市', '西湖区', '文三路90号', '', '', '', 1, "
                    "0, 0, '', '', '', 'pending', '', '', :now, FALSE, '')"
                ),
                {"no": no, "phone": phone, "now": datetime(2026, 1, 1)},
            )
        # a child row: the orders table is copied on SQLite, its references must survive
        conn.execute(
            text(
                "INSERT INTO order_item (order_id, sku, title, spec, quantity, location) "
                "SELECT id, 'SKU1', 'T恤', '', 1, '' FROM orders WHERE order_no = 'T1'"
            )
        )
    upgrade(empty_db)
    with empty_db.engine.connect() as conn:
        shops = conn.execute(text("SELECT id, name, marketplace, active FROM shop")).all()
        moved = {
            r[0]: tuple(r[1:]) for r in conn.execute(text("SELECT order_no, shop_id, phone, phone_ext FROM orders"))
        }
    assert [tuple(s) for s in shops] == [(1, "淘宝店铺", "taobao", True)]
    assert moved == {"T1": (1, "13800138000", ""), "T2": (1, "17012345678", "1234"), "T3": (1, "17012345678", "56")}
    with empty_db.engine.begin() as conn:  # the same number in a second shop is allowed, not twice in one
        conn.execute(
            text(
                "INSERT INTO shop (name, marketplace, column_mapping, active, created_at) "
                "VALUES ('拼多多店', 'pdd', '{}', TRUE, :now)"
            ),
            {"now": datetime(2026, 1, 2)},
        )
        item_order = conn.execute(
            text("SELECT o.order_no FROM order_item i JOIN orders o ON o.id = i.order_id")
        ).scalar()
    assert item_order == "T1"
    from sqlalchemy.exc import IntegrityError

    with empty_db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO orders (order_no, shop_id, buyer_nick, receiver_name, phone, landline, "
                "province, city, district, address, full_address, postcode, items, item_count, amount_fen, "
                "postage_fen, buyer_message, seller_memo, marketplace_status, status, external_carrier, "
                "external_number, imported_at, is_demo, after_sale, phone_ext) SELECT order_no, 2, "
                "buyer_nick, receiver_name, phone, landline, province, city, district, address, "
                "full_address, postcode, items, item_count, amount_fen, postage_fen, buyer_message, "
                "seller_memo, marketplace_status, status, external_carrier, external_number, imported_at, "
                "is_demo, after_sale, phone_ext FROM orders WHERE order_no = 'T1'"
            )
        )
    with pytest.raises(IntegrityError), empty_db.engine.begin() as conn:
        conn.execute(text("UPDATE orders SET shop_id = 1 WHERE shop_id = 2"))


def test_expression_and_partial_indexes_survive_later_table_copies(empty_db):
    """SQLite copies a table to change a constraint (0015_shops), and cannot reflect an expression
    index to carry it over: the phone-tail and 待补地址 indexes must be there at the head all the same."""
    upgrade(empty_db)
    with empty_db.engine.connect() as connection:
        if empty_db.is_postgres:
            found = connection.execute(text("SELECT indexname FROM pg_indexes WHERE tablename = 'orders'")).scalars()
        else:
            found = connection.execute(
                text("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'orders'")
            ).scalars()
        names = set(found)
    assert {"ix_orders_phone_tail", "ix_orders_needs_address", "ix_orders_ordered_at_id"} <= names
