"""The sandbox platform's own memory (a separate SQLite file, as a real carrier has its own
systems): issued numbers per purchase order, numbers' states, and parcels' start times."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from waybill_ui import clock
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS counters (carrier TEXT PRIMARY KEY, next_seq INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS orders (
    order_ref TEXT PRIMARY KEY, carrier TEXT NOT NULL, start_seq INTEGER NOT NULL,
    quantity INTEGER NOT NULL, validity_days INTEGER NOT NULL, created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS number_state (
    number TEXT PRIMARY KEY, carrier TEXT NOT NULL, status TEXT NOT NULL, expires_at REAL);
CREATE TABLE IF NOT EXISTS parcels (
    number TEXT PRIMARY KEY, carrier TEXT NOT NULL, t0 REAL NOT NULL, to_text TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS interceptions (
    number TEXT PRIMARY KEY, carrier TEXT NOT NULL, kind TEXT NOT NULL, address TEXT NOT NULL,
    at_hours REAL NOT NULL, ref TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS subscriptions (
    number TEXT PRIMARY KEY, carrier TEXT NOT NULL, callback TEXT NOT NULL, salt TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL, pushed INTEGER NOT NULL DEFAULT 0, month TEXT NOT NULL, month_count INTEGER NOT NULL);
"""


class SandboxStore:
    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.executescript(SCHEMA)
        self._parcels: dict[str, tuple[float, str]] = {}

    def close(self) -> None:
        self._conn.close()

    def order(self, *, order_ref: str, carrier: str, quantity: int, validity_days: int) -> tuple[int, int, float]:
        """(start_seq, quantity, created_at) of a purchase order, reserving its range on first call.
        Asking again with the same reference returns the same range: issuing is idempotent."""
        with self._lock:
            row = self._conn.execute(
                "SELECT carrier, start_seq, quantity, created_at FROM orders WHERE order_ref=?", (order_ref,)
            ).fetchone()
            if row:
                if row[0] != carrier:
                    raise ValueError("order reference used for another carrier")
                return row[1], row[2], row[3]
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                current = self._conn.execute("SELECT next_seq FROM counters WHERE carrier=?", (carrier,)).fetchone()
                start = current[0] if current else 0
                self._conn.execute(
                    "INSERT OR REPLACE INTO counters(carrier, next_seq) VALUES (?, ?)", (carrier, start + quantity)
                )
                now = clock.epoch()
                self._conn.execute(
                    "INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?)",
                    (order_ref, carrier, start, quantity, validity_days, now),
                )
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            return start, quantity, now

    def issued_count(self, carrier: str) -> int:
        row = self._conn.execute("SELECT next_seq FROM counters WHERE carrier=?", (carrier,)).fetchone()
        return row[0] if row else 0

    def order_of_seq(self, carrier: str, seq: int) -> tuple[str, float, int] | None:
        """(order_ref, created_at, validity_days) of the order that got this number."""
        row = self._conn.execute(
            "SELECT order_ref, created_at, validity_days FROM orders WHERE carrier=? AND start_seq<=? "
            "AND start_seq+quantity>? LIMIT 1",
            (carrier, seq, seq),
        ).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def number_state(self, number: str) -> tuple[str, float | None] | None:
        row = self._conn.execute("SELECT status, expires_at FROM number_state WHERE number=?", (number,)).fetchone()
        return (row[0], row[1]) if row else None

    def set_number_state(self, number: str, carrier: str, status: str, expires_at: float | None) -> None:
        with self._lock:
            self._conn.execute(
                "INSERT OR REPLACE INTO number_state VALUES (?, ?, ?, ?)", (number, carrier, status, expires_at)
            )

    def parcel(self, number: str, carrier: str, to_text: str) -> tuple[float, str]:
        """(t0, to_text) of a parcel; it enters the network the first time anyone asks about it."""
        cached = self._parcels.get(number)
        if cached:
            return cached
        with self._lock:
            row = self._conn.execute("SELECT t0, to_text FROM parcels WHERE number=?", (number,)).fetchone()
            if row is None:
                row = (clock.epoch(), to_text)
                self._conn.execute("INSERT INTO parcels VALUES (?, ?, ?, ?)", (number, carrier, row[0], to_text))
            self._parcels[number] = (row[0], row[1])
            return row[0], row[1]

    def enter(self, number: str, carrier: str, to_text: str, t0: float) -> None:
        """A parcel that entered the network at `t0` (the demo's past shipments): its life is told
        from then on, as if it had been asked about since."""
        with self._lock:
            self._conn.execute("INSERT OR REPLACE INTO parcels VALUES (?, ?, ?, ?)", (number, carrier, t0, to_text))
            self._parcels[number] = (t0, to_text)

    def parcel_known(self, number: str) -> bool:
        if number in self._parcels:
            return True
        return self._conn.execute("SELECT 1 FROM parcels WHERE number=?", (number,)).fetchone() is not None

    def interception(self, number: str) -> tuple[str, str, float, str] | None:
        """(kind, address, simulated hour it was stopped at, reference) of an intercepted parcel."""
        row = self._conn.execute(
            "SELECT kind, address, at_hours, ref FROM interceptions WHERE number=?", (number,)
        ).fetchone()
        return (row[0], row[1], row[2], row[3]) if row else None

    def intercept(self, number: str, carrier: str, kind: str, address: str, at_hours: float, ref: str) -> None:
        with self._lock:
            self._conn.execute(
                "INSERT OR IGNORE INTO interceptions VALUES (?, ?, ?, ?, ?, ?)",
                (number, carrier, kind, address, at_hours, ref),
            )

    # -- push subscriptions (Kuaidi100's /poll, see sandbox/push.py) ---------------------------

    def subscription(self, number: str) -> tuple[Any, ...] | None:
        """(carrier, callback, salt, status, pushed, month, month_count) or None."""
        return self._conn.execute(
            "SELECT carrier, callback, salt, status, pushed, month, month_count FROM subscriptions WHERE number=?",
            (number,),
        ).fetchone()

    def save_subscription(
        self,
        number: str,
        carrier: str,
        callback: str,
        salt: str,
        status: str,
        pushed: int,
        month: str,
        month_count: int,
    ) -> None:
        with self._lock:
            self._conn.execute(
                "INSERT OR REPLACE INTO subscriptions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (number, carrier, callback, salt, status, pushed, month, month_count),
            )

    def active_subscriptions(self) -> list[tuple[str, str, str, str, int]]:
        """(number, carrier, callback, salt, pushed) of every parcel still pushed."""
        return self._conn.execute(
            "SELECT number, carrier, callback, salt, pushed FROM subscriptions WHERE status='polling'"
        ).fetchall()

    def mark_pushed(self, rows: list[tuple[str, int, str]]) -> None:
        """(number, pushed count, status) after pushes the app acknowledged."""
        with self._lock:
            self._conn.executemany(
                "UPDATE subscriptions SET pushed=?, status=? WHERE number=?",
                [(count, status, number) for number, count, status in rows],
            )
