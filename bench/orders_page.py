"""The 订单发货 page's server work on 100,000 orders: first page of each tab and every kind of
search/filter, through the same service the page calls (orders.list_orders: count + page + join).

    .venv/bin/python bench/orders_page.py [--orders 100000]

Target (docs/benchmarks.md): first page and any search ≤ 150 ms server time.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import timedelta

from _common import emit_json, fresh_db, peak_rss_mb, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--json", action="store_true", help="end with the figures as one JSON line")
    args = parser.parse_args()

    from sqlalchemy import text

    from tests.fixtures.shop import add_stock, seed_catalogue
    from tests.fixtures.taobao_export import export
    from waybill_ui.clock import SHANGHAI
    from waybill_ui.services.shipping import batch as batch_ship
    from waybill_ui.services.orders import listing as orders
    from waybill_ui.services.orders import importing as orders_import
    from waybill_ui.services.orders.listing import OrderFilter

    db, _ = fresh_db()
    seed_catalogue(db)
    orders_import.import_orders(db, data=export(args.orders, seed=7), actor="bench")
    add_stock(db, "ZTO", 25_000)
    with db.read() as session:
        pending = list(session.execute(text("SELECT id FROM orders WHERE status = 'pending' LIMIT 20000")).scalars())
        sample = session.execute(
            text(
                "SELECT order_no, buyer_nick, receiver_name, phone, ordered_at FROM orders "
                "WHERE status = 'pending' LIMIT 1 OFFSET 5000"
            )
        ).one()
    shipped = batch_ship.batch_ship(db, order_ids=pending, carrier="ZTO", actor="bench")
    number = shipped.shipped[0]["number"]
    with db.read() as session:
        counts = dict(session.execute(text("SELECT status, count(*) FROM orders GROUP BY status")).all())
    with db.read() as session:
        day = session.execute(text("SELECT ordered_at FROM orders WHERE id = 1")).scalar()
    print(f"orders: {sum(counts.values()):,} {counts}; live shipments: {len(shipped.shipped):,}")

    from datetime import datetime, timezone

    first_day = datetime.fromisoformat(str(day)).replace(tzinfo=timezone.utc).astimezone(SHANGHAI).date()
    cases = {
        "待发货 first page (newest first)": dict(filters=OrderFilter(status="pending")),
        "全部订单 first page": dict(filters=OrderFilter()),
        "全部订单 last page": dict(filters=OrderFilter(), page=args.orders // 50),
        "search: order no (full)": dict(filters=OrderFilter(q=sample.order_no)),
        "search: order no prefix": dict(filters=OrderFilter(q=sample.order_no[:15])),
        "search: buyer nick": dict(filters=OrderFilter(q=sample.buyer_nick)),
        "search: recipient": dict(filters=OrderFilter(q=sample.receiver_name)),
        "search: phone": dict(filters=OrderFilter(q=sample.phone)),
        "search: phone last 4 digits": dict(filters=OrderFilter(q=sample.phone[-4:])),
        "search: waybill number": dict(filters=OrderFilter(q=number)),
        "filter: province 广东省, pending": dict(filters=OrderFilter(status="pending", province="广东省")),
        "filter: date range (3 days)": dict(
            filters=OrderFilter(date_from=first_day, date_to=first_day + timedelta(days=2))
        ),
        "filter: carrier ZTO": dict(filters=OrderFilter(carrier="ZTO")),
        "filter: label not printed yet": dict(filters=OrderFilter(unprinted=True)),
        "filter: shipped, not printed yet": dict(filters=OrderFilter(status="shipped", unprinted=True)),
        "sort: amount, pending": dict(filters=OrderFilter(status="pending"), sort="amount"),
        "pending + province + search": dict(filters=OrderFilter(status="pending", province="浙江省", q="张")),
    }
    worst = 0.0
    for name, kwargs in cases.items():
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            rows, total = orders.list_orders(db, **kwargs)
            runs.append((time.perf_counter() - start) * 1000)
        median = statistics.median(runs)
        worst = max(worst, median)
        if name.startswith("待发货 first page"):
            first_page_ms = median
        print(f"{name:38s} {median:7.1f} ms  (total {total:,}, {len(rows)} rows)")
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        orders.count_by_status(db)
        runs.append((time.perf_counter() - start) * 1000)
    print(f"{'tab counts (count_by_status)':38s} {statistics.median(runs):7.1f} ms  (run with every page load)")
    worst = max(worst, statistics.median(runs))
    print(f"slowest median: {worst:.1f} ms   target ≤ 150 ms;  peak RSS {peak_rss_mb():.0f} MB")
    if args.json:
        first = first_page_ms
        emit_json(
            [
                result(f"orders_page_{args.orders // 1000}k_first", first, "ms", target="≤ 150 ms", ok=first <= 150),
                result(
                    f"orders_page_{args.orders // 1000}k_slowest_search",
                    worst,
                    "ms",
                    target="≤ 150 ms",
                    ok=worst <= 150,
                ),
            ]
        )


if __name__ == "__main__":
    main()
