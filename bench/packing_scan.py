"""The scan station's server work at 100,000 orders: open a parcel by its order number, scan each
item, weigh and confirm (which ships the order from the pool) — per scan, through the services the
page calls (services/packing/scan.py). Baseline: the bare SQL a scan cannot avoid (find the order,
read its items, write the shipment's weight), measured in the same run.

    .venv/bin/python bench/packing_scan.py [--orders 100000] [--parcels 200]

Target (issue 21): ≤ 200 ms server time per scan.
"""

from __future__ import annotations

import argparse
import statistics
import time

from _common import emit_json, fresh_db, peak_rss_mb, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--parcels", type=int, default=200)
    parser.add_argument("--json", action="store_true", help="end with the figures as one JSON line")
    args = parser.parse_args()

    from sqlalchemy import insert, text

    from tests.fixtures.shop import add_orders, add_stock, seed_catalogue
    from waybill_ui.db.models import OrderItem
    from waybill_ui.services.packing import scan

    db, _ = fresh_db()
    seed_catalogue(db)
    order_nos = add_orders(db, args.orders, weight_g=800)
    with db.write() as session:
        session.execute(
            insert(OrderItem),
            [
                {
                    "order_id": i + 1,
                    "sku": f"SKU-{i % 500:03d}",
                    "title": "T恤",
                    "spec": "白色XL",
                    "quantity": 1 + i % 2,
                    "location": f"A-{i % 40:02d}",
                }
                for i in range(args.orders)
            ],
        )
    add_stock(db, "ZTO", args.parcels + 10)
    print(f"orders: {args.orders:,} with items; parcels scanned: {args.parcels}")

    step = args.orders // args.parcels
    picked = order_nos[::step][: args.parcels]
    scans: list[float] = []
    for order_no in picked:
        start = time.perf_counter()
        parcel = scan.open_parcel(db, code=order_no)
        scans.append((time.perf_counter() - start) * 1000)
        counts: dict[str, int] = {}
        for line in parcel.lines:
            for _ in range(line.quantity):
                start = time.perf_counter()
                counts = scan.scan_item(db, order_no=order_no, barcode=line.sku, counts=counts).counts
                scans.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        scan.confirm(
            db, order_no=order_no, counts=counts, weight_g=scan.parse_weight("0.82"), actor="bench", carrier="ZTO"
        )
        scans.append((time.perf_counter() - start) * 1000)

    raw: list[float] = []
    for order_no in picked:
        start = time.perf_counter()
        with db.write() as session:
            oid = session.execute(text("SELECT id FROM orders WHERE order_no = :n"), {"n": order_no}).scalar()
            session.execute(text("SELECT sku, quantity FROM order_item WHERE order_id = :o"), {"o": oid}).all()
            session.execute(
                text("UPDATE shipment SET weight_g = 820 WHERE order_id = :o AND cancelled_at IS NULL"), {"o": oid}
            )
        raw.append((time.perf_counter() - start) * 1000)

    mean, p95 = statistics.mean(scans), sorted(scans)[int(len(scans) * 0.95)]
    base = statistics.mean(raw)
    print(f"per scan: mean {mean:.2f} ms, p95 {p95:.2f} ms, max {max(scans):.2f} ms over {len(scans)} scans")
    print(
        f"raw baseline (find order + items + write weight): mean {base:.2f} ms;  target ≤ 200 ms per scan;  "
        f"peak RSS {peak_rss_mb():.0f} MB"
    )
    if args.json:
        emit_json(
            [
                result(
                    f"packing_scan_{args.orders // 1000}k",
                    p95,
                    "ms",
                    baseline=base,
                    target="≤ 200 ms p95",
                    ok=p95 <= 200,
                )
            ]
        )


if __name__ == "__main__":
    main()
