"""The embedded network's e-waybill desk: prepaid quota per account, one number per order code
(asking again with the same code gives the same number: "already issued"), cancel before
pickup, reprint counting. Kept in the sandbox's own SQLite file, beside the market's orders."""

from __future__ import annotations

from dataclasses import dataclass

from waybill_ui import clock
from waybill_ui.sandbox import numbers as nums
from waybill_ui.sandbox import timeline

SCHEMA = """
CREATE TABLE IF NOT EXISTS ew_quota (account TEXT PRIMARY KEY, balance INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS ew_suspended (account TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS ew_topups (order_ref TEXT PRIMARY KEY, carrier TEXT NOT NULL, quantity INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS ew_orders (
    account TEXT NOT NULL, order_code TEXT NOT NULL, carrier TEXT NOT NULL, number TEXT NOT NULL,
    status TEXT NOT NULL, kd_order TEXT NOT NULL, task_id TEXT NOT NULL, reprints INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL, to_text TEXT NOT NULL DEFAULT '', PRIMARY KEY (account, order_code));
"""
START_QUOTA = 2000  # what a new account finds on its balance (as if bought at the outlet)
REPRINT_LIMIT, REPRINT_WINDOW_S = 10, 2 * 86400
UNSERVED_MARK = "不派送"  # an address containing this is outside the carrier's service area


@dataclass
class Issued:
    number: str
    route_code: str
    sort_name: str
    package_name: str
    kd_order: str
    task_id: str
    already: bool


class Refused(Exception):
    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


