"""What a chunk of the file changes, decided before anything is written (store.write_plan writes it).

Deciding reads the database (which orders exist, where a shipped-elsewhere number is known) and
this file's scratch lists, and runs the rules: a shipped order is left alone, a number that went
out for another order is refused. On PostgreSQL, `planned` decides the next chunk in a thread with
its own read session while the writer stores the one before: otherwise the writer sits idle while
the server works, and the server sits idle while Python decides (docs/scaling.md "Import time").

Deciding from a read session (what is committed) instead of the import's own transaction is safe
here: the import is the only writer while it runs (db/engine.py), and what its earlier chunks wrote
that a later chunk could meet is known from the file itself — an order number again is refused as
a repeat (chunks.without_repeats), and a shipped-elsewhere number again is in FileNumbers.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from waybill_ui.db import Database
from waybill_ui.db.models import OrderStatus, WaybillStatus
from waybill_ui.services.orders.importing.numbers import refuse_reused
from waybill_ui.services.orders.importing.parsing import COL, ORDER_COLUMNS, Parsed, Problem
from waybill_ui.services.orders.importing.seen import FileNumbers

_LOOKUP_CHUNK = 900  # SQLite variables per statement, with room to spare
# The read session's longest wait for a table lock (PostgreSQL). The writer waits on this thread's
# plans, so a read stuck behind the writer's own lock would wait for ever; the import fails instead.
LOCK_TIMEOUT_MS = 30_000


@dataclass
class ChunkPlan:
    new_orders: list[Parsed] = field(default_factory=list)
    updates: list[tuple[Any, ...]] = field(default_factory=list)  # store._UPDATE's parameters
    with_items: list[Parsed] = field(default_factory=list)  # orders written, with item lines
    externals: list[tuple[str, str]] = field(default_factory=list)  # (carrier, number) shipped elsewhere
    audits: list[tuple[str, str, str, str]] = field(default_factory=list)  # (carrier, number, status before, order no)
    status_changes: list[dict[str, Any]] = field(default_factory=list)
    skipped_shipped: list[str] = field(default_factory=list)
    written: list[Parsed] = field(default_factory=list)  # the chunk's orders that were not refused
    empty_table: bool = False  # the shop had no orders: no item lines to replace


def existing_status(session: Session, order_nos: list[str], shop_id: int) -> dict[str, str]:
    """The status of the orders of this shop with these numbers (numbers are unique per shop)."""
    found: dict[str, str] = {}
    conn = session.connection()
    for start in range(0, len(order_nos), _LOOKUP_CHUNK):
        part = order_nos[start : start + _LOOKUP_CHUNK]
        marks = ",".join("?" for _ in part)
        rows = conn.exec_driver_sql(
            f"SELECT order_no, status FROM orders WHERE shop_id = ? AND order_no IN ({marks})", (shop_id, *part)
        )
        found.update(rows.fetchall())
    return found


def plan_chunk(
    lookups: Session,
    chunk: list[Parsed],
    *,
    numbers: FileNumbers,
    now: str,
    shop_id: int,
    empty_table: bool = False,
    on_problem: Callable[[Problem], None] | None = None,
) -> ChunkPlan:
    """`empty_table`: the shop had no orders when this import's transaction began, so nothing can
    exist yet (the parser already merged repeats within the file) and the lookups are skipped.
    Rows refused (a number already used for another order) go to `on_problem`."""
    plan = ChunkPlan(empty_table=empty_table)
    known = {} if empty_table else existing_status(lookups, [p.record[0] for p in chunk], shop_id)
    writable = []
    for parsed in chunk:
        if known.get(parsed.record[0]) == OrderStatus.shipped:
            plan.skipped_shipped.append(parsed.record[0])
        else:
            writable.append(parsed)
    uses, problems = refuse_reused(lookups, writable, numbers, orders_too=not empty_table)
    refused = {p.order_no for p in problems}
    for problem in problems:
        if on_problem is not None:
            on_problem(problem)
    for parsed in writable:
        record = parsed.record
        if record[0] in refused:
            continue
        before = known.get(record[0])
        if before is None:
            plan.new_orders.append(parsed)
        else:
            plan.updates.append(_update_values(record) + (now, record[0], shop_id))
            after = record[COL["status"]]
            if after != before:
                plan.status_changes.append(
                    {
                        "entity": "order",
                        "entity_id": record[0],
                        "action": "import_update",
                        "from_status": before,
                        "to_status": after,
                    }
                )
        if parsed.items:
            plan.with_items.append(parsed)
        number, carrier = record[COL["external_number"]], parsed.carrier_code
        if carrier and number:
            plan.externals.append((carrier, number))
            pool = next((u.status for u in uses.get(number, ()) if u.status is not None and u.carrier == carrier), None)
            if pool is None or pool == WaybillStatus.available:  # newly known, or taken from our pool
                plan.audits.append((carrier, number, pool or "", record[0]))
    plan.written = [p for p in chunk if p.record[0] not in refused]
    return plan


def _update_values(record: tuple[Any, ...]) -> tuple[Any, ...]:
    """The UPDATE's parameters: the record without its order number; phone_ext takes two (see store._set)."""
    values: list[Any] = []
    for column, value in zip(ORDER_COLUMNS[1:], record[1:], strict=True):
        if column == "phone_ext":
            values += [record[COL["phone"]], value]
        else:
            values.append(value)
    return tuple(values)


