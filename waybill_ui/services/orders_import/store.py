"""Writing parsed orders: set-based SQL on the caller's transaction (one executemany per chunk,
never one ORM object per row), so 100,000 orders stay within a few raw inserts' time."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlmodel import Session

from waybill_ui.carriers import codes
from waybill_ui.db.models import OrderStatus
from waybill_ui.services.orders_import.parsing import COL, ORDER_COLUMNS, Parsed

_INSERT = (f"INSERT INTO orders ({', '.join(ORDER_COLUMNS)}, imported_at, is_demo) "
           f"VALUES ({', '.join('?' for _ in ORDER_COLUMNS)}, ?, 0)")
# A re-import refreshes what the marketplace knows; our weight stays when the file has none, and
# an order that is shipped (here or elsewhere) is never touched again.
_UPDATE = ("UPDATE orders SET " + ", ".join(
    f"{c} = ?" if c != "weight_g" else "weight_g = COALESCE(?, weight_g)" for c in ORDER_COLUMNS[1:])
    + ", updated_at = ? WHERE order_no = ? AND status != 'shipped'")
_EXTERNAL_NUMBER = (
    "INSERT INTO waybill (carrier_code, number, status, origin, cost_fen, created_at, updated_at) "
    "VALUES (?, ?, 'used', 'external', 0, ?, ?) "
    "ON CONFLICT (carrier_code, number) DO UPDATE SET status = 'used', updated_at = excluded.updated_at "
    "WHERE waybill.status = 'available'")
# The carrier table is the provider's catalogue; a number seen in an export may name a carrier the
# catalogue has not listed yet, so a hidden placeholder row keeps the foreign key satisfied.
_PLACEHOLDER_CARRIER = (
    "INSERT OR IGNORE INTO carrier (code, name, prices, transit_days, provinces_excluded, active, source) "
    "VALUES (?, ?, '{}', '{}', '[]', 0, 'import')")
_AUDIT = ("INSERT INTO audit_log (at, actor, entity, entity_id, action, from_status, to_status, reason, details) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, '', ?)")
_LOOKUP_CHUNK = 900  # SQLite variables per statement, with room to spare


@contextmanager
def bulk_cache(session: Session, mb: int = 32) -> Iterator[None]:
    """A larger page cache while thousands of rows go into seven indexes (the default 2 MB makes
    SQLite spill and re-read index pages); back to the default afterwards to keep memory low."""
    conn = session.connection()
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size=-{mb * 1024}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={int(before)}")


@contextmanager
def indexes_built_after(session: Session, table: str = "orders") -> Iterator[None]:
    """For a first import into an empty table: the secondary indexes are dropped and built again
    once the rows are in. SQLite builds an index from sorted keys much faster than it inserts
    100,000 random keys (order no, phone, nick…) one by one into each. All inside the caller's
    transaction, so an error or a crash rolls the drop back with the rows; the UNIQUE index on
    the order number is not touched and guards duplicates throughout."""
    conn = session.connection()
    indexes = conn.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                                   "AND sql IS NOT NULL", (table,)).fetchall()
    for name, _ in indexes:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _, create in indexes:
        conn.exec_driver_sql(create)


@dataclass
class StoreCounts:
    imported: int = 0
    updated: int = 0
    skipped_shipped: list[str] = field(default_factory=list)
    external_numbers: int = 0
    status_changes: list[dict] = field(default_factory=list)


def existing_status(session: Session, order_nos: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    conn = session.connection()
    for start in range(0, len(order_nos), _LOOKUP_CHUNK):
        part = order_nos[start:start + _LOOKUP_CHUNK]
        marks = ",".join("?" for _ in part)
        rows = conn.exec_driver_sql(f"SELECT order_no, status FROM orders WHERE order_no IN ({marks})", tuple(part))
        found.update(rows.fetchall())
    return found


def write_chunk(session: Session, chunk: list[Parsed], *, now: str, counts: StoreCounts, actor: str,
                empty_table: bool = False) -> None:
    """`empty_table`: the shop had no orders when this import's transaction began, so nothing can
    exist yet (the parser already merged repeats within the file) and the lookups are skipped."""
    conn = session.connection()
    known = {} if empty_table else existing_status(session, [p.record[0] for p in chunk])
    new_rows, update_rows, externals, audits = [], [], [], []
    for parsed in chunk:
        record = parsed.record
        before = known.get(record[0])
        if before is None:
            new_rows.append(record + (now,))
        elif before == OrderStatus.shipped:
            counts.skipped_shipped.append(record[0])
            continue
        else:
            update_rows.append(record[1:] + (now, record[0]))
            after = record[COL["status"]]
            if after != before:
                counts.status_changes.append({"entity": "order", "entity_id": record[0], "action": "import_update",
                                              "from_status": before, "to_status": after})
        if parsed.carrier_code and record[COL["external_number"]]:
            externals.append((parsed.carrier_code, record[COL["external_number"]], now, now))
            audits.append((now, actor, "waybill", record[COL["external_number"]], "record_external", "", "used",
                           json.dumps({"carrier": parsed.carrier_code, "order_no": record[0]})))
    if new_rows:
        conn.exec_driver_sql(_INSERT, new_rows)
        counts.imported += len(new_rows)
    if update_rows:
        conn.exec_driver_sql(_UPDATE, update_rows)
        counts.updated += len(update_rows)
    if externals:
        for code in {e[0] for e in externals}:
            conn.exec_driver_sql(_PLACEHOLDER_CARRIER, (code, codes.name_of(code)))
        conn.exec_driver_sql(_EXTERNAL_NUMBER, externals)
        conn.exec_driver_sql(_AUDIT, audits)  # the number is now known as used, and why
        counts.external_numbers += len(externals)


