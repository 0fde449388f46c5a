"""Import of a 1,000,000-order Taobao export (GBK CSV on disk) through the CLI, as a seller runs
it (`waybill-ui import-orders FILE`), against a raw bulk insert of the same rows measured in the
same run: the rows the import stores — each order, its item line, the shipped-elsewhere numbers
and their history rows — already parsed, written with the import's own statements (orders in
50,000-row blocks; COPY for orders and items on PostgreSQL, as the import does), secondary
indexes of orders and items dropped and built once at the end, the import's page cache. That
is the fastest way these rows go in, so the ratio is what reading, parsing, cleaning and
checking cost on top. Printed beside it, as before 2026-12-05: the orders alone, by INSERT.

    .venv/bin/python bench/import_1m.py [--orders 1000000] [--database-url postgresql+psycopg://…]

Targets (docs/benchmarks.md): peak RSS of the import ≤ 300 MB (the file is streamed, never held;
the importing process and its parser process together) and time ≤ 1.5× the raw bulk insert. Each
part runs in its own process.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _common import ROOT, emit_json, result
from _scale import scratch_db

GENERATE = """
import csv, io, random, sys
sys.path.insert(0, {root!r})
from tests.fixtures import taobao_export as tb
rng = random.Random(42)
with open({path!r}, "wb") as out:
    for start in range(0, {count}, 50_000):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\\r\\n")
        if start == 0:
            writer.writerow(tb.HEADERS)
        writer.writerows(tb.row(i, rng) for i in range(start, min({count}, start + 50_000)))
        out.write(buffer.getvalue().encode("gbk"))
"""

RAW = """
import json, sys, time
sys.path.insert(0, {root!r}); sys.path.insert(0, {bench!r})
from contextlib import nullcontext
from pathlib import Path
from waybill_ui.db import bulk, dialect, open_database
from waybill_ui.services.accounts import audit
from waybill_ui.services.orders.importing import reading
from waybill_ui.services.orders.importing.chunks import records
from waybill_ui.services.orders.importing.parsing import COL
from waybill_ui.services.orders.importing.store import (
    _INSERT, _INSERT_ITEM, _INSERTED, _ITEM_COLUMNS, bulk_cache, indexes_built_after, new_row)
NOW = "2026-11-01 00:00:00.000000"
db = open_database({url!r})
with db.read() as session:  # the shop the CLI imports into: the only active one
    shop = session.connection().exec_driver_sql("SELECT id FROM shop WHERE active ORDER BY id LIMIT 1").scalar_one()
parsed = [p for chunk in records(reading.open_table(Path({path!r})), on_problem=lambda p: None) for p in chunk]
rows = [new_row(p.record, now=NOW, shop_id=shop) for p in parsed]
everything = {everything!r}
if everything:  # what else the import stores for these rows: item lines, shipped-elsewhere numbers, their history
    items = [(i, *item) for i, p in enumerate(parsed, start=1) for item in p.items]
    ext = [(p.carrier_code, p.record[COL["external_number"]], p.record[0]) for p in parsed
           if p.carrier_code and p.record[COL["external_number"]]]
    waybills = [(i, c, n, "used", "external", 0, NOW, NOW) for i, (c, n, _) in enumerate(ext, start=1)]
    history = [dict(entity="waybill", entity_id=f"{{c}}:{{n}}", action="record_external", to_status="used",
                    reason=f"order {{o}}", details=dict(carrier=c, order_no=o, waybill_id=i))
               for i, (c, n, o) in enumerate(ext, start=1)]
    from waybill_ui.services.market import catalogue
    with db.write() as session:  # the carriers the numbers name, as the import makes them (not timed)
        for code in sorted({{c for c, _, _ in ext}}):
            catalogue.ensure_carrier(session, code, source="import")
started = time.perf_counter()
with db.write() as session, bulk_cache(session), indexes_built_after(session), (
        indexes_built_after(session, "order_item") if everything else nullcontext()):
    conn = session.connection()
    pg = dialect.is_postgres(conn)
    for start in range(0, len(rows), 50_000):
        if pg and everything:  # as the import writes them on PostgreSQL
            bulk.copy_rows(conn, "orders", _INSERTED, [(*r, False) for r in rows[start:start + 50_000]])
        else:
            conn.exec_driver_sql(_INSERT, rows[start:start + 50_000])
    if everything:
        if pg:
            bulk.copy_rows(conn, "order_item", _ITEM_COLUMNS, [(*v, "") for v in items])
        else:
            conn.exec_driver_sql(_INSERT_ITEM, items)
        conn.exec_driver_sql("INSERT INTO waybill (id, carrier_code, number, status, origin, cost_fen, created_at, "
                             "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", waybills)
        audit.record_many(session, history, actor="cli")
