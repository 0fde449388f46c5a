"""Import a generated 100,000-order Taobao export (GBK CSV) vs a raw sqlite3 executemany of the
same rows into the same schema, measured in the same run.

    .venv/bin/python bench/import_orders.py [--orders 100000] [--runs 3]

Targets (docs/benchmarks.md): import ≤ 3 s and ≤ 5× the raw insert.
"""

from __future__ import annotations

import argparse
import gc
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import ROOT, emit_json, fresh_db, peak_rss_mb, result, summary, timed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rss", action="store_true", help="only the import, to read its own peak memory")
    parser.add_argument(
        "--reimport",
        action="store_true",
        help="also import the same file again into the filled shop (updates, shipped skipped)",
    )
    parser.add_argument("--json", action="store_true", help="end with the figures as one JSON line")
    args = parser.parse_args()

    from tests.fixtures.taobao_export import export
    from waybill_ui.services.orders import importing as orders_import
    from waybill_ui.services.orders.importing import reading
    from waybill_ui.services.orders.importing.chunks import records
    from waybill_ui.services.orders.importing.store import _INSERT, new_row

    if args.rss:  # the file is made by another process, so this one holds only what the import needs
        path = Path(tempfile.mkdtemp(prefix="waybill-bench-")) / "ExportOrderList.csv"
        subprocess.run(
            [
                sys.executable,
                "-c",
                f"import sys; sys.path.insert(0, {str(ROOT)!r}); "
                "from tests.fixtures.taobao_export import export; "
                f"open({str(path)!r}, 'wb').write(export({args.orders}, seed=42))",
            ],
            check=True,
        )
        db, _ = fresh_db()
        data = path.read_bytes()
        before = peak_rss_mb()
        elapsed, report = timed(orders_import.import_orders, db, data=data, filename="bench.csv", actor="bench")
        print(
            f"import {elapsed:.3f} s, {report.imported:,} orders of {len(data) / 1e6:.1f} MB; "
            f"peak RSS {peak_rss_mb():.0f} MB (before the import, file bytes in memory: {before:.0f} MB)"
        )
        return
    data = export(args.orders, seed=42)
    print(f"export: {args.orders:,} orders, {len(data) / 1e6:.1f} MB GBK CSV")
    # the same rows, parsed once outside the timing, for the raw baseline
    rows = [p.record for chunk in records(reading.open_table(data), on_problem=lambda p: None) for p in chunk]

    raw_times, import_times = [], []
    for _ in range(args.runs):
        db, path = fresh_db()
        db.dispose()
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")

        # the shop the import goes into (the only active one), added outside the timing
        shop = conn.execute("SELECT id FROM shop WHERE active ORDER BY id LIMIT 1").fetchone()[0]
        shop_rows = [new_row(row, now="2026-11-01 00:00:00.000000", shop_id=shop) for row in rows]

        def raw(conn=conn, shop_rows=shop_rows) -> None:
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(_INSERT, shop_rows)
            conn.execute("COMMIT")

        gc.collect()
        raw_times.append(timed(raw)[0])
        conn.close()

        db, _ = fresh_db()
        gc.collect()
        elapsed, report = timed(orders_import.import_orders, db, data=data, filename="bench.csv", actor="bench")
        assert report.imported == args.orders and not report.rejected, (report.imported, report.rejected[:3])
        import_times.append(elapsed)
        if args.reimport:
            again, second = timed(orders_import.import_orders, db, data=data, filename="bench.csv", actor="bench")
            print(
                f"  re-import into the filled shop: {again:.3f} s ({second.updated:,} updated, "
                f"{second.skipped_shipped:,} shipped left as they are)"
            )
        db.dispose()

    ratio = min(import_times) / min(raw_times)
    print(f"raw sqlite3 executemany : {summary(raw_times)}")
    print(f"import (parse+check+write): {summary(import_times)}")
    print(f"ratio import/raw (best)  : {ratio:.2f}x   target ≤ 5x;  import target ≤ 3 s")
    print(f"peak RSS                 : {peak_rss_mb():.0f} MB (includes the baseline's pre-parsed rows)")
    if args.json:
        best = min(import_times)
        emit_json(
            [
                result(
                    f"import_{args.orders // 1000}k",
                    best,
                    "s",
                    baseline=min(raw_times),
                    target="≤ 3 s, ≤ 5× raw",
                    ok=best <= 3 and ratio <= 5,
                )
            ]
        )


if __name__ == "__main__":
    main()
