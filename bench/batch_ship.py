"""Batch ship 10,000 orders (carrier by the matching rules, allocate, bind, mark shipped, audit)
vs the raw SQL equivalent on the same data, measured in the same run.

    .venv/bin/python bench/batch_ship.py [--orders 10000] [--runs 3]

Targets (docs/benchmarks.md): ≤ 1 s and ≤ 5× the raw SQL.
"""

from __future__ import annotations

import argparse
import gc
import json
import sqlite3

from _common import emit_json, fresh_db, peak_rss_mb, summary, timed
from _common import result as figure


def prepare(orders: int):
    from tests.fixtures.shop import add_orders, add_stock, seed_catalogue
    from waybill_ui.db.models import MatchingRule

    db, path = fresh_db()
    seed_catalogue(db)
    with db.write() as session:  # a realistic rule set in front of the scoring fallback
        session.add(MatchingRule(position=1, provinces=["新疆维吾尔自治区", "西藏自治区"], carrier_code="EMS"))
        session.add(MatchingRule(position=2, message_keywords=["顺丰"], carrier_code="SF"))
    add_stock(db, "ZTO", orders + 2000)
    add_stock(db, "EMS", orders // 10 + 100)
    add_stock(db, "SF", orders // 20 + 100)
    # 85 % decided by the scoring fallback, 10 % by the province rule, 5 % by the message rule
    order_nos = add_orders(db, orders - orders // 10 - orders // 20, prefix="88")
    order_nos += add_orders(db, orders // 10, prefix="77", province="新疆维吾尔自治区", city="乌鲁木齐市")
    order_nos += add_orders(db, orders // 20, prefix="66", buyer_message="请发顺丰，谢谢")
    return db, path, order_nos


def raw_equivalent(path, order_count: int) -> float:
    """The same work in plain SQL: take numbers, insert shipments, mark orders, two audit rows each."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    now = "2026-11-01 00:00:00.000000"

    def work() -> None:
        conn.execute("BEGIN IMMEDIATE")
        rows = conn.execute(
            "SELECT id, order_no, phone, province, buyer_message FROM orders WHERE status = 'pending' ORDER BY id"
        ).fetchall()
        groups: dict[str, list] = {}
        for row in rows:  # the same carriers the rules give, without the rule engine
            code = "EMS" if row[3] == "新疆维吾尔自治区" else "SF" if "顺丰" in row[4] else "ZTO"
            groups.setdefault(code, []).append(row)
        orders, numbers, carriers = [], [], []
        for code, members in groups.items():
            taken = conn.execute(
                "UPDATE waybill SET status = 'used', updated_at = ? WHERE id IN (SELECT id FROM waybill WHERE "
                "carrier_code = ? AND status = 'available' ORDER BY expires_at, id LIMIT ?) RETURNING id, number",
                (now, code, len(members)),
            ).fetchall()
            orders += members
            numbers += taken
            carriers += [code] * len(members)
        before = conn.execute("SELECT coalesce(max(id), 0) FROM shipment").fetchone()[0]
        conn.executemany(
            "INSERT INTO shipment (order_id, waybill_id, carrier_code, number, status, raw_state, phone_tail, route_code, "
            "sort_name, batch_id, printed_count, shipped_at, next_check_at, check_failures, last_error, alert_flags, "
            "cancel_reason, created_by) VALUES (?, ?, ?, ?, 'pending', '', ?, '', '', NULL, 0, ?, ?, 0, '', '[]', '', 'raw')",
            [(o[0], n[0], c, n[1], o[2][-4:], now, now) for o, n, c in zip(orders, numbers, carriers, strict=False)],
        )
        conn.executemany(
            "UPDATE orders SET status = 'shipped', updated_at = ? WHERE id = ?", [(now, o[0]) for o in orders]
        )
        created = conn.execute("SELECT id FROM shipment WHERE id > ?", (before,)).fetchall()
        audits = []
        for (shipment_id,), o, n in zip(created, orders, numbers, strict=False):
            audits.append(
                (now, "raw", "order", o[1], "ship", "pending", "shipped", json.dumps({"shipment_id": shipment_id}))
            )
            audits.append(
                (now, "raw", "waybill", str(n[0]), "use", "available", "used", json.dumps({"order_no": o[1]}))
            )
        conn.executemany(
            "INSERT INTO audit_log (at, actor, entity, entity_id, action, from_status, to_status, reason, "
            "details) VALUES (?, ?, ?, ?, ?, ?, ?, '', ?)",
            audits,
        )
        conn.execute("COMMIT")
        assert len(created) == order_count

    elapsed, _ = timed(work)
    conn.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="end with the figures as one JSON line")
    args = parser.parse_args()
    from waybill_ui.services.shipping import batch as batch_ship

    raw_times, ship_times = [], []
    for _ in range(args.runs):
        db, path, _ = prepare(args.orders)
        db.dispose()
        gc.collect()
        raw_times.append(raw_equivalent(path, args.orders))

        db, _, order_nos = prepare(args.orders)
        ids, _ = batch_ship.ids_for(db, order_nos)
        gc.collect()
        elapsed, result = timed(batch_ship.batch_ship, db, order_ids=ids, actor="bench")
        assert len(result.shipped) == args.orders and not result.failed, result.failed[:3]
        ship_times.append(elapsed)
        db.dispose()
    ratio = min(ship_times) / min(raw_times)
    print(f"orders                 : {args.orders:,} (carriers by 2 rules + the scoring fallback: ZTO, EMS, SF)")
    print(f"raw SQL equivalent     : {summary(raw_times)}")
    print(f"batch_ship             : {summary(ship_times)}")
    print(f"ratio batch/raw (best) : {ratio:.2f}x   target ≤ 5x;  batch target ≤ 1 s")
    print(f"peak RSS               : {peak_rss_mb():.0f} MB")
    if args.json:
        best = min(ship_times)
        emit_json(
            [
                figure(
                    f"batch_ship_{args.orders // 1000}k",
                    best,
                    "s",
                    baseline=min(raw_times),
                    target="≤ 1 s, ≤ 5× raw",
                    ok=best <= 1 and ratio <= 5,
                )
            ]
        )


if __name__ == "__main__":
    main()
