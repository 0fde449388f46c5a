"""Typed access to rows the caller knows are there (see docs/architecture.md, "Typing").

SQLModel types every primary key `int | None` (a new row has none until it is flushed) and
`Session.get` answers `Row | None`. Where the code already knows better — the row was flushed, or
it was found or locked a moment earlier in the same transaction — these say so once, and a broken
promise fails loudly here instead of as an AttributeError on None further on."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar, cast

from sqlalchemy import ColumnElement, CursorResult, Result, Table, select

from sqlmodel import Session, SQLModel

if TYPE_CHECKING:
    from waybill_ui.db.engine import Database

RowT = TypeVar("RowT", bound=SQLModel)


def row_id(row: SQLModel) -> int:
    """The primary key of a row that is stored (or flushed)."""
    value = getattr(row, "id", None)
    if not isinstance(value, int):
        raise LookupError(f"{type(row).__name__} has no id yet: flush it first")
    return value


def must_get(session: Session, model: type[RowT], key: Any) -> RowT:
    """The row with this key, which the caller knows exists (found or written earlier in this transaction)."""
    row = session.get(model, key)
    if row is None:
        raise LookupError(f"{model.__name__} {key!r} is gone")
    return row


def changed_rows(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE touched. Session.execute is typed as returning a plain
    Result; for those statements it is a CursorResult, which has the count."""
    return cast(CursorResult[Any], result).rowcount


def table_of(model: type[SQLModel]) -> Table:
    """The Table behind a `table=True` model, for Core inserts and updates."""
    return cast(Table, model.__table__)  # type: ignore[attr-defined]  # set on table models; SQLModel's typing omits it


def stored_ids(values: Iterable[int | None]) -> list[int]:
    """Primary keys read back from the database (never None there, though the column type allows it)."""
    return [value for value in values if value is not None]


def chunks_by_id(
    db: Database,
    model: type[RowT],
    conds: Iterable[ColumnElement[bool]],
    *,
    chunk: int = 5000,
    with_each: Callable[[Session, list[RowT]], Any] | None = None,
) -> Iterator[tuple[list[RowT], Any]]:
    """Every row of `model` matching `conds`, in id order, `chunk` rows per short read, so an export
    of any length never holds one read open or the whole list in memory. `with_each(session,
    rows)` reads what a chunk needs in the same session; each chunk comes with its answer."""
    conds, last_id = list(conds), 0
    ident = table_of(model).c.id
    while True:
        with db.read() as session:
            rows = list(
                session.execute(select(model).where(*conds, ident > last_id).order_by(ident).limit(chunk)).scalars()
            )
            extra = with_each(session, rows) if with_each is not None and rows else None
        if not rows:
            return
        yield rows, extra
        last_id = row_id(rows[-1])
