"""The orders list at 1,000,000 orders: every sort (both directions) at the first page and deep
by cursor, every filter and search, through orders.list_orders as the page and the API call it.

    .venv/bin/python bench/orders_page_1m.py [--orders 1000000] [--database-url postgresql+psycopg://…]

Target (docs/benchmarks.md): every combination ≤ 150 ms (median of 3); the slowest is reported.
Baseline: a bare `SELECT … ORDER BY id LIMIT 50` page of the same table in the same run.
"""

from __future__ import annotations

import argparse
from datetime import date, timedelta

from _common import emit_json, peak_rss_mb, result
from _scale import analyze, bulk_orders, median_ms, scratch_db


def add_shipments(db) -> str:
    """A live shipment for every shipped order, as a shop has them: carriers mixed (ZTO 6 : YTO 3 :
    SF 1), every label printed but the newest 3,000 shipments'; every 1,000th order split, its second
    parcel with another carrier (so a few hundred orders go with two carriers). Each order's
    carrier key is set by the app's own carrier_key.refresh, as shipping does. Returns one number."""
    from sqlalchemy import insert, text

    from tests.fixtures.shop import seed_catalogue
    from waybill_ui.clock import utcnow
    from waybill_ui.db.models import Shipment, Waybill
    from waybill_ui.services.orders import carrier_key

    seed_catalogue(db)
    now = utcnow()
    carriers = ["ZTO"] * 6 + ["YTO"] * 3 + ["SF"]

    def other(i: int) -> str:  # the split orders' second carrier
        return "SF" if carriers[i % 10] != "SF" else "YTO"

    with db.write() as session:
        ids = list(session.execute(text("SELECT id FROM orders WHERE status = 'shipped' ORDER BY id")).scalars())
        split = ids[::1000]
        for start in range(0, len(ids), 50_000):
            part = ids[start : start + 50_000]
            session.execute(
                insert(Waybill),
                [
                    {
                        "carrier_code": carriers[i % 10],
                        "number": f"75{i:012d}",
                        "status": "used",
                        "origin": "imported",
                        "created_at": now,
                    }
                    for i in part
                ],
            )
        session.execute(
            insert(Waybill),
            [
                {
                    "carrier_code": other(i),
                    "number": f"76{i:012d}",
                    "status": "used",
                    "origin": "imported",
                    "created_at": now,
                }
                for i in split
            ],
        )
        wid = dict(session.execute(text("SELECT number, id FROM waybill")).all())
        newest = len(ids) - 3000
        for start in range(0, len(ids), 50_000):
            session.execute(
                insert(Shipment),
                [
                    {
                        "order_id": i,
                        "waybill_id": wid[f"75{i:012d}"],
                        "carrier_code": carriers[i % 10],
                        "number": f"75{i:012d}",
                        "printed_count": 0 if n >= newest else 1,
                        "shipped_at": now,
                        "alert_flags": [],
                    }
                    for n, i in enumerate(ids[start : start + 50_000], start=start)
                ],
            )
        session.execute(
            insert(Shipment),
            [
                {
                    "order_id": i,
                    "waybill_id": wid[f"76{i:012d}"],
                    "carrier_code": other(i),
                    "number": f"76{i:012d}",
                    "printed_count": 1,
                    "shipped_at": now,
                    "alert_flags": [],
                    "parcel_seq": 2,
                }
                for i in split
            ],
        )
        for start in range(0, len(ids), 50_000):
            carrier_key.refresh(session, ids[start : start + 50_000])
    return f"75{ids[len(ids) // 2]:012d}"


