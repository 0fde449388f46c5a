"""Multi-row statements for bulk writes on SQLite, in a few fixed sizes.

The driver keeps every distinct SQL text it has prepared in a per-connection cache (128 of them),
and a prepared INSERT of a few hundred rows is a large program. If each batch length made its own
text, every pooled connection would keep up to 128 of them alive for the life of the process (an
order import alone added 20 MB). Cutting rows into power-of-two blocks leaves at most about ten
texts per table and column set, whatever the lengths."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import Connection

T = TypeVar("T")
MAX_VARIABLES = 30_000  # SQLite allows 32,766 per statement
MAX_ROWS = 512


def blocks(rows: Sequence[T], width: int) -> Iterator[Sequence[T]]:
    """`rows` in consecutive blocks whose lengths are powers of two, each within SQLite's limit
    on variables for rows of `width` values."""
    limit = max(1, min(MAX_ROWS, MAX_VARIABLES // width))
    largest = 1 << (limit.bit_length() - 1)
    start, total = 0, len(rows)
    while start < total:
        size = min(largest, 1 << ((total - start).bit_length() - 1))
        yield rows[start : start + size]
        start += size


def driver_of(connection: Connection) -> Any:
    """The DB-API connection under a SQLAlchemy one, for the driver's own executemany (it is
    there while the connection is open; the pool's typing allows None)."""
    driver = connection.connection.driver_connection
    if driver is None:
        raise RuntimeError("the connection is closed")
    return driver


def copy_rows(connection: Connection, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """PostgreSQL: the rows through COPY FROM STDIN on the connection's own transaction (psycopg
    sends them as one stream; several times cheaper than an INSERT per row for thousands of rows).
    Only for plain new rows: COPY fires no ON CONFLICT, so a duplicate key fails the transaction as
    an INSERT would."""
    with driver_of(connection).cursor() as cursor:
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
