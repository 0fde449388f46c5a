"""The app's promises (README, docs/architecture.md), checked straight on the database file: never a number handed to two
orders, an order shipped twice, money charged twice, a purchase paid with no numbers and no refund."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def check(db_path: Path, *, settled: bool = True) -> list[str]:
    """Violations found (empty = all good). `settled`: pending purchase syncs had time to finish."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30)
    problems: list[str] = []

    def rows(sql: str) -> list[tuple]:
        return conn.execute(sql).fetchall()

    try:
        for row in rows("SELECT waybill_id, count(*) FROM shipment GROUP BY waybill_id HAVING count(*) > 1"):
            problems.append(f"number (waybill {row[0]}) bound to {row[1]} shipments")
        # one live shipment per order and parcel (a split order has one per parcel, docs/merge-split.md)
        for row in rows(
            "SELECT order_id, parcel_seq, count(*) FROM shipment WHERE cancelled_at IS NULL "
            "GROUP BY order_id, parcel_seq HAVING count(*) > 1"
        ):
            problems.append(f"order {row[0]} has {row[2]} live shipments")
        for row in rows(
            "SELECT merge_group_id, count(*) FROM shipment WHERE cancelled_at IS NULL "
            "AND merge_group_id IS NOT NULL GROUP BY merge_group_id HAVING count(*) > 1"
        ):
            problems.append(f"merged parcel {row[0]} has {row[1]} live shipments")
        # a shipped order has a live shipment with a used number for each of its parcels — its own,
        # or its merge group's one
        for row in rows("""
            SELECT o.order_no FROM orders o
            WHERE o.status = 'shipped' AND o.external_number = ''
              AND (SELECT count(*) FROM shipment s JOIN waybill w ON w.id = s.waybill_id
                   WHERE s.order_id = o.id AND s.cancelled_at IS NULL AND w.status = 'used')
                + (SELECT count(*) FROM shipment s JOIN waybill w ON w.id = s.waybill_id
                   WHERE o.merge_group_id IS NOT NULL AND s.merge_group_id = o.merge_group_id
                     AND s.order_id != o.id AND s.cancelled_at IS NULL AND w.status = 'used')
                  != max(1, (SELECT count(*) FROM order_parcel p WHERE p.order_id = o.id))"""):
            problems.append(f"shipped order {row[0]} lacks exactly one live shipment with a used number")
        for row in rows("""
            SELECT s.id FROM shipment s JOIN orders o ON o.id = s.order_id OR o.merge_group_id = s.merge_group_id
            WHERE s.cancelled_at IS NULL AND o.status != 'shipped'
              AND (SELECT count(*) FROM order_parcel p WHERE p.order_id = s.order_id) = 0"""):
            problems.append(f"live shipment {row[0]} belongs to an order that is not shipped")
        for row in rows("""
            SELECT s.id, w.status FROM shipment s JOIN waybill w ON w.id = s.waybill_id
            WHERE (s.cancelled_at IS NULL AND w.status != 'used') OR (s.cancelled_at IS NOT NULL AND w.status != 'voided')"""):
            problems.append(f"shipment {row[0]} has a number in status {row[1]}")
        for row in rows(
            "SELECT id, status FROM waybill WHERE status = 'used' AND origin IN ('purchase', 'imported') "
            "AND id NOT IN (SELECT waybill_id FROM shipment)"
        ):
            problems.append(f"pool number {row[0]} is used but bound to no shipment")

        # money: every purchase is paid exactly once, refunds never exceed what was paid
        for row in rows("""
            SELECT p.id, p.amount_fen,
                   (SELECT coalesce(-sum(amount_fen), 0) FROM ledger_entry l WHERE l.purchase_id = p.id AND l.kind = 'purchase')
            FROM purchase p WHERE p.status NOT IN ('created', 'rejected')"""):
            if row[1] != row[2]:
                problems.append(f"purchase {row[0]} charged {row[2]} fen for {row[1]}")
        for row in rows("""
            SELECT p.id, p.amount_fen,
                   (SELECT coalesce(sum(amount_fen), 0) FROM ledger_entry l WHERE l.purchase_id = p.id AND l.kind = 'refund')
            FROM purchase p"""):
            if row[2] > row[1]:
                problems.append(f"purchase {row[0]} refunded {row[2]} fen, more than its {row[1]}")
        for row in rows(
            "SELECT id FROM purchase WHERE status IN ('created', 'rejected') AND id IN "
            "(SELECT purchase_id FROM ledger_entry WHERE purchase_id IS NOT NULL AND kind = 'purchase')"
        ):
            problems.append(f"unpaid purchase {row[0]} has a charge")
        for row in rows("""
            SELECT p.id, p.status, p.numbers_count, p.numbers_received,
                   (SELECT count(*) FROM waybill w WHERE w.purchase_id = p.id) FROM purchase p"""):
            pid, status, paid_for, received, stored = row
            if stored != received:
                problems.append(f"purchase {pid} says {received} numbers received but {stored} are in the pool")
            if stored > paid_for:
                problems.append(f"purchase {pid} got {stored} numbers for {paid_for} paid")
            if status == "synced" and stored != paid_for:
                problems.append(f"synced purchase {pid} has {stored} of {paid_for} numbers")
            if settled and status in ("paid", "sync_pending"):
                problems.append(f"purchase {pid} still {status} after recovery")
        for row in rows("""
            SELECT p.id, (p.numbers_count - p.numbers_received) * p.unit_price_fen,
                   (SELECT coalesce(sum(amount_fen), 0) FROM ledger_entry l WHERE l.purchase_id = p.id AND l.kind = 'refund')
            FROM purchase p WHERE p.status = 'refunded'"""):
            if row[2] < row[1]:
                problems.append(f"refunded purchase {row[0]} got {row[2]} fen back for {row[1]} fen of missing numbers")
        balance = conn.execute("SELECT coalesce(sum(amount_fen), 0) FROM ledger_entry").fetchone()[0]
        if balance < 0:
            problems.append(f"balance went below zero: {balance}")
    finally:
        conn.close()
    return problems
