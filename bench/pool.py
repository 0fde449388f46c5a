"""Pool benchmarks: outlet import of 100,000 numbers (checked row by row against a pool that
already holds 300,000, inserted with an audit row each) against a raw sqlite3 executemany of
the same rows in the same run; then the pool page's queries on the resulting 400,000 numbers.

    .venv/bin/python bench/pool.py [--existing 300000] [--import 100000]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import insert

from waybill_ui.db import open_database
from waybill_ui.db.models import Carrier, Waybill
from waybill_ui.clock import utcnow
from waybill_ui.services.pool import allocation
from waybill_ui.services.market import planner
from waybill_ui.services.pool import known as pool_known
from waybill_ui.services.pool import numbers as pool_numbers
from waybill_ui.services.pool import stock as pool
from waybill_ui.services.pool import history as pool_audit
from waybill_ui.services.pool import importing as pool_import
from waybill_ui.services.pool import watch as pool_watch


def timed(fn, *args, repeat: int = 1, **kwargs):
    runs = []
    result = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn(*args, **kwargs)
        runs.append(time.perf_counter() - t0)
    return result, statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--existing", type=int, default=300_000)
    parser.add_argument("--import", dest="count", type=int, default=100_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="pool-bench-"))
    db = open_database(f"sqlite:///{folder / 'bench.db'}")
    now = utcnow()
    with db.write() as session:
        for code in ("ZTO", "YTO"):
            session.add(Carrier(code=code, name=code))
    with db.write() as session:
        session.execute(
            insert(Waybill),
            [
                {
                    "carrier_code": "ZTO",
                    "number": f"75{i:012d}",
                    "status": "available",
                    "origin": "purchase",
                    "cost_fen": 10,
                    "expires_at": now + timedelta(days=30 + i % 300),
                    "created_at": now,
                }
                for i in range(args.existing)
            ],
        )

    # the real import: half the list overlaps numbers the pool already has, a few are malformed
    numbers = [f"75{i:012d}" for i in range(args.existing - args.count // 10, args.existing + args.count)]
    numbers = numbers[: args.count - 100] + ["7512"] * 100
    result, t_import = timed(
        pool_import.commit_import,
        db,
        carrier="ZTO",
        numbers=numbers,
        actor="bench",
        expires_at=now + timedelta(days=200),
    )
    accepted = len(result.accepted)

    # raw baseline in the same run: the same number of rows (pool + audit) with sqlite3 executemany
    raw_numbers = [f"76{i:012d}" for i in range(accepted)]
    conn = sqlite3.connect(folder / "bench.db")
    stamp = now.strftime("%Y-%m-%d %H:%M:%S.%f")
    t0 = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(
        "INSERT INTO waybill (carrier_code, number, status, origin, cost_fen, expires_at, created_at) "
        "VALUES ('YTO', ?, 'available', 'imported', 0, ?, ?)",
        ((n, stamp, stamp) for n in raw_numbers),
    )
    conn.executemany(
        "INSERT INTO audit_log (at, actor, entity, entity_id, action, from_status, to_status, reason, "
        "details) VALUES (?, 'raw', 'waybill', ?, 'import', '', 'available', '', '{}')",
        ((stamp, f"YTO:{n}") for n in raw_numbers),
    )
    conn.commit()
    t_raw = time.perf_counter() - t0
    conn.close()

    _, t_preview = timed(pool_import.preview_import, db, carrier="ZTO", numbers=numbers)
    total_rows = args.existing + accepted + len(raw_numbers)

    def take(count: int) -> int:
        with db.write() as session:
            return len(allocation.take(session, carrier="ZTO", count=count, actor="bench"))

    _, t_take = timed(take, 10_000)  # what a batch ship of 10,000 orders asks of the pool (with audit rows)
    f = pool_numbers.NumberFilter
    queries = {
        "list first page": lambda: pool_numbers.list_numbers(db, page=1, size=50),
        "list filtered (carrier+status)": lambda: pool_numbers.list_numbers(
            db, filters=f(carrier="ZTO", status="available")
        ),
        "list page 2000": lambda: pool_numbers.list_numbers(db, page=2000, size=50),
        "search part of a number": lambda: pool_numbers.list_numbers(db, filters=f(q="0001234")),
        "stock per carrier": lambda: pool.stock_stats(db),
        "expiry run (nothing due)": lambda: pool_watch.expire_due(db),
        "planner": lambda: planner.plan(db),
        "audit first page (carrier)": lambda: pool_audit.list_audit(db, filters=pool_audit.AuditFilter(carrier="ZTO")),
        "duplicate lookup": lambda: pool_known.where_known(db, f"75{123456:012d}"),
    }
    timings = {name: timed(fn, repeat=5)[1] * 1000 for name, fn in queries.items()}
    report = {
        "pool_rows": total_rows,
        "import": {
            "numbers": len(numbers),
            "accepted": accepted,
            "rejected": len(result.rejected),
            "seconds": round(t_import, 3),
            "raw_seconds": round(t_raw, 3),
            "ratio": round(t_import / t_raw, 2),
            "preview_seconds": round(t_preview, 3),
        },
        "allocate_10000_with_audit_seconds": round(t_take, 3),
        "queries_ms": {k: round(v, 1) for k, v in timings.items()},
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))
    db.dispose()


if __name__ == "__main__":
    main()
