"""Keyset ("seek") pagination and estimated counts for the long lists (orders, pool numbers).

An OFFSET page costs as much as every row before it (page 20,000 of a million orders reads a
million index entries); a keyset page starts where the last one ended — `(sort value, id)` after
the cursor's — and costs the same at any depth, given an index on `(sort column, id)`.

The order of a list is (sort column, id) in the chosen direction, with the rows whose sort value
is NULL after all the others (ordered by id in the same direction). SQLite and PostgreSQL place
NULLs differently, so a page is read in at most two segments, each a plain index range:
non-NULL values first, then the NULL ones. A cursor names the row a page continues from and
whether it goes forward (next page) or backward (previous page); it is opaque to callers
(URL-safe base64 of JSON) and tied to its sort, so a cursor from another sort is refused.

`estimated_count` counts exactly up to a cap and beyond it estimates from a few evenly spread
id ranges (a page shows "约 N" then): an exact count of half a million matches costs more than
the page itself.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import text

COUNT_CAP = 1_000  # exact counts up to here
_SAMPLES = 10  # id windows for an estimate
_WINDOW = 1_000


class BadCursor(ValueError):
    """A cursor that is not ours, or belongs to another sort."""


@dataclass(frozen=True)
class Cursor:
    sort: str  # sort name and direction it belongs to
    descending: bool
    value: object  # the sort value of the row it names (None: a NULL value)
    row_id: int
    backward: bool = False  # True: the page before this row (previous page)

    def encode(self) -> str:
        raw = json.dumps(
            [self.sort, self.descending, _plain(self.value), self.row_id, self.backward],
            ensure_ascii=False,
            separators=(",", ":"),
        )
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str, *, sort: str, descending: bool) -> Cursor:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            s, d, value, row_id, backward = json.loads(raw)
        except (ValueError, TypeError, binascii.Error) as exc:
            raise BadCursor(token) from exc
        if s != sort or bool(d) != descending or not isinstance(row_id, int):
            raise BadCursor(token)
        return cls(s, bool(d), value, row_id, bool(backward))


def _plain(value: object) -> object:
    """A sort value as JSON: times as the UTC text SQLite stores (PostgreSQL casts it back)."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value.isoformat(" ", "microseconds")
    return value


@dataclass(frozen=True)
class Segment:
    """One index range of a page: extra WHERE clause, its parameters, ORDER BY."""

    where: str
    params: dict
    order_by: str


def segments(
    column: str,
    id_column: str,
    *,
    descending: bool,
    cursor: Cursor | None,
    nullable: bool = True,
    fixed: bool = False,
) -> list[Segment]:
    """The index ranges to read, in reading order, for the page after (or before) `cursor`.
    Backward pages read in the reverse order; the caller reverses the rows it got.

    `fixed`: the list's filter holds the sort column to one value (sort by status within one
    status), so every row ties and the order is the id's alone: the page reads the filter's own
    `(value, id)` index from the cursor's id on instead of comparing (value, id) pairs, which
    both engines answer by reading the whole tie run up to the cursor."""
    backward = bool(cursor and cursor.backward)
    down = descending != backward  # the direction rows are read in
    op, way = ("<", "DESC") if down else (">", "ASC")
    if fixed:
        if cursor is None:
            return [Segment("1 = 1", {}, f"{id_column} {way}")]
        return [Segment(f"{id_column} {op} :ks_id", {"ks_id": cursor.row_id}, f"{id_column} {way}")]
    in_values = Segment(f"{column} IS NOT NULL", {}, f"{column} {way}, {id_column} {way}")
    in_nulls = Segment(f"{column} IS NULL", {}, f"{id_column} {way}")
    # forward: values, then NULLs; backward: NULLs, then values
    parts = [in_values, in_nulls] if not backward else [in_nulls, in_values]
    if not nullable:
        parts = [in_values]
    if cursor is None:
        return parts
    params = {"ks_v": cursor.value, "ks_id": cursor.row_id}
    if cursor.value is None:  # inside the NULL run
        after_null = Segment(
            f"{column} IS NULL AND {id_column} {op} :ks_id", {"ks_id": cursor.row_id}, in_nulls.order_by
        )
        return [after_null] if not backward else [after_null, in_values]
    after_value = Segment(
        f"{column} IS NOT NULL AND ({column}, {id_column}) {op} (:ks_v, :ks_id)", params, in_values.order_by
    )
    if not nullable:
        return [after_value]
    return [after_value, in_nulls] if not backward else [after_value]


@dataclass
class KeysetPage:
    rows: list
    next_cursor: str | None
    prev_cursor: str | None


