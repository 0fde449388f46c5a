"""Benchmark: 运费对账 of a 100,000-line monthly bill.

    .venv/bin/python bench/freight_reconcile.py [--lines 100000]

Fills a scratch database with `lines` shipments of one carrier in May 2026 (weights recorded),
a contract price, and writes a CSV bill of the same size (a few percent overcharged, weight
disputes, numbers not ours, duplicates; some shipments left out). Times import + reconcile (read
the file, match every line, judge it against the contract price, store bill and lines, count the
missing) against a raw baseline in the same run: a bare sqlite3 executemany of the same rows into
a table of the same shape. Target: ≤ 10 s.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sqlite3
import time
from datetime import datetime, timezone

from _common import emit_json, fresh_db, result

from sqlalchemy import insert

from waybill_ui.db.models import Carrier, ContractPrice, Order, Shipment, Waybill
from waybill_ui.sandbox import catalogue
from waybill_ui.services.aftership import freight

SHIPPED = datetime(2026, 5, 12, 4, 0, tzinfo=timezone.utc)


def fill(db, n: int) -> list[str]:
    numbers = [f"YT{4_000_000_000_000 + i}" for i in range(n)]
    with db.write() as session:
        for c in catalogue.catalogue():
            session.add(
                Carrier(
                    code=c["code"],
                    name=c["name"],
                    prices=c["prices"],
                    transit_days=c["transit_days"],
                    provinces_excluded=c["provinces_excluded"],
                )
            )
        session.add(
            ContractPrice(carrier_code="YTO", zone="national", first_fen=450, first_g=1000, extra_fen_per_kg=150)
        )
        session.flush()
        session.execute(
            insert(Order),
            [{"order_no": f"F{i}", "province": "广东省", "status": "shipped", "weight_g": 800} for i in range(n)],
        )
        session.execute(
            insert(Waybill),
            [{"carrier_code": "YTO", "number": no, "status": "used", "origin": "imported"} for no in numbers],
        )
        session.execute(
            insert(Shipment),
            [
                {
                    "order_id": i + 1,
                    "waybill_id": i + 1,
                    "carrier_code": "YTO",
                    "number": no,
                    "status": "delivered",
                    "shipped_at": SHIPPED,
                    "alert_flags": [],
                    "weight_g": 800 + (i % 3) * 500,
                }
                for i, no in enumerate(numbers)
            ],
        )
    return numbers


def bill(numbers: list[str]) -> bytes:
    rng = random.Random(22)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["运单号", "日期", "目的地", "计费重量", "运费", "附加费"])
    for i, no in enumerate(numbers):
        if i % 97 == 0:
            continue  # left out of the bill: missing
        grams = 800 + (i % 3) * 500
        fee = 450 + max(0, -(-(grams - 1000) // 1000)) * 150
        kind = rng.random()
        if kind < 0.03:
            fee += 100  # overcharge
        elif kind < 0.05:
            grams += 1500
            fee += 300  # weight dispute
        elif kind < 0.06:
            no = f"YT{9_000_000_000_000 + i}"  # not ours
        writer.writerow([no, "2026-05-12", "广东", f"{grams / 1000:.2f}", f"{fee / 100:.2f}", ""])
        if i % 211 == 0:
            writer.writerow([no, "2026-05-13", "广东", f"{grams / 1000:.2f}", f"{fee / 100:.2f}", ""])  # twice
    return out.getvalue().encode("utf-8-sig")


def raw_baseline(path, data: bytes) -> float:
    """The same rows parsed by csv and inserted by sqlite3 with no matching or judging."""
    conn = sqlite3.connect(path)
    conn.execute(
        "CREATE TABLE raw_line (row_no INTEGER, number TEXT, billed_on TEXT, destination TEXT, "
        "weight TEXT, fee TEXT, surcharge TEXT)"
    )
    start = time.perf_counter()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))[1:]
    with conn:
        conn.executemany("INSERT INTO raw_line VALUES (?, ?, ?, ?, ?, ?, ?)", [(i, *r) for i, r in enumerate(rows)])
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    db, path = fresh_db()
    numbers = fill(db, args.lines)
    data = bill(numbers)
    start = time.perf_counter()
    row = freight.import_bill(db, carrier="YTO", month="2026-05", data=data, filename="bench.csv", actor="bench")
    elapsed = time.perf_counter() - start
    baseline = raw_baseline(path.parent / "raw.db", data)
    print(
        f"{row.lines} lines: {row.counts['overcharge']} overcharged, {row.counts['weight']} weight disputes, "
        f"{row.counts['not_ours']} not ours, {row.counts['duplicate']} duplicates, {row.missing} missing; "
        f"overcharge ¥{row.overcharge_fen / 100:.2f}"
    )
    print(f"import + reconcile {elapsed:.3f} s; raw csv + sqlite3 insert of the same rows {baseline:.3f} s")
    figures = [result("freight_reconcile_100k", elapsed, "s", baseline=baseline, target="≤ 10 s", ok=elapsed <= 10)]
    if args.json:
        emit_json(figures)


if __name__ == "__main__":
    main()
