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
