"""Writing parsed orders: set-based SQL on the caller's transaction (one executemany per chunk,
never one ORM object per row), so 100,000 orders stay within a few raw inserts' time."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Connection
from sqlmodel import Session
from typing import Any

from waybill_ui.db import bulk, dialect
from waybill_ui.services.market import catalogue
from waybill_ui.services.accounts import audit
from waybill_ui.services.pool import history as pool_audit
from waybill_ui.services.orders import carrier_key
from waybill_ui.services.orders.importing.parsing import COL, ORDER_COLUMNS, Parsed
from waybill_ui.services.orders.importing.plan import ChunkPlan

# A new order's row: the record, then imported_at, shop_id and its carrier key (new_row()).
_INSERTED = (*ORDER_COLUMNS, "imported_at", "shop_id", "carrier_code", "is_demo")  # COPY's columns (PostgreSQL)
_INSERT = (
    f"INSERT INTO orders ({', '.join(ORDER_COLUMNS)}, imported_at, shop_id, carrier_code, is_demo) "
    f"VALUES ({', '.join('?' for _ in ORDER_COLUMNS)}, ?, ?, ?, FALSE)"
)
# A re-import refreshes what the marketplace knows; our weight stays when the file has none, and
# an order that is shipped (here or elsewhere) is never touched again.
# A file without receiver columns (an item-level export) keeps the receiver we have.
_KEPT_WHEN_EMPTY = frozenset(
    {"receiver_name", "phone", "landline", "province", "city", "district", "address", "full_address", "postcode"}
)


def _set(column: str) -> str:
    if column == "phone_ext":  # goes with the phone: kept when the file has no phone
        return "phone_ext = CASE WHEN ? = '' THEN phone_ext ELSE ? END"
    if column == "weight_g":
        return "weight_g = COALESCE(?, weight_g)"
    if column in _KEPT_WHEN_EMPTY:
        return f"{column} = COALESCE(NULLIF(?, ''), {column})"
    return f"{column} = ?"


_UPDATE = (
    "UPDATE orders SET "
    + ", ".join(_set(c) for c in ORDER_COLUMNS[1:])
    + ", updated_at = ? WHERE order_no = ? AND shop_id = ? AND status != 'shipped'"
)
# This chunk's shipped-elsewhere numbers as one set-based upsert (one plan and round trip, not
# one INSERT per number): a number our pool holds free is taken, a used one stays as it is. The
# rows it returns (new, or taken from the pool) are those whose history _audit_external writes.
_EXTERNAL_NUMBERS = (
    "INSERT INTO waybill (carrier_code, number, status, origin, cost_fen, created_at, updated_at) "
    "SELECT a, b, 'used', 'external', 0, {now}, {now} FROM ({pairs}) AS file_numbers WHERE true "
    "ON CONFLICT (carrier_code, number) DO UPDATE SET status = 'used', updated_at = excluded.updated_at "
    "WHERE waybill.status = 'available' RETURNING carrier_code, number, id"
)
# An order's items as the file lists them replace what an earlier import stored (order_item).
_ORDER_IDS = "SELECT order_no, id FROM orders WHERE shop_id = ?1 AND order_no IN ({numbers})"
_NEW_IDS = "SELECT order_no, id FROM orders WHERE id > ?"
_DROP_ITEMS = "DELETE FROM order_item WHERE order_id IN ({ids})"
_HAS_ITEMS = "SELECT DISTINCT order_id FROM order_item WHERE order_id IN ({ids})"
_ITEM_COLUMNS = ("order_id", "sku", "title", "spec", "quantity", "location")
_INSERT_ITEM = "INSERT INTO order_item (order_id, sku, title, spec, quantity, location) VALUES (?, ?, ?, ?, ?, '')"


@contextmanager
def bulk_cache(session: Session, mb: int = 32) -> Iterator[None]:
    """A larger page cache while thousands of rows go into seven indexes (the default 2 MB makes
    SQLite spill and re-read index pages); back to the default afterwards to keep memory low."""
    conn = session.connection()
    if dialect.is_postgres(conn):  # the server's shared buffers do this job
        yield
        return
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
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
    if dialect.is_postgres(conn):  # every index but those behind a constraint (key, unique order no)
        indexes = conn.exec_driver_sql(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ? AND indexname "
            "NOT IN (SELECT conname FROM pg_constraint)",
            (table,),
        ).fetchall()
    else:
        indexes = conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", (table,)
        ).fetchall()
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
    status_changes: list[dict[str, Any]] = field(default_factory=list)


def _record_external(session: Session, numbers: list[tuple[str, str]], *, now: str) -> dict[tuple[str, str], int]:
    """Upserts (carrier, number) pairs (see _EXTERNAL_NUMBERS); returns the id of each number that
    was added or taken from the pool."""
    kind = dialect.name(session)
    sql = _EXTERNAL_NUMBERS.format(now=dialect.stored_time(kind, "?2"), pairs=dialect.json_pairs(kind, "?1"))
    rows = session.connection().exec_driver_sql(sql, (json.dumps(sorted(set(numbers))), now))
    return {(carrier, number): waybill_id for carrier, number, waybill_id in rows}


def _audit_external(
    session: Session, rows: list[tuple[str, str, str, str]], ids: dict[tuple[str, str], int], *, actor: str
) -> None:
    """(carrier, number, status before, order no) → one history row each, naming its order."""
    audit.record_many(
        session,
        (
            {
                "entity": pool_audit.ENTITY,
                "entity_id": pool_audit.key(carrier, number),
                "action": "record_external",
                "from_status": before,
                "to_status": "used",
                "reason": f"order {order_no}",
                "details": {"carrier": carrier, "order_no": order_no, "waybill_id": ids.get((carrier, number))},
            }
            for carrier, number, before, order_no in rows
        ),
        actor=actor,
    )


def write_plan(session: Session, plan: ChunkPlan, *, now: str, counts: StoreCounts, actor: str, shop_id: int) -> None:
    """Store what plan.plan_chunk decided for a chunk, on the import's transaction."""
    conn = session.connection()
    counts.skipped_shipped += plan.skipped_shipped
    counts.status_changes += plan.status_changes
    new_ids: dict[str, int] = {}  # order no → id of the orders inserted just now
    if plan.new_orders:
        before = conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM orders").scalar_one()
        rows = [new_row(p.record, now=now, shop_id=shop_id) for p in plan.new_orders]
        if dialect.is_postgres(conn):  # the same rows, streamed (db/bulk.py)
            bulk.copy_rows(conn, "orders", _INSERTED, [(*row, False) for row in rows])
        else:
            conn.exec_driver_sql(_INSERT, rows)
        if plan.with_items:
            # by the key's range, not by number: this transaction is the only writer (db/engine.py)
            new_ids = dict(conn.exec_driver_sql(_NEW_IDS, (int(before),)).fetchall())
        counts.imported += len(plan.new_orders)
    if plan.updates:
        conn.exec_driver_sql(_UPDATE, plan.updates)
        carrier_key.refresh_orders(session, shop_id, [r[-2] for r in plan.updates])
        counts.updated += len(plan.updates)
    if plan.with_items:
        _write_items(conn, plan.with_items, replace=not plan.empty_table, shop_id=shop_id, new_ids=new_ids)
    if plan.externals:
        for code in {e[0] for e in plan.externals}:
            catalogue.ensure_carrier(session, code, source="import")
        ids = _record_external(session, plan.externals, now=now)
        if plan.audits:  # the number's history, in pool_audit's form (after the upsert: new rows have their id)
            _audit_external(session, plan.audits, ids, actor=actor)
        counts.external_numbers += len(plan.externals)