class EorderDesk:
    def __init__(self, sandbox):
        self.sandbox = sandbox
        self.store = sandbox.store
        self.store._conn.executescript(SCHEMA)

    def _balance(self, account: str) -> int:
        row = self.store._conn.execute("SELECT balance FROM ew_quota WHERE account=?", (account,)).fetchone()
        return row[0] if row else START_QUOTA

    def balance(self, account: str) -> int:
        return self._balance(account)

    def suspend(self, account: str) -> None:
        """The outlet stops the account (wrong password, unpaid…): new issues are refused."""
        with self.store._lock:
            self.store._conn.execute("INSERT OR IGNORE INTO ew_suspended VALUES (?)", (account,))

    def top_up(self, account: str, count: int) -> int:
        with self.store._lock:
            balance = self._balance(account) + count
            self.store._conn.execute("INSERT OR REPLACE INTO ew_quota VALUES (?, ?)", (account, balance))
            return balance

    def top_up_carrier(self, *, order_ref: str, carrier: str, quantity: int) -> list[str]:
        """A market purchase credits the carrier's e-waybill accounts here, once per purchase order."""
        conn = self.store._conn
        with self.store._lock:
            if conn.execute("SELECT 1 FROM ew_topups WHERE order_ref=?", (order_ref,)).fetchone():
                return []
            accounts = [
                r[0]
                for r in conn.execute(
                    "SELECT account FROM ew_quota WHERE account LIKE ? UNION SELECT account FROM ew_orders WHERE carrier=?",
                    (f"{carrier}:%", carrier),
                )
            ]
            conn.execute("INSERT INTO ew_topups VALUES (?, ?, ?)", (order_ref, carrier, quantity))
            for account in accounts:
                conn.execute(
                    "INSERT OR REPLACE INTO ew_quota VALUES (?, ?)", (account, self._balance(account) + quantity)
                )
        return accounts

    def issue(
        self, *, account: str, order_code: str, carrier: str, province: str, city: str, district: str, address: str
    ) -> Issued:
        conn = self.store._conn
        row = conn.execute(
            "SELECT number, kd_order, task_id, to_text FROM ew_orders WHERE account=? AND order_code=?",
            (account, order_code),
        ).fetchone()
        if row:
            return self._answer(carrier, row[0], row[3], row[1], row[2], already=True)
        if conn.execute("SELECT 1 FROM ew_suspended WHERE account=?", (account,)).fetchone():
            raise Refused("account", "电子面单账号已停用或密码错误，请联系网点核对")
        if UNSERVED_MARK in address or not province:
            raise Refused("address", "收件地址超区，不在服务范围")
        with self.store._lock:
            again = conn.execute(
                "SELECT number FROM ew_orders WHERE account=? AND order_code=?", (account, order_code)
            ).fetchone()
            if again is None:
                balance = self._balance(account)
                if balance <= 0:
                    raise Refused("quota", "电子面单余额不足，请联系网点充值")
                conn.execute("BEGIN IMMEDIATE")
                try:
                    current = conn.execute("SELECT next_seq FROM counters WHERE carrier=?", (carrier,)).fetchone()
                    seq = current[0] if current else 0
                    conn.execute("INSERT OR REPLACE INTO counters(carrier, next_seq) VALUES (?, ?)", (carrier, seq + 1))
                    number = nums.number_at(self.sandbox.config.seed, carrier, seq)
                    kd_order, task_id = f"KD{seq:010d}{carrier}", f"T{seq:012d}{carrier}"
                    conn.execute(
                        "INSERT INTO ew_orders VALUES (?, ?, ?, ?, 'issued', ?, ?, 0, ?, ?)",
                        (
                            account,
                            order_code,
                            carrier,
                            number,
                            kd_order,
                            task_id,
                            clock.epoch(),
                            f"{province}|{city}|{district}",
                        ),
                    )
                    conn.execute("INSERT OR REPLACE INTO ew_quota VALUES (?, ?)", (account, balance - 1))
                    conn.execute("COMMIT")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
                return self._answer(carrier, number, f"{province}|{city}|{district}", kd_order, task_id, already=False)
        return self.issue(
            account=account,
            order_code=order_code,
            carrier=carrier,
            province=province,
            city=city,
            district=district,
            address=address,
        )

    def _answer(self, carrier: str, number: str, to_text: str, kd_order: str, task_id: str, *, already: bool) -> Issued:
        province, city, district = (to_text.split("|") + ["", "", ""])[:3]
        route_code, sort_name = nums.routing(carrier, number, province, city, district)
        return Issued(
            number=number,
            route_code=route_code,
            sort_name=sort_name,
            package_name=f"{(city or province).rstrip('市')}集包",
            kd_order=kd_order,
            task_id=task_id,
            already=already,
        )

    def _picked_up(self, number: str, carrier: str) -> bool:
        if not self.store.parcel_known(number):
            return False
        t0, to_text = self.store.parcel(number, carrier, "")
        elapsed_h = (clock.epoch() - t0) * self.sandbox.config.speed / 3600
        return bool(timeline.visible(timeline.build(self.sandbox.config.seed, number, to_text), elapsed_h))

    def cancel(self, *, account: str, number: str, order_code: str = "", kd_order: str = "") -> None:
        conn = self.store._conn
        row = conn.execute(
            "SELECT order_code, carrier, status, kd_order FROM ew_orders WHERE account=? AND number=?",
            (account, number),
        ).fetchone()
        if row is None or (order_code and row[0] != order_code) or (kd_order and row[3] != kd_order):
            raise Refused("not_found", "单号不存在或不属于该账号")
        if row[2] == "cancelled":
            return
        if self._picked_up(number, row[1]):
            raise Refused("picked_up", "该单号已揽收，不能取消")
        with self.store._lock:
            conn.execute("UPDATE ew_orders SET status='cancelled' WHERE account=? AND number=?", (account, number))
            conn.execute("INSERT OR REPLACE INTO ew_quota VALUES (?, ?)", (account, self._balance(account) + 1))

    def reprint(self, *, account: str, task_id: str) -> str:
        conn = self.store._conn
        with self.store._lock:
            row = conn.execute(
                "SELECT number, reprints, created_at FROM ew_orders WHERE account=? AND task_id=?", (account, task_id)
            ).fetchone()
            if row is None:
                raise Refused("not_found", "任务不存在")
            if clock.epoch() - row[2] > REPRINT_WINDOW_S:
                raise Refused("reprint_limit", "超过2天，不能补打")
            if row[1] >= REPRINT_LIMIT:
                raise Refused("reprint_limit", "补打次数已用完（最多10次）")
            conn.execute("UPDATE ew_orders SET reprints=reprints+1 WHERE account=? AND task_id=?", (account, task_id))
        return row[0]
