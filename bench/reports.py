"""Benchmark: 工作台, reports and the header's search on a shop with 100,000 orders.

    .venv/bin/python bench/reports.py [--orders 100000] [--repeat 5]

Fills a scratch database (orders over 120 days, a shipment for 90% of them with six tracking
events each, 4% with an exception, 1% refused, 1% cancelled; 150,000 pool numbers; 3,000 alerts),
then times, best of `repeat`:
  * the dashboard's quick figures (what a live update recomputes) and its full snapshot,
  * the report for last month and for the last 90 days,
  * the search box on an order no, a phone tail, a recipient, a number and a prefix,
against a raw baseline in the same run: the same GROUP BY queries run straight through sqlite3.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from _common import peak_rss_mb  # noqa: F401  (puts the repository on sys.path)

from waybill_ui.carriers.sandbox import parse
from waybill_ui.db import open_database
from waybill_ui.clock import utcnow
from waybill_ui.sandbox import catalogue as sandbox_catalogue
from waybill_ui.services.market import catalogue
from waybill_ui.services.reports import dashboard
from waybill_ui.services.reports import summary as reports
from waybill_ui.services.orders import search
from waybill_ui.services.reports.tables import preset, today_local, Period

CODES = ["SF", "ZTO", "YTO", "STO", "YD", "JTSD", "EMS", "JD", "DBL"]
PROVINCES = ["广东省", "浙江省", "北京市", "四川省", "新疆维吾尔自治区", "江苏省", "上海市", "湖北省"]
KINDS = ["pickup_overdue", "transit_stalled", "exception", "pool_low_stock", "pool_expiring"]


EVENT_SQL = (
    "INSERT INTO tracking_event (shipment_id, event_time, location, text, status, raw_state, raw_substate, "
    "provider, dedupe_key, created_at) VALUES (?, ?, '', '', ?, '', '', '', ?, ?)"
)


def fmt(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def fill(path: Path, n: int) -> None:
    rng = random.Random(8)
    now = utcnow()
    conn = sqlite3.connect(path)
    with conn:
        orders, shipments, events, waybills = [], [], [], []
        for i in range(1, n + 1):
            ordered = now - timedelta(days=rng.uniform(0, 120))
            shipped = i % 10 != 0
            orders.append(
                (
                    i,
                    f"TB{3_000_000_000 + i}",
                    f"tb{rng.randrange(10**7)}",
                    f"收件人{i % 5000}",
                    f"1{rng.choice('3578')}{rng.randrange(10**9):09d}",
                    PROVINCES[i % len(PROVINCES)],
                    "shipped" if shipped else "pending",
                    fmt(ordered),
                    fmt(now),
                )
            )
            if not shipped:
                continue
            code = CODES[i % 9]
            cancelled = i % 100 == 1
            waybills.append(
                (
                    i,
                    code,
                    f"{code}{7_000_000_000 + i}",
                    "voided" if cancelled else "used",
                    "purchase",
                    rng.choice((80, 100, 120)),
                    fmt(ordered - timedelta(days=30)),
                    fmt(ordered),
                )
            )
            ship = ordered + timedelta(hours=rng.uniform(1, 30))
            picked = ship + timedelta(hours=rng.uniform(1, 48))
            delivered = picked + timedelta(days=rng.uniform(1, 6))
            trouble = "exception" if i % 25 == 0 else "refused" if i % 100 == 7 else None
            done = delivered < now and trouble is None
            status = trouble or ("delivered" if done else "in_transit")
            shipments.append(
                (
                    i,
                    i,
                    i,
                    code,
                    f"{code}{7_000_000_000 + i}",
                    status,
                    fmt(ship),
                    fmt(picked),
                    fmt(delivered) if done else None,
                    fmt(ship + timedelta(hours=2)) if cancelled else None,
                )
            )
            events += [
                (
                    i,
                    fmt(ship + timedelta(hours=k)),
                    trouble if (trouble and k == 4) else "in_transit",
                    f"d{k}",
                    fmt(now),
                )
                for k in range(6)
            ]
            if len(events) >= 60_000:  # in chunks: the benchmark's own memory stays small
                conn.executemany(EVENT_SQL, events)
                events = []
        for k in range(150_000 - len(waybills)):
            code = CODES[k % 9]
            status = "available" if k % 10 else rng.choice(("expired", "refunded"))
            waybills.append(
                (
                    n + 1 + k,
                    code,
                    f"{code}{8_000_000_000 + k}",
                    status,
                    "purchase",
                    100,
                    fmt(now - timedelta(days=rng.uniform(0, 120))),
                    None,
                )
            )
        conn.executemany(
            "INSERT INTO orders (id, order_no, buyer_nick, receiver_name, phone, landline, province, city, district, "
            "address, full_address, postcode, items, item_count, amount_fen, postage_fen, buyer_message, seller_memo, "
            "marketplace_status, status, external_carrier, external_number, ordered_at, imported_at, is_demo) VALUES "
            "(?, ?, ?, ?, ?, '', ?, '', '', '', '', '', '', 1, 0, 0, '', '', '', ?, '', '', ?, ?, 0)",
            orders,
        )
        conn.executemany(
            "INSERT INTO waybill (id, carrier_code, number, status, origin, cost_fen, created_at, updated_at, expires_at) "
            f"VALUES (?, ?, ?, ?, ?, ?, ?, ?, '{fmt(now + timedelta(days=60))}')",
            waybills,
        )
        conn.executemany(
            "INSERT INTO shipment (id, order_id, waybill_id, carrier_code, number, status, raw_state, phone_tail, "
            "route_code, sort_name, printed_count, shipped_at, picked_up_at, delivered_at, cancelled_at, "
            "check_failures, last_error, alert_flags, cancel_reason, created_by) "
            "VALUES (?, ?, ?, ?, ?, ?, '', '', '', '', 0, ?, ?, ?, ?, 0, '', '[]', '', '')",
            shipments,
        )
        conn.executemany(EVENT_SQL, events)
        alerts = []
        for k in range(3000):
            created = now - timedelta(days=rng.uniform(0, 120))
            resolved = k % 3 != 0
            alerts.append(
                (
                    KINDS[k % 5],
                    f"a{k}",
                    "m",
                    "resolved" if resolved else "open",
                    fmt(created),
                    fmt(created + timedelta(hours=rng.uniform(1, 40))) if resolved else None,
                )
            )
        conn.executemany(
            "INSERT INTO alert (kind, dedupe_key, message, details, status, created_at, resolved_at, "
            "acknowledged_by, resolved_by, note) VALUES (?, ?, ?, '{}', ?, ?, ?, '', '', '')",
            alerts,
        )
        conn.execute("ANALYZE")
    conn.close()


def raw_report(path: Path, period: Period) -> None:
    """The report's GROUP BYs as plain SQL: shipments per carrier with trouble and on-time inputs,
    spend, the pool's conditional sums, provinces, alerts."""
    since, until = fmt(period.since), fmt(period.until)
    live = f"s.cancelled_at IS NULL AND s.shipped_at >= '{since}' AND s.shipped_at < '{until}'"
    trouble = (
        "(s.status IN ('exception','returning','returned','refused') OR s.id IN (SELECT shipment_id FROM "
        "tracking_event WHERE status IN ('exception','returning','returned','refused')))"
    )
    conn = sqlite3.connect(path)
    for sql in (
        f"SELECT s.carrier_code, count(*), sum(s.delivered_at IS NOT NULL), sum({trouble}), "
        "avg((julianday(s.picked_up_at) - julianday(s.shipped_at)) * 24), "
        f"avg(julianday(s.delivered_at) - julianday(coalesce(s.picked_up_at, s.shipped_at))) FROM shipment s "
        f"WHERE {live} GROUP BY 1",
        "SELECT s.carrier_code, sum(w.cost_fen) FROM shipment s JOIN waybill w ON w.id = s.waybill_id "
        f"WHERE s.shipped_at >= '{since}' AND s.shipped_at < '{until}' GROUP BY 1",
        "SELECT s.carrier_code, o.province, CAST(julianday(date(s.delivered_at,'+8 hours')) - "
        "julianday(date(coalesce(s.picked_up_at, s.shipped_at),'+8 hours')) AS INTEGER), count(*) "
        f"FROM shipment s JOIN orders o ON o.id = s.order_id WHERE {live} AND s.delivered_at IS NOT NULL GROUP BY 1, 2, 3",
        f"SELECT carrier_code, sum(origin = 'purchase' AND created_at >= '{since}' AND created_at < '{until}'), "
        f"sum(status = 'voided' AND updated_at >= '{since}' AND updated_at < '{until}') FROM waybill "
        f"WHERE (created_at >= '{since}' AND created_at < '{until}') OR (updated_at >= '{since}' AND updated_at < "
        f"'{until}') OR (expires_at >= '{since}' AND expires_at < '{until}') GROUP BY 1",
        f"SELECT o.province, count(*), sum({trouble}) FROM shipment s JOIN orders o ON o.id = s.order_id "
        f"WHERE {live} GROUP BY 1",
        f"SELECT kind, count(*), avg(julianday(resolved_at) - julianday(created_at)) FROM alert "
        f"WHERE created_at >= '{since}' AND created_at < '{until}' GROUP BY 1",
    ):
        conn.execute(sql).fetchall()
    conn.close()