def new_row(record: tuple[Any, ...], *, now: str, shop_id: int) -> tuple[Any, ...]:
    """_INSERT's parameters. A new order has no shipment yet: its key for the list's carrier
    filter is that of its external carrier alone (carrier_key.of_external)."""
    return (*record, now, shop_id, carrier_key.of_external(record[COL["external_carrier"]]))


def _write_items(conn: Connection, rows: list[Parsed], *, replace: bool, shop_id: int, new_ids: dict[str, int]) -> None:
    """The 宝贝明细 of the written orders (the packing station's pick list and item checks). Lines
    with a 商家编码 replace what an earlier import stored; an order-level export without one (only
    宝贝标题 + 宝贝总数量) fills orders that have no items yet and never overwrites better ones."""
    kind = dialect.name(conn)
    as_ids = dialect.json_ids(kind, cast="bigint")
    ids = {p.record[0]: new_ids[p.record[0]] for p in rows if p.record[0] in new_ids}  # order no → id
    earlier = [p.record[0] for p in rows if p.record[0] not in new_ids]  # orders stored before: may have items
    old: dict[str, int] = {}
    if earlier:
        old = dict(
            conn.exec_driver_sql(
                _ORDER_IDS.format(numbers=dialect.json_ids(kind, "?2")), (shop_id, json.dumps(earlier))
            ).fetchall()
        )
        ids.update(old)
    keep: set[int] = set()
    if replace and old:
        coded = [old[p.record[0]] for p in rows if p.record[0] in old and any(item[0] for item in p.items)]
        if coded:
            conn.exec_driver_sql(_DROP_ITEMS.format(ids=as_ids), (json.dumps(coded),))
        keep = {i for (i,) in conn.exec_driver_sql(_HAS_ITEMS.format(ids=as_ids), (json.dumps(list(old.values())),))}
    values = [
        (ids[p.record[0]], *item)
        for p in rows
        if p.record[0] in ids and ids[p.record[0]] not in keep
        for item in p.items
    ]
    if values and kind == "postgresql":
        bulk.copy_rows(conn, "order_item", _ITEM_COLUMNS, [(*v, "") for v in values])
    elif values:
        conn.exec_driver_sql(_INSERT_ITEM, values)
