"""Import of a 1,000,000-order Taobao export (GBK CSV on disk) through the CLI, as a seller runs
it (`waybill-ui import-orders FILE`), against a raw bulk insert of the same rows measured in the
same run: the import's own INSERT in 50,000-row executemany blocks, secondary indexes dropped
and built once at the end (the fastest way these rows go in, so the ratio is what parsing,
cleaning and checking cost on top).

    .venv/bin/python bench/import_1m.py [--orders 1000000] [--database-url postgresql+psycopg://…]

Targets (docs/benchmarks.md): peak RSS of the import process ≤ 300 MB (the file is streamed, never
held) and time ≤ 1.5× the raw bulk insert. Each part runs in its own process; RSS is that
process's own peak (wait4).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
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
import sys, time
sys.path.insert(0, {root!r}); sys.path.insert(0, {bench!r})
from pathlib import Path
from waybill_ui.db import open_database
from waybill_ui.services.orders.importing import reading
from waybill_ui.services.orders.importing.parsing import records
from waybill_ui.services.orders.importing.store import _INSERT, indexes_built_after
db = open_database({url!r})
with db.read() as session:  # the shop the CLI imports into: the only active one
    shop = session.connection().exec_driver_sql("SELECT id FROM shop WHERE active ORDER BY id LIMIT 1").scalar_one()
rows = [p.record + ("2026-11-01 00:00:00.000000", shop)
        for chunk in records(reading.open_table(Path({path!r})), on_problem=lambda p: None) for p in chunk]
started = time.perf_counter()
with db.write() as session, indexes_built_after(session):
    conn = session.connection()
    for start in range(0, len(rows), 50_000):
        conn.exec_driver_sql(_INSERT, rows[start:start + 50_000])
print(time.perf_counter() - started, len(rows))
"""


def run_measured(args: list[str], env: dict | None = None) -> tuple[float, float, str]:
    """(seconds, peak RSS MB, stdout) of one child process, its own rusage."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        out.seek(0)
        text = out.read().decode(errors="replace")
    if status != 0:
        raise SystemExit(f"{args[:3]} failed:\n{text[-3000:]}")
    return elapsed, usage.ru_maxrss / 1024, text


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

    with scratch_db(args.database_url) as (db, kind, _):
        url = db.engine.url.render_as_string(hide_password=False)
        db.dispose()
        _, raw_rss, out = run_measured(
            [sys.executable, "-c", RAW.format(root=str(ROOT), bench=str(ROOT / "bench"), path=str(path), url=url)]
        )
        raw = float(out.split()[-2])
        print(
            f"raw bulk insert          : {raw:.1f} s ({out.split()[-1]} rows; rows held in memory: "
            f"{raw_rss:.0f} MB peak)"
        )
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
    print(f"ratio import/raw {ratio:.2f}x  (target ≤ 1.5x);  peak RSS {rss:.0f} MB (target ≤ 300 MB)")
    path.unlink()
    if args.json:
        emit_json(
            [
                result("import_1m", elapsed, "s", baseline=raw, target="≤ 1.5× raw, RSS ≤ 300 MB", ok=ok),
                result("import_1m_peak_rss", rss, "MB", target="≤ 300 MB", ok=rss <= 300),
            ]
        )


if __name__ == "__main__":
    main()
