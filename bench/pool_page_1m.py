"""The number list at 1,000,000 pool numbers: each sort both ways at the first page, at depth
(the page after a row half-way through, by cursor) and the page before it, with the filters
the pool page offers, through list_numbers (services/pool/numbers.py) as the page and the API call it.

    .venv/bin/python bench/pool_page_1m.py [--numbers 1000000] [--database-url postgresql+psycopg://…]

Target (docs/benchmarks.md): every page ≤ 150 ms at any depth; the slowest is reported.
Baseline: a bare `SELECT … ORDER BY id LIMIT 50` of the same table in the same run.
"""

from __future__ import annotations

import argparse
import time
from datetime import timedelta

from _common import emit_json, peak_rss_mb, result
from _scale import START, analyze, median_ms, scratch_db, stamp


def fill(db, count: int) -> float:
    from tests.fixtures.shop import seed_catalogue

    seed_catalogue(db)
    carriers = ["ZTO", "YTO", "YD", "STO"]
    statuses = ["available"] * 6 + ["used"] * 3 + ["voided"]
    started = time.perf_counter()
    sql = (
        "INSERT INTO waybill (carrier_code, number, status, origin, cost_fen, expires_at, created_at) "
        "VALUES (?, ?, ?, 'purchase', 10, ?, ?)"
    )
    with db.write() as session:
        conn = session.connection()
        for start in range(0, count, 50_000):
            conn.exec_driver_sql(
                sql,
                [
                    (
                        carriers[n % 4],
                        f"{7500000000000 + n * 13}",
                        statuses[n % 10],
                        None if n % 11 == 0 else stamp(START + timedelta(days=30 + (n // 1000) % 300)),
                        stamp(START + timedelta(seconds=n // 100)),
                    )
                    for n in range(start, min(count, start + 50_000))
                ],
            )
    analyze(db)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--numbers", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--only", default="", help="measure only the combinations whose name contains this")
    parser.add_argument(
        "--keep", help="keep the filled database (a SQLite folder or a PostgreSQL database name) and reuse it"
    )
    args = parser.parse_args()

    from sqlalchemy import text

    from waybill_ui.services.pool import numbers as pool_numbers

    with scratch_db(args.database_url, args.keep) as (db, kind, reused):
        if reused:
            analyze(db)
        seconds = 0.0 if reused else fill(db, args.numbers)
        print(f"{kind}: {args.numbers:,} numbers {'reused' if reused else 'bulk-filled'} in {seconds:.1f} s")
        with db.read() as session:
            baseline, _ = median_ms(lambda: session.execute(text("SELECT * FROM waybill ORDER BY id LIMIT 50")).all())
        filters = {
            "all": pool_numbers.NumberFilter(),
            "carrier ZTO": pool_numbers.NumberFilter(carrier="ZTO"),
            "available": pool_numbers.NumberFilter(status="available"),
            "used": pool_numbers.NumberFilter(status="used"),
            "ZTO available": pool_numbers.NumberFilter(carrier="ZTO", status="available"),
        }
        figures = []
        for fname, f in filters.items():
            for sort in pool_numbers._SORT_SQL:
                for descending in (False, True):
                    if args.only not in f"{fname} | sort {sort} {'desc' if descending else 'asc'}":
                        continue

                    def page(cursor=None, number=1, f=f, sort=sort, descending=descending):
                        return pool_numbers.list_numbers(
                            db, filters=f, sort=sort, descending=descending, size=50, cursor=cursor, page=number
                        )

                    first_ms, first = median_ms(page)
                    half = page(number=max(2, min(first.total, 400_000) // 2 // 50))  # a cursor at depth (untimed)
                    deep_ms, deep = (
                        median_ms(lambda h=half: page(cursor=h.next_cursor)) if half.next_cursor else (0.0, None)
                    )
                    back_ms = (
                        median_ms(lambda d=deep: page(cursor=d.prev_cursor))[0] if deep and deep.prev_cursor else 0.0
                    )
                    name = f"{fname} | sort {sort} {'desc' if descending else 'asc'}"
                    figures.append((max(first_ms, deep_ms, back_ms), name))
                    print(
                        f"  {name:40s} first {first_ms:7.1f}  deep {deep_ms:7.1f}  previous {back_ms:7.1f} ms  "
                        f"({'约 ' if first.estimated else ''}{first.total:,})",
                        flush=True,
                    )
        worst = max(figures, default=(0.0, "none"))
        print(
            f"{len(figures)} combinations; slowest {worst[0]:.1f} ms ({worst[1]}); bare page {baseline:.1f} ms; "
            f"target ≤ 150 ms; peak RSS {peak_rss_mb():.0f} MB"
        )
    if args.json:
        emit_json(
            [result("pool_page_1m_slowest", worst[0], "ms", baseline=baseline, target="≤ 150 ms", ok=worst[0] <= 150)]
        )


if __name__ == "__main__":
    main()
