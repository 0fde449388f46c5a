"""SQLite changes a table's constraints by copying it (Alembic's batch mode: create the new table,
copy the rows, drop the old one, rename). Two things go wrong on the way, so every migration that
copies `orders` (or a table other rows point at) does it inside `table_copies`:

- with foreign keys enforced, dropping the old copy counts every child row (order_item, shipment…)
  as a violation. The pragma only changes outside a transaction, so the migrations before are
  committed first (their version row with them), and before enforcement returns a full
  `foreign_key_check` proves every reference still holds;
- SQLite does not report expression indexes to SQLAlchemy, so the copy loses them: they are made
  again here (the phone-tail index of migration 0018_scale).

On PostgreSQL tables are altered in place and `table_copies` does nothing.
"""

import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import Connection
from sqlalchemy.exc import SAWarning

EXPRESSION_INDEXES = ("CREATE INDEX IF NOT EXISTS ix_orders_phone_tail ON orders (substr(phone, length(phone) - 3))",)


def _foreign_keys(bind: Connection, *, on: bool) -> None:
    if on:
        problems = bind.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise RuntimeError(f"a table copy broke foreign keys: {problems[:5]}")
    bind.exec_driver_sql("COMMIT")
    bind.exec_driver_sql(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    bind.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def table_copies(bind: Connection) -> Iterator[None]:
    if bind.dialect.name != "sqlite":
        yield
        return
    _foreign_keys(bind, on=False)
    with warnings.catch_warnings():
        # SQLAlchemy says so when it reflects the table to copy it; the index is made again below,
        # so a first start need not print a warning the seller can do nothing about
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based index", SAWarning)
        yield
    for statement in EXPRESSION_INDEXES:
        bind.exec_driver_sql(statement)
    _foreign_keys(bind, on=True)