def planned(
    db: Database,
    chunks: Iterator[list[Parsed]],
    decide: Callable[[Session, list[Parsed]], ChunkPlan],
    *,
    writer: Session,
) -> Iterator[ChunkPlan]:
    """The plans of `chunks` in order. On PostgreSQL each is made (`decide`) one chunk ahead in a
    thread with its own read session: an error there (a file the parser cannot read) is raised
    here, in the writer's transaction; when the writer stops early, the thread stops and closes
    `chunks`. On SQLite the database works inside this process, so a thread would only take
    turns with it for the interpreter lock (the 1M import measured slower): each chunk is
    decided here, on the `writer` session, just before it is written."""
    if not db.is_postgres:
        return _inline(chunks, decide, writer)
    return _ahead(db, chunks, decide)


def _inline(
    chunks: Iterator[list[Parsed]], decide: Callable[[Session, list[Parsed]], ChunkPlan], writer: Session
) -> Iterator[ChunkPlan]:
    try:
        for chunk in chunks:
            yield decide(writer, chunk)
    finally:
        _close(chunks)


def _close(chunks: Iterator[list[Parsed]]) -> None:
    close = getattr(chunks, "close", None)
    if close is not None:
        close()  # the parser process and the scratch files go with it (worker.py, chunks.py)


def _ahead(
    db: Database, chunks: Iterator[list[Parsed]], decide: Callable[[Session, list[Parsed]], ChunkPlan]
) -> Iterator[ChunkPlan]:
    ahead: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def hand(item: tuple[str, Any]) -> bool:
        while not stop.is_set():
            try:
                ahead.put(item, timeout=0.1)  # not a pause: wakes to see whether the writer has gone
                return True
            except queue.Full:
                continue
        return False

    def run() -> None:
        try:
            with db.read() as lookups:  # a lock this read waits on would hold the writer too: fail, not hang
                lookups.connection().exec_driver_sql(f"SET LOCAL lock_timeout = {LOCK_TIMEOUT_MS}")
                for chunk in chunks:
                    if not hand(("plan", decide(lookups, chunk))):
                        return
            hand(("end", None))
        except BaseException as error:  # the writer raises it
            hand(("error", error))
        finally:
            _close(chunks)

    thread = threading.Thread(target=run, daemon=True, name="import-planner")
    thread.start()
    try:
        while True:
            kind, value = ahead.get()
            if kind == "end":
                return
            if kind == "error":
                raise value
            yield value
    finally:
        stop.set()
        thread.join()