print(time.perf_counter() - started, len(rows))
"""


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and its children now (Linux /proc), in KB. A child is listed
    under the thread that started it (the import starts its parser from a thread: plan.py)."""
    total, pids = 0, [pid]
    while pids:
        current = pids.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                total += next((int(line.split()[1]) for line in status if line.startswith("VmRSS:")), 0)
            tasks = os.listdir(f"/proc/{current}/task")
        except (OSError, ValueError):
            continue
        for task in tasks:
            try:
                with open(f"/proc/{current}/task/{task}/children") as children:
                    pids += [int(c) for c in children.read().split()]
            except (OSError, ValueError):  # the thread ended meanwhile
                continue
    return total


def run_measured(args: list[str], env: dict | None = None) -> tuple[float, float, str]:
    """(seconds, peak RSS MB, stdout) of one child process. The peak is the larger of the process's
    own (wait4) and, sampled every 20 ms, the sum over it and its children (the import's parser
    process, services/orders/importing/worker.py): what the import holds in all."""
    started = time.perf_counter()
    peak_kb = [0]
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.02):
                peak_kb[0] = max(peak_kb[0], _tree_rss_kb(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        done.set()
        sampler.join()
        out.seek(0)
        text = out.read().decode(errors="replace")
    if status != 0:
        raise SystemExit(f"{args[:3]} failed:\n{text[-3000:]}")
    return elapsed, max(usage.ru_maxrss, peak_kb[0]) / 1024, text


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="waybill-bench-"))
    path = folder / "ExportOrderList.csv"
    seconds, _, _ = run_measured(
        [sys.executable, "-c", GENERATE.format(root=str(ROOT), path=str(path), count=args.orders)]
    )
    print(f"export: {args.orders:,} orders, {path.stat().st_size / 1e6:.0f} MB GBK CSV on disk ({seconds:.0f} s)")

    raws = {}
    for everything in (False, True):
        with scratch_db(args.database_url) as (db, kind, _):
            url = db.engine.url.render_as_string(hide_password=False)
            db.dispose()
            source = RAW.format(
                root=str(ROOT), bench=str(ROOT / "bench"), path=str(path), url=url, everything=everything
            )
            _, raw_rss, out = run_measured([sys.executable, "-c", source])
            raws[everything] = float(out.split()[-2])
            what = "orders + item lines + numbers + history" if everything else "orders alone"
            print(
                f"raw bulk insert, {what:40}: {raws[everything]:.1f} s ({out.split()[-1]} orders; {raw_rss:.0f} MB peak)"
            )
    raw = raws[True]
    with scratch_db(args.database_url) as (db, kind, _):
        url = db.engine.url.render_as_string(hide_password=False)
        db.dispose()
        env = {**os.environ, "WAYBILL_DATA_DIR": str(folder / "data"), "WAYBILL_DATABASE_URL": url}
        elapsed, rss, out = run_measured(
            [str(Path(sys.executable).parent / "waybill-ui"), "import-orders", str(path)], env
        )
        print(f"CLI import-orders        : {elapsed:.1f} s, peak RSS {rss:.0f} MB ({kind})")
        print("  " + out.strip().splitlines()[0][:200])
    ratio = elapsed / raw
    ok = rss <= 300 and ratio <= 1.5
    print(
        f"ratio import/raw {ratio:.2f}x of the same rows (target ≤ 1.5x), {elapsed / raws[False]:.2f}x of the "
        f"orders alone;  peak RSS {rss:.0f} MB (target ≤ 300 MB)"
    )
    path.unlink()
    if args.json:
        emit_json(
            [
                result("import_1m", elapsed, "s", baseline=raw, target="≤ 1.5× raw, RSS ≤ 300 MB", ok=ok),
                result("import_1m_vs_orders_alone", elapsed, "s", baseline=raws[False], target="(reported)", ok=True),
                result("import_1m_peak_rss", rss, "MB", target="≤ 300 MB", ok=rss <= 300),
            ]
        )


if __name__ == "__main__":
    main()