def read_page(
    fetch: Callable[[Segment, int], Sequence],
    *,
    sort: str,
    descending: bool,
    cursor: Cursor | None,
    size: int,
    key: Callable[[object], tuple[object, int]],
    column: str,
    id_column: str,
    nullable: bool = True,
    fixed: bool = False,
) -> KeysetPage:
    """`fetch(segment, limit)` runs one segment; `key(row)` is (sort value, id) of a row."""
    rows: list = []
    for segment in segments(column, id_column, descending=descending, cursor=cursor, nullable=nullable, fixed=fixed):
        rows += fetch(segment, size + 1 - len(rows))
        if len(rows) > size:
            break
    more = len(rows) > size
    rows = rows[:size]
    backward = bool(cursor and cursor.backward)
    if backward and not more:  # back at the start: the first page, full
        return read_page(
            fetch,
            sort=sort,
            descending=descending,
            cursor=None,
            size=size,
            key=key,
            column=column,
            id_column=id_column,
            nullable=nullable,
            fixed=fixed,
        )
    if backward:
        rows.reverse()

    def at(row, back: bool) -> str:
        value, row_id = key(row)
        return Cursor(sort, descending, value, row_id, back).encode()

    has_next = (more if not backward else True) and bool(rows)
    has_prev = (cursor is not None if not backward else more) and bool(rows)
    return KeysetPage(rows, at(rows[-1], False) if has_next else None, at(rows[0], True) if has_prev else None)


def list_page(
    fetch: Callable[..., Sequence],
    count: Callable[[Segment], int],
    *,
    sort: str,
    descending: bool,
    page: int,
    cursor: Cursor | None,
    size: int,
    key: Callable[[object], tuple[object, int]],
    column: str,
    id_column: str,
    nullable: bool = True,
    fixed: bool = False,
) -> KeysetPage:
    """One page of a long list (the orders, the pool's numbers): by `cursor`, or the first page, read
    by keyset; a page number past the first by OFFSET, answering a cursor to go on from it.
    `fetch(segment, limit, offset=0)` runs one segment; `key(row)` is (sort value, id) of a row."""
    if cursor is None and page > 1:
        rows = offset_rows(
            fetch,
            count,
            column=column,
            id_column=id_column,
            descending=descending,
            offset=(page - 1) * size,
            size=size,
            nullable=nullable,
            fixed=fixed,
        )
        found = KeysetPage(rows[:size], None, None)
        if len(rows) > size:
            value, last_id = key(rows[size - 1])
            found.next_cursor = Cursor(sort, descending, value, last_id).encode()
        return found
    return read_page(
        fetch,
        sort=sort,
        descending=descending,
        cursor=cursor,
        size=size,
        key=key,
        column=column,
        id_column=id_column,
        nullable=nullable,
        fixed=fixed,
    )


def offset_rows(
    fetch: Callable[[Segment, int, int], Sequence],
    count: Callable[[Segment], int],
    *,
    column: str,
    id_column: str,
    descending: bool,
    offset: int,
    size: int,
    nullable: bool = True,
    fixed: bool = False,
) -> list:
    """An OFFSET page in the same order as the keyset pages (kept for small page numbers and the
    API's `page`): it costs as much as the rows it skips."""
    rows: list = []
    for segment in segments(column, id_column, descending=descending, cursor=None, nullable=nullable, fixed=fixed):
        got = fetch(segment, size + 1 - len(rows), offset)
        if got:
            offset = 0
        elif offset:
            offset = max(0, offset - count(segment))
        rows += got
        if len(rows) > size:
            break
    return rows


def estimated_count(
    session, count: Callable[[str, dict, int | None], int], *, table: str, id_column: str = "id", cap: int = COUNT_CAP
) -> tuple[int, bool]:
    """(count, estimated). `count(extra_where, params, limit)` counts the list's matches that also
    meet `extra_where` (SQL on `id_column`; "" for none), at most `limit` of them (None: all).
    Exact up to `cap`; beyond it, the share of matches in a few id windows spread over the table
    times the table's id range (rows are rarely deleted)."""
    capped = count("", {}, cap + 1)
    if capped <= cap:
        return int(capped), False
    # two subqueries: SQLite answers a lone min() or max() from the index, both together by a scan
    low, high = session.execute(text(f"SELECT (SELECT min(id) FROM {table}), (SELECT max(id) FROM {table})")).one()
    span = high - low + 1
    step = max(span // _SAMPLES, 1)
    width = min(_WINDOW, step)
    # one query for all windows: a filter with a subquery (a search) runs it once, not per window
    windows = " OR ".join(f"({id_column} >= :win_lo{n} AND {id_column} < :win_hi{n})" for n in range(_SAMPLES))
    bounds = {
        key: value
        for n in range(_SAMPLES)
        for key, value in ((f"win_lo{n}", low + n * step), (f"win_hi{n}", low + n * step + width))
    }
    matched = count(f"({windows})", bounds, None)
    # the matches per id in the windows, over the whole id range
    return max(int(span * matched / (_SAMPLES * width)), cap + 1), True
