"""A large export is parsed in a second process (services/orders/importing/worker.py): the import
must store exactly what the in-process import stores, report the same problems, and refuse the
file cleanly when the child cannot read it or dies."""

from __future__ import annotations

import csv
import io
import random
import sys

import pytest
from sqlalchemy import text

from tests.fixtures import taobao_export as tb
from tests.fixtures import taobao_items
from waybill_ui.services.common.errors import Invalid
from waybill_ui.services.orders import importing as orders_import
from waybill_ui.services.orders.importing import chunks, reading, worker

NAMES = [h.strip() for h in tb.HEADERS]


@pytest.fixture
def apart(monkeypatch):
    """Every file from disk goes to the child, which takes over after the first chunk parsed here
    (the caller waits for it to be ready: the hand-over always happens, however fast this machine)."""
    monkeypatch.setattr(worker, "APART_FROM_BYTES", 0)
    monkeypatch.setattr(worker.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(worker, "HAND_OVER_AFTER", 1)


def _export(path, count: int, *, seed: int = 3):
    rng = random.Random(seed)
    rows = [tb.row(i, rng) for i in range(count)]
    rows.insert(9_000, list(rows[10]))  # order of row 12 again, in a chunk the child parses
    rows[7_000][NAMES.index("订单编号")] = "1.23E+18"  # damaged by Excel
    rows[12_000][NAMES.index("联系手机")] = "12345"  # not a phone
    rows.insert(3, [""] * len(NAMES))  # a blank line
    path.write_bytes(tb.build(rows))
    return path


def _stored(db) -> tuple[list, list, list]:
    with db.read() as session:
        orders = session.execute(
            text("SELECT order_no, receiver_name, phone, province, amount_fen, status, carrier_code FROM orders")
        ).all()
        items = session.execute(
            text("SELECT o.order_no, i.sku, i.quantity FROM order_item i JOIN orders o ON o.id = i.order_id")
        ).all()
        numbers = session.execute(text("SELECT carrier_code, number, status FROM waybill")).all()
    return sorted(map(tuple, orders)), sorted(map(tuple, items)), sorted(map(tuple, numbers))


def _report(report) -> tuple:
    return (
        report.imported,
        report.needs_address,
        report.external_numbers,
        report.by_status,
        [(p.row, p.key, p.order_no, p.params) for p in report.rejected],
    )


def test_the_child_stores_and_reports_exactly_what_the_import_in_one_process_does(db, other_db, tmp_path, monkeypatch):
    path = _export(tmp_path / "ExportOrderList.csv", 16_000)
    here = orders_import.import_orders(db, data=path, filename=path.name, actor="t")
    assert here.imported == 15_998 and len(here.rejected) == 3

    monkeypatch.setattr(worker, "APART_FROM_BYTES", 0)
    monkeypatch.setattr(worker.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(worker, "HAND_OVER_AFTER", 1)
    seen: list[float] = []
    apart_report = orders_import.import_orders(other_db, data=path, filename=path.name, actor="t", progress=seen.append)

    assert _report(apart_report) == _report(here)
    assert [p.key for p in apart_report.rejected] == [
        "import.problem.mangled_id",
        "import.problem.duplicate",
        "import.problem.bad_phone",
    ]
    assert apart_report.rejected[1].params == {"first": 13}  # its first row was parsed here, the repeat there
    assert _stored(other_db) == _stored(db)
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) > 3  # progress never goes back


def test_a_preview_through_the_child_counts_what_the_import_would_do(db, tmp_path, apart):
    path = _export(tmp_path / "ExportOrderList.csv", 12_500)
    report = orders_import.preview(db, data=path, filename=path.name)
    assert report.imported == 12_498 and [p.row for p in report.rejected] == [7_003, 9_003, 12_003]
    with db.read() as session:
        assert session.execute(text("SELECT count(*) FROM orders")).scalar_one() == 0


def test_an_order_over_several_rows_is_never_split_between_chunks_or_parsers(db, tmp_path, apart):
    """The item-level layout lists an order's items on consecutive rows: a chunk ends only where a
    new order begins, so the rows on both sides of every chunk (and of the hand-over) merge."""
    rows = taobao_items.rows(12_000)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(taobao_items.HEADERS)
    writer.writerows(rows)
    path = tmp_path / "items.csv"
    path.write_bytes(buffer.getvalue().encode("gbk"))
    items_per_order: dict[str, int] = {}
    for row in rows:
        items_per_order[row[1]] = items_per_order.get(row[1], 0) + 1

    report = orders_import.import_orders(db, data=path, filename=path.name, actor="t")

    assert not report.rejected and report.imported == 12_000
    with db.read() as session:
        stored = dict(
            session.execute(
                text(
                    "SELECT o.order_no, count(*) FROM order_item i JOIN orders o ON o.id = i.order_id GROUP BY o.order_no"
                )
            ).all()
        )
    assert stored == items_per_order


def test_chunks_end_where_a_new_order_begins(tmp_path):
    path = tmp_path / "items.xlsx"
    path.write_bytes(taobao_items.xlsx(40, seed=9))
    table = reading.open_table(path)
    got = list(chunks.parsed(table, on_problem=lambda p: None, chunk_size=3))
    orders = [p.record[0] for chunk, _ in got for p in chunk]
    assert len(orders) == len(set(orders)) == 40
    for (chunk, last_row), (following, _) in zip(got, got[1:], strict=False):
        assert max(p.row for p in chunk) <= last_row < min(p.row for p in following)


def test_a_file_the_child_cannot_decode_is_refused_whole(db, tmp_path, apart):
    path = _export(tmp_path / "ExportOrderList.csv", 14_000)
    data = path.read_bytes()
    cut = data.index(b"\r\n", len(data) * 3 // 4)
    path.write_bytes(data[:cut] + b"\r\n\xff\xff\xff" + data[cut:])  # not GB18030 three quarters in

    with pytest.raises(Invalid) as caught:
        orders_import.import_orders(db, data=path, filename=path.name, actor="t")

    assert caught.value.text_key == "import.bad_encoding"
    with db.read() as session:
        assert session.execute(text("SELECT count(*) FROM orders")).scalar_one() == 0


def test_a_child_that_dies_fails_the_import_with_nothing_stored(db, tmp_path, apart, monkeypatch):
    monkeypatch.setattr(
        worker, "COMMAND", [sys.executable, "-c", "import sys; sys.stdin.readline(); sys.exit('parser crashed')"]
    )
    path = _export(tmp_path / "ExportOrderList.csv", 12_500)

    with pytest.raises(Invalid) as caught:
        orders_import.import_orders(db, data=path, filename=path.name, actor="t")

    assert caught.value.text_key == "import.parser_failed" and caught.value.status == 500
    assert "parser crashed" in caught.value.message("zh")
    with db.read() as session:
        assert session.execute(text("SELECT count(*) FROM orders")).scalar_one() == 0


def test_a_mapped_layout_is_read_the_same_way_in_the_child(db, tmp_path, apart):
    headers = ["单号", "收件人", "手机", "地址", "金额"]
    rng = random.Random(4)
    lines = [
        [f"88{i:08d}", f"张{i}", f"138{rng.randrange(10**8):08d}", "浙江省 杭州市 西湖区 文三路90号", "12.50"]
        for i in range(11_000)
    ]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([headers, *lines])
    path = tmp_path / "own.csv"
    path.write_bytes(buffer.getvalue().encode("gbk"))
    mapping = {"order_no": "单号", "receiver": "收件人", "mobile": "手机", "address": "地址", "paid": "金额"}

    report = orders_import.import_orders(db, data=path, filename=path.name, actor="t", mapping=mapping)

    assert report.imported == 11_000 and not report.rejected and report.format == "mapped"
    with db.read() as session:
        row = session.execute(text("SELECT province, amount_fen FROM orders WHERE order_no = '8800010999'")).one()
    assert tuple(row) == ("浙江省", 1250)


def test_small_files_and_uploads_in_memory_stay_in_this_process(tmp_path, monkeypatch):
    monkeypatch.setattr(worker.os, "cpu_count", lambda: 2)
    small = tmp_path / "small.csv"
    small.write_bytes(b"x" * 100)
    assert not worker.apart(small) and not worker.apart(b"x" * (worker.APART_FROM_BYTES + 1))
    big = tmp_path / "big.csv"
    with open(big, "wb") as file:
        file.truncate(worker.APART_FROM_BYTES)
    assert worker.apart(big)
    monkeypatch.setattr(worker.os, "cpu_count", lambda: 1)
    assert not worker.apart(big)  # one core: a second process only adds its start-up


@pytest.mark.parametrize("where", ["here", "apart"])
def test_a_number_shipped_twice_in_one_file_is_refused_in_any_chunk(db, tmp_path, monkeypatch, where):
    """This file's numbers are kept on disk (seen.FileNumbers): an earlier chunk's and this chunk's."""
    if where == "apart":
        monkeypatch.setattr(worker, "APART_FROM_BYTES", 0)
        monkeypatch.setattr(worker.os, "cpu_count", lambda: 2)
        monkeypatch.setattr(worker, "HAND_OVER_AFTER", 1)
    rng = random.Random(6)
    rows = [tb.row(i, rng, status=tb.PENDING) for i in range(12_000)]
    for index, number in ((100, "75000000000100"), (200, "75000000000200"), (201, "75000000000200")):
        rows[index][NAMES.index("订单状态")] = tb.SHIPPED
        rows[index][NAMES.index("物流单号")] = number
        rows[index][NAMES.index("物流公司")] = "中通快递"
    rows[11_000][NAMES.index("订单状态")] = tb.SHIPPED
    rows[11_000][NAMES.index("物流单号")] = "75000000000100"  # the number of row 102's order, chunks later
    rows[11_000][NAMES.index("物流公司")] = "中通快递"
    path = tmp_path / "ExportOrderList.csv"
    path.write_bytes(tb.build(rows))

    report = orders_import.import_orders(db, data=path, filename=path.name, actor="t")

    assert [(p.row, p.key, p.params["order_no"]) for p in report.rejected] == [
        (203, "import.problem.number_used", rows[200][NAMES.index("订单编号")].strip('="')),
        (11_002, "import.problem.number_used", rows[100][NAMES.index("订单编号")].strip('="')),
    ]
    assert report.external_numbers == 2


def test_a_file_parsed_before_the_child_is_ready_stops_the_child_cleanly(db, tmp_path, monkeypatch):
    """A small file goes by before the child has started: this process parses it all, and the
    child and the thread that waited for it end without an error (worker._Child.stop)."""
    import threading

    monkeypatch.setattr(worker, "APART_FROM_BYTES", 0)
    monkeypatch.setattr(worker.os, "cpu_count", lambda: 2)
    errors: list = []
    monkeypatch.setattr(threading, "excepthook", errors.append)
    started: list = []
    real = worker._Child

    class Watched(real):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            started.append(self)

    monkeypatch.setattr(worker, "_Child", Watched)
    path = tmp_path / "ExportOrderList.csv"
    path.write_bytes(tb.build([tb.row(i, random.Random(i)) for i in range(40)]))

    report = orders_import.import_orders(db, data=path, filename=path.name, actor="t")

    assert report.imported == 40 and not report.rejected
    [child] = started
    assert child.process.returncode is not None and not child._waiting.is_alive()
    assert errors == []
