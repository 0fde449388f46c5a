"""A file streamed from disk in chunks (as the CLI and the upload path read it): every good row
lands once, and each bad row is named with its row number, also across chunk boundaries."""

import random

from sqlalchemy import text

from tests.fixtures import taobao_export as tb
from waybill_ui.services.orders import importing as orders_import


def test_a_12000_row_file_from_disk_imports_every_good_row_and_names_each_bad_one(db, tmp_path):
    rng = random.Random(3)
    rows = [tb.row(i, rng, status=tb.PENDING) for i in range(12_000)]
    names = [h.strip() for h in tb.HEADERS]
    rows.insert(11_000, list(rows[100]))  # the order of data row 102 again, two chunks later
    rows[7_000][names.index("订单编号")] = "1.23E+18"  # an order number Excel damaged
    path = tmp_path / "ExportOrderList.csv"
    path.write_bytes(tb.build(rows))

    report = orders_import.import_orders(db, data=path, filename=path.name, actor="t")

    assert report.imported == 11_999
    assert [(p.row, p.key) for p in report.rejected] == [
        (7_002, "import.problem.mangled_id"),
        (11_002, "import.problem.duplicate"),
    ]
    assert report.rejected[1].params["first"] == 102
    with db.read() as session:
        stored = session.execute(text("SELECT count(*), count(DISTINCT order_no) FROM orders")).one()
    assert tuple(stored) == (11_999, 11_999)
    again = orders_import.preview(db, data=path, filename=path.name)  # the same file again: all known
    assert (again.imported, again.updated) == (0, 11_999)
    assert [p.row for p in again.rejected] == [7_002, 11_002]


def test_new_orders_and_items_are_stored_exactly_as_parsed_whatever_the_engine_writes_them_with(db, tmp_path):
    """New rows go in by COPY on PostgreSQL and by INSERT on SQLite (store.py): text with tabs,
    backslashes, line breaks and quotes, empty cells and a missing weight come back unchanged."""
    from waybill_ui.services.orders.importing import reading
    from waybill_ui.services.orders.importing.chunks import records
    from waybill_ui.services.orders.importing.parsing import ORDER_COLUMNS

    rng = random.Random(5)
    rows = [tb.row(i, rng) for i in range(300)]
    names = [h.strip() for h in tb.HEADERS]
    rows[7][names.index("买家留言")] = 'tab\there \\N back\\slash "quoted"\nnext line'
    rows[8][names.index("宝贝标题")] = "\\.\t杯子"
    path = tmp_path / "ExportOrderList.csv"
    path.write_bytes(tb.build(rows))
    parsed = {p.record[0]: p for chunk in records(reading.open_table(path), on_problem=lambda p: None) for p in chunk}

    report = orders_import.import_orders(db, data=path, filename=path.name, actor="t")

    assert report.imported == len(parsed) == 300 and not report.rejected
    plain = [c for c in ORDER_COLUMNS if c not in ("ordered_at", "paid_at")]  # times come back typed
    with db.read() as session:
        stored = session.execute(text(f"SELECT {', '.join(plain)}, is_demo FROM orders")).all()
        items = session.execute(
            text(
                "SELECT o.order_no, i.sku, i.title, i.spec, i.quantity, i.location FROM order_item i "
                "JOIN orders o ON o.id = i.order_id"
            )
        ).all()
    assert len(stored) == 300
    for row in stored:
        record = parsed[row[0]].record
        assert tuple(row[:-1]) == tuple(record[ORDER_COLUMNS.index(c)] for c in plain)
        assert not row[-1]
    assert 'tab\there \\N back\\slash "quoted"\nnext line' in {r[plain.index("buyer_message")] for r in stored}
    assert sorted(tuple(i) for i in items) == sorted((no, *item, "") for no, p in parsed.items() for item in p.items)
