"""What an import has passed so far, kept on disk: the order numbers (and the row each first came
on) and the shipped-elsewhere waybill numbers (and the order each went out with).

A million-order export would hold a million order numbers and some 200,000 waybill numbers in
dicts (well over 100 MB, growing with the file); here they go to throwaway SQLite files in the
temp folder (a small page cache, so memory stays flat whatever the file's length), asked once
per chunk. Which database the shop runs on does not matter: these files are the importer's own
scratch paper and are deleted when the import ends.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from types import TracebackType
from typing import Any


class _Scratch:
    def __init__(self, schema: str) -> None:
        handle, self._path = tempfile.mkstemp(prefix="waybill-import-", suffix=".db")
        os.close(handle)
        # one thread at a time, not always the one that made it (plan.planned decides in a thread)
        self._conn = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False)
        self._conn.execute("PRAGMA journal_mode=OFF")
        self._conn.execute("PRAGMA synchronous=OFF")
        self._conn.execute("PRAGMA cache_size=-4096")  # 4 MB
        self._conn.execute(schema)

    def _add(self, sql: str, rows: list[Any]) -> None:
        if rows:
            self._conn.execute("BEGIN")
            self._conn.executemany(sql, rows)
            self._conn.execute("COMMIT")

    def close(self) -> None:
        self._conn.close()
        try:
            os.remove(self._path)
        except OSError:
            pass

    def __enter__(self) -> _Scratch:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


class SeenOrders(_Scratch):
    """The order numbers passed so far, with the row each first came on."""

    def __init__(self) -> None:
        super().__init__("CREATE TABLE seen (order_no TEXT PRIMARY KEY, row INTEGER) WITHOUT ROWID")

    def first_rows(self, order_nos: list[str]) -> dict[str, int]:
        """order no → the row it first came on, for those already added."""
        return dict(
            self._conn.execute(
                "SELECT order_no, row FROM seen WHERE order_no IN (SELECT value FROM json_each(?))",
                (json.dumps(order_nos),),
            )
        )

    def add(self, rows: list[tuple[str, int]]) -> None:
        self._add("INSERT OR IGNORE INTO seen VALUES (?, ?)", rows)


class FileNumbers(_Scratch):
    """The shipped-elsewhere numbers accepted from this file so far: number → (carrier code, or
    None when not known, order no), for store.refuse_reused."""

    def __init__(self) -> None:
        super().__init__("CREATE TABLE taken (number TEXT, carrier TEXT, order_no TEXT)")
        self._conn.execute("CREATE INDEX taken_number ON taken (number)")

    def __enter__(self) -> FileNumbers:
        return self

    def uses(self, numbers: list[str]) -> dict[str, list[tuple[str | None, str]]]:
        found: dict[str, list[tuple[str | None, str]]] = {}
        for number, carrier, order_no in self._conn.execute(
            "SELECT number, carrier, order_no FROM taken WHERE number IN (SELECT value FROM json_each(?))",
            (json.dumps(numbers),),
        ):
            found.setdefault(number, []).append((carrier, order_no))
        return found

    def add(self, rows: list[tuple[str, str | None, str]]) -> None:
        """(number, carrier, order no) accepted from the chunk just checked."""
        self._add("INSERT INTO taken VALUES (?, ?, ?)", rows)
