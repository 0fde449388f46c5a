"""The order numbers an import has passed so far, and the row each first came on, kept on disk.

A million-order export would hold a million numbers in a dict (over 100 MB); here they go to a
throwaway SQLite file beside the temp folder (a small page cache, so memory stays flat whatever
the file's length), asked once per chunk. Which database the shop runs on does not matter: this
file is the importer's own scratch paper and is deleted when the import ends.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile


class SeenOrders:
    def __init__(self) -> None:
        handle, self._path = tempfile.mkstemp(prefix="waybill-import-", suffix=".db")
        os.close(handle)
        self._conn = sqlite3.connect(self._path, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=OFF")
        self._conn.execute("PRAGMA synchronous=OFF")
        self._conn.execute("PRAGMA cache_size=-4096")  # 4 MB
        self._conn.execute("CREATE TABLE seen (order_no TEXT PRIMARY KEY, row INTEGER) WITHOUT ROWID")

    def first_rows(self, order_nos: list[str]) -> dict[str, int]:
        """order no → the row it first came on, for those already added."""
        return dict(
            self._conn.execute(
                "SELECT order_no, row FROM seen WHERE order_no IN (SELECT value FROM json_each(?))",
                (json.dumps(order_nos),),
            )
        )

    def add(self, rows: list[tuple[str, int]]) -> None:
        self._conn.execute("BEGIN")
        self._conn.executemany("INSERT OR IGNORE INTO seen VALUES (?, ?)", rows)
        self._conn.execute("COMMIT")

    def close(self) -> None:
        self._conn.close()
        try:
            os.remove(self._path)
        except OSError:
            pass