def measure(orders, db, f, sort: str, descending: bool) -> tuple[float, float, object]:
    """(first page ms, deep page ms, first page): deep is the page after a row half-way through
    the list (reached by number, untimed, then by its cursor) and the page before it."""

    def page(**kwargs):
        return orders.list_orders(db, filters=f, sort=sort, descending=descending, **kwargs)

    first_ms, first = median_ms(page)
    if not first.next_cursor:
        return first_ms, 0.0, first
    half = page(page=max(2, min(first.total, 200_000) // 2 // 50)) if first.total > 100 else first
    cursor = half.next_cursor or first.next_cursor
    deep_ms, deep = median_ms(lambda: page(cursor=cursor))
    back_ms = median_ms(lambda: page(cursor=deep.prev_cursor))[0] if deep.prev_cursor else 0.0
    return first_ms, max(deep_ms, back_ms), first


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--only", default="", help="measure only the combinations whose name contains this")
    parser.add_argument(
        "--keep", help="keep the filled database (a SQLite folder or a PostgreSQL database name) and reuse it"
    )
    args = parser.parse_args()

    from sqlalchemy import text

    from waybill_ui.services.orders import listing as orders
    from waybill_ui.services.orders.listing import OrderFilter

    with scratch_db(args.database_url, args.keep) as (db, kind, reused):
        if reused:
            fill = 0.0
            with db.read() as session:
                shipped = session.execute(text("SELECT min(order_id), max(order_id) FROM shipment")).one()
                number = session.execute(
                    text("SELECT number FROM shipment WHERE order_id >= :m ORDER BY order_id LIMIT 1"),
                    {"m": (shipped[0] + shipped[1]) // 2},
                ).scalar()
        else:
            fill = bulk_orders(db, args.orders)
            number = add_shipments(db)
        analyze(db)
        with db.read() as session:
            sample = session.execute(
                text("SELECT order_no, buyer_nick, receiver_name, phone FROM orders WHERE id = :i"),
                {"i": args.orders // 3},
            ).one()
        print(
            f"{kind}: {args.orders:,} orders {'reused' if reused else 'bulk-filled'} in {fill:.1f} s, a live shipment per shipped order"
        )
        first_day = date(2026, 1, 1) + timedelta(days=int(args.orders * 30 / 86400 / 2))
        filters = {
            "all": OrderFilter(),
            "status pending": OrderFilter(status="pending"),
            "status closed": OrderFilter(status="closed"),
            "province 广东省 + pending": OrderFilter(status="pending", province="广东省"),
            "date range 3 days": OrderFilter(date_from=first_day, date_to=first_day + timedelta(days=2)),
            "carrier ZTO": OrderFilter(carrier="ZTO"),
            "carrier SF": OrderFilter(carrier="SF"),
            "label not printed": OrderFilter(unprinted=True),
            "needs address": OrderFilter(needs_address=True),
        }
        searches = {
            "order no": sample.order_no,
            "order no prefix": sample.order_no[:12],
            "buyer nick": sample.buyer_nick,
            "recipient": sample.receiver_name,
            "surname only": sample.receiver_name[:1],
            "phone": sample.phone,
            "phone last 4": sample.phone[-4:],
            "waybill number": number,
            "no match": "zz-nothing",
        }
        cases = {}
        for sort in orders.SORTS:
            for descending in (True, False):
                for fname, f in filters.items():
                    cases[f"{fname} | sort {sort} {'desc' if descending else 'asc'}"] = (f, sort, descending)
        for sname, q in searches.items():
            cases[f"search {sname} | sort ordered_at desc"] = (OrderFilter(q=q), "ordered_at", True)
            cases[f"search {sname} + pending | sort amount desc"] = (OrderFilter(q=q, status="pending"), "amount", True)

        with db.read() as session:
            baseline, _ = median_ms(
                lambda: session.execute(text("SELECT * FROM orders ORDER BY id LIMIT 50 OFFSET 0")).all()
            )
        figures = []
        for name, (f, sort, descending) in cases.items():
            if args.only not in name:
                continue
            first_ms, deep_ms, page = measure(orders, db, f, sort, descending)
            figures.append((max(first_ms, deep_ms), name, first_ms, deep_ms, page.total, page.estimated))
            print(
                f"  {name:55s} first {first_ms:7.1f} ms  deep {deep_ms:7.1f} ms  "
                f"({'约 ' if page.estimated else ''}{page.total:,})",
                flush=True,
            )
        if args.only in "tab counts":
            tabs_ms, _ = median_ms(lambda: orders.status_counts(db))
            exact_ms, _ = median_ms(lambda: orders.count_by_status(db))
            print(f"  {'tab counts (status_counts, every page load)':55s} {tabs_ms:7.1f} ms")
            print(f"  {'(exact counts, count_by_status: not on the page)':55s} {exact_ms:7.1f} ms")
            figures.append((tabs_ms, "tab counts", tabs_ms, 0.0, 0, False))
        worst = max(figures, default=(0.0, "none"))
        print(
            f"{len(figures)} combinations; slowest {worst[0]:.1f} ms ({worst[1]}); bare page {baseline:.1f} ms; "
            f"target ≤ 150 ms; peak RSS {peak_rss_mb():.0f} MB"
        )
    if args.json:
        emit_json(
            [result("orders_page_1m_slowest", worst[0], "ms", baseline=baseline, target="≤ 150 ms", ok=worst[0] <= 150)]
        )


if __name__ == "__main__":
    main()