def raw_counts(path: Path) -> None:
    """The dashboard's quick figures as plain SQL."""
    now = utcnow()
    today = fmt(dashboard._today_start(now))
    since = fmt(now - timedelta(days=30))
    conn = sqlite3.connect(path)
    for sql in (
        "SELECT id FROM orders LIMIT 1",
        "SELECT id FROM waybill LIMIT 1",
        "SELECT id FROM shipment LIMIT 1",
        "SELECT count(*) FROM orders WHERE status = 'pending'",
        f"SELECT count(*) FROM orders WHERE ordered_at >= '{today}'",
        f"SELECT count(*) FROM shipment WHERE shipped_at >= '{today}' AND cancelled_at IS NULL",
        "SELECT kind, count(*) FROM alert WHERE status IN ('open','acknowledged') GROUP BY kind",
        f"SELECT status, count(*) FROM shipment WHERE shipped_at >= '{since}' AND cancelled_at IS NULL GROUP BY status",
        "SELECT count(*), sum(numbers_count - numbers_received) FROM purchase WHERE status IN ('paid','sync_pending')",
    ):
        conn.execute(sql).fetchall()
    conn.close()


def raw_search(path: Path, q: str) -> None:
    """The search's index lookups as plain SQL: the orders union, numbers, shipped-elsewhere, shipments."""
    high = q + "\U0010ffff"
    parts = [
        f"SELECT id FROM orders WHERE {c} >= :q AND {c} < :h"
        for c in ("order_no", "buyer_nick", "receiver_name", "phone")
    ]
    parts += ["SELECT order_id FROM shipment WHERE number = :q", "SELECT id FROM orders WHERE external_number = :q"]
    if len(q) == 4 and q.isdigit():
        parts.append("SELECT id FROM orders WHERE phone LIKE '%' || :q")
    conn = sqlite3.connect(path)
    params = {"q": q, "h": high}
    conn.execute(
        "SELECT order_no, receiver_name FROM orders o WHERE o.id IN ("
        + " UNION ALL ".join(parts)
        + ") ORDER BY o.ordered_at DESC, o.id DESC LIMIT 9",
        params,
    ).fetchall()
    conn.execute(
        "SELECT carrier_code, number, status FROM waybill WHERE number >= :q AND number < :h ORDER BY number LIMIT 9",
        params,
    ).fetchall()
    conn.execute(
        "SELECT external_carrier, external_number FROM orders WHERE external_number = :q LIMIT 9", params
    ).fetchall()
    conn.execute(
        "SELECT id, carrier_code, number FROM shipment WHERE number >= :q AND number < :h ORDER BY number, id LIMIT 9",
        params,
    ).fetchall()
    conn.close()


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main(n: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "waybill.db"
        db = open_database(f"sqlite:///{path}")
        catalogue.store(
            db, offers=parse.parse_catalogue(json.dumps({"carriers": sandbox_catalogue.catalogue()})), source="sandbox"
        )
        started = time.perf_counter()
        fill(path, n)
        print(f"filled {n:,} orders in {time.perf_counter() - started:.1f} s")
        today = today_local()
        month, quarter = preset("last_month"), Period(today - timedelta(days=89), today)
        rows = []

        def measure(label: str, fn, baseline) -> None:
            ours, raw = best(fn, repeat), best(baseline, repeat)
            rows.append((label, ours, raw))
            print(f"{label:<44} {ours * 1000:7.0f} ms   raw SQL {raw * 1000:6.0f} ms   {ours / raw:5.1f}x")

        measure("dashboard quick figures (live update)", lambda: dashboard.counts(db), lambda: raw_counts(path))
        measure(
            "dashboard full snapshot (+charts, planner)",
            lambda: dashboard.snapshot(db),
            lambda: (raw_counts(path), raw_report(path, Period(today - timedelta(days=29), today))),
        )
        measure("report, last month", lambda: reports.build(db, period=month), lambda: raw_report(path, month))
        measure("report, last 90 days", lambda: reports.build(db, period=quarter), lambda: raw_report(path, quarter))
        for q in ("TB3000054321", "收件人42", "4321", "ZTO7000050013", "ZTO70000"):
            measure(f"search {q!r}", lambda q=q: search.find(db, q=q), lambda q=q: raw_search(path, q))
        print(f"peak RSS {peak_rss_mb():.0f} MB")
        db.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    main(args.orders, args.repeat)
