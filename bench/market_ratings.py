"""Benchmark: carrier ratings and quotes with many shipments.

    .venv/bin/python bench/market_ratings.py [--shipments 100000]

Fills a scratch database with shipments (six tracking events each, some exceptions), then times
`market.carrier_ratings` (cold, and from its two-minute cache) and one `market.quote`, against the
same aggregate queries run straight through sqlite3 in the same run.
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

from waybill_ui.carriers.sandbox import parse
from waybill_ui.db import open_database
from waybill_ui.clock import utcnow
from waybill_ui.sandbox import catalogue as sandbox_catalogue
from waybill_ui.services.market import catalogue
from waybill_ui.services.market import quotes as market

CODES = ["SF", "ZTO", "YTO", "STO", "YD", "JTSD", "EMS", "JD", "DBL"]
PROVINCES = ["广东省", "浙江省", "北京市", "四川省", "新疆维吾尔自治区"]


def fmt(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def fill(path: Path, n: int) -> None:
    rng = random.Random(1)
    now = utcnow()
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany(
            "INSERT INTO orders (id, order_no, buyer_nick, receiver_name, phone, landline, province, city, district, "
            "address, full_address, postcode, items, item_count, amount_fen, postage_fen, buyer_message, seller_memo, "
            "marketplace_status, status, external_carrier, external_number, imported_at, is_demo) VALUES "
            "(?, ?, '', '', '', '', ?, '', '', '', '', '', '', 1, 0, 0, '', '', '', 'shipped', '', '', ?, 0)",
            [(i, f"o{i}", PROVINCES[i % 5], fmt(now)) for i in range(1, n + 1)],
        )
        conn.executemany(
            "INSERT INTO waybill (id, carrier_code, number, status, origin, cost_fen, created_at) "
            "VALUES (?, ?, ?, 'used', 'imported', 0, ?)",
            [(i, CODES[i % 9], f"N{i}", fmt(now)) for i in range(1, n + 1)],
        )
        shipments, events = [], []
        for i in range(1, n + 1):
            shipped = now - timedelta(days=rng.randint(1, 100))
            picked = shipped + timedelta(hours=rng.randint(1, 48))
            delivered = picked + timedelta(days=rng.randint(1, 6)) if i % 4 else None
            shipments.append(
                (
                    i,
                    i,
                    i,
                    CODES[i % 9],
                    f"N{i}",
                    "delivered" if delivered else "in_transit",
                    fmt(shipped),
                    fmt(picked),
                    fmt(delivered) if delivered else None,
                )
            )
            events += [
                (i, fmt(now), "exception" if k == 3 and i % 25 == 0 else "in_transit", f"d{k}", fmt(now))
                for k in range(6)
            ]
        conn.executemany(
            "INSERT INTO shipment (id, order_id, waybill_id, carrier_code, number, status, raw_state, phone_tail, "
            "route_code, sort_name, printed_count, shipped_at, picked_up_at, delivered_at, check_failures, last_error, "
            "alert_flags, cancel_reason, created_by) VALUES (?, ?, ?, ?, ?, ?, '', '', '', '', 0, ?, ?, ?, 0, '', "
            "'[]', '', '')",
            shipments,
        )
        conn.executemany(
            "INSERT INTO tracking_event (shipment_id, event_time, location, text, status, raw_state, "
            "raw_substate, provider, dedupe_key, created_at) VALUES (?, ?, '', '', ?, '', '', '', ?, ?)",
            events,
        )
    conn.close()


def raw(path: Path) -> float:
    since = fmt(utcnow() - timedelta(days=180))
    live = f"s.cancelled_at IS NULL AND s.shipped_at >= '{since}'"
    trouble = "('exception','returning','returned','refused')"
    queries = [
        "SELECT s.carrier_code, o.province, CAST(julianday(date(s.delivered_at,'+8 hours')) - "
        "julianday(date(coalesce(s.picked_up_at, s.shipped_at),'+8 hours')) AS INTEGER), count(*) "
        f"FROM shipment s JOIN orders o ON o.id = s.order_id WHERE {live} AND s.delivered_at IS NOT NULL "
        "GROUP BY 1, 2, 3",
        f"SELECT s.carrier_code, count(*), sum(CASE WHEN s.status IN {trouble} OR EXISTS (SELECT 1 FROM tracking_event "
        f"e WHERE e.shipment_id = s.id AND e.status IN {trouble}) THEN 1 ELSE 0 END), "
        "avg((julianday(s.picked_up_at) - julianday(s.shipped_at)) * 24) FROM shipment s "
        f"WHERE {live} GROUP BY 1",
    ]
    conn = sqlite3.connect(path)
    started = time.perf_counter()
    for sql in queries:
        conn.execute(sql).fetchall()
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "waybill.db"
        db = open_database(f"sqlite:///{path}")
        catalogue.store(
            db, offers=parse.parse_catalogue(json.dumps({"carriers": sandbox_catalogue.catalogue()})), source="sandbox"
        )
        fill(path, n)
        raw_s = raw(path)
        started = time.perf_counter()
        ratings = market.carrier_ratings(db, fresh=True)
        cold_s = time.perf_counter() - started
        started = time.perf_counter()
        market.carrier_ratings(db)
        cached_s = time.perf_counter() - started
        started = time.perf_counter()
        market.quote(db, province="广东", weight_g=1500)
        quote_s = time.perf_counter() - started
        print(f"{n:,} shipments, ZTO rated {ratings['ZTO'].score} from {ratings['ZTO'].delivered:,} delivered")
        print(
            f"ratings cold {cold_s * 1000:.0f} ms (raw SQL {raw_s * 1000:.0f} ms, {cold_s / raw_s:.1f}x), "
            f"cached {cached_s * 1000:.2f} ms; one quote {quote_s * 1000:.1f} ms"
        )
        db.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shipments", type=int, default=100_000)
    main(parser.parse_args().shipments)
