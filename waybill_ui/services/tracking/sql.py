"""The tracking refresh's database plumbing: multi-row writes and one-step reads inside the
write transaction (see the notes below for why), and the shipment/event rows they carry."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime, timezone
from itertools import chain
from operator import itemgetter
from typing import Any, NamedTuple, overload

from sqlalchemy import BindParameter, bindparam, text
from sqlmodel import Session

from sqlalchemy.sql.elements import TextClause
from waybill_ui.db import dialect
from waybill_ui.db.bulk import blocks
from waybill_ui.services.tracking.merge import StoredEvent

# Bulk writes as multi-row statements run straight on the driver. A refresh writes tens of
# thousands of rows from a worker thread; executemany would step SQLite once per row, and every
# step releases and re-takes the GIL — each re-take can wait for the event loop's thread, so the
# writer crawls and the loop stutters. One statement per few hundred rows avoids both.
#
# Rows come already in their stored form (see `sql_time`, `json_text`): running every value
# through SQLAlchemy's bind processors cost more than the rest of the write together, and the
# worker thread's Python time is taken from the event loop (one interpreter lock).
_UTC = timezone.utc


@overload
def sql_time(value: datetime) -> str: ...
@overload
def sql_time(value: None) -> None: ...
def sql_time(value: datetime | None) -> str | None:
    """An aware time as the text a `UTCDateTime` column stores on SQLite (SQLAlchemy's format,
    "YYYY-MM-DD HH:MM:SS.ffffff" in UTC)."""
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetime given; use an aware datetime (utcnow())")
    return value.astimezone(_UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


json_text = json.dumps  # a JSON column's stored text (SQLAlchemy's default serializer)


def insert_rows(
    session: Session,
    table: str,
    columns: tuple[str, ...],
    rows: list[tuple[Any, ...]],
    exprs: dict[str, str] | None = None,
) -> None:
    """INSERT of rows given in stored form, in `columns` order. `exprs` computes a column in SQL
    from its value instead (`{v}` stands for the value; SQLite only: on PostgreSQL the only such
    column, an event time, is converted here, see `event_time`)."""
    connection = session.connection()
    one = f"({', '.join('?' * len(columns))})"
    if dialect.is_postgres(connection):
        timed = [i for i, name in enumerate(columns) if name in (exprs or {})]
        if timed:
            rows = [tuple(_pg_time(v) if i in timed else v for i, v in enumerate(row)) for row in rows]
        for part in blocks(rows, len(columns)):
            connection.exec_driver_sql(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join([one] * len(part))}",
                tuple(chain.from_iterable(part)),
            )
        return
    values = ", ".join((exprs or {}).get(name, "{v}").format(v=f"column{i + 1}") for i, name in enumerate(columns))
    for part in blocks(rows, len(columns)):
        sql = f"INSERT INTO {table} ({', '.join(columns)}) SELECT {values} FROM (VALUES {', '.join([one] * len(part))})"
        connection.exec_driver_sql(sql, tuple(chain.from_iterable(part)))


def _pg_time(value: int | str) -> str:
    """An `event_time` value (whole unix seconds or stored text) as stored text."""
    return sql_time(datetime.fromtimestamp(value, _UTC)) if isinstance(value, int) else value


# A provider's event time is whole seconds: SQLite's own datetime() writes those exactly as
# `sql_time` does (checked for every second of 1970–2242), in C and without the interpreter lock.
_SQLITE_SECONDS = range(0, 2**33)
EVENT_TIME_SQL = "CASE WHEN typeof({v}) = 'integer' THEN datetime({v}, 'unixepoch') || '.000000' ELSE {v} END"


def event_time(value: datetime, seconds: int | None = None) -> int | str | None:
    """An event time for a column written with EVENT_TIME_SQL: whole unix seconds, or its text.
    `seconds`: int(value.timestamp()) when the caller has it already."""
    if value.tzinfo is not None and not value.microsecond:
        if seconds is None:
            seconds = int(value.timestamp())
        if seconds in _SQLITE_SECONDS:
            return seconds
    return sql_time(value)


def update_rows(session: Session, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """UPDATE … FROM (VALUES …) by primary key (SQLite ≥ 3.33); each row is (id, *columns) in
    stored form."""
    connection = session.connection()
    if dialect.is_postgres(connection):  # psycopg pipelines executemany: one round trip per batch
        sets = ", ".join(f"{name} = ?" for name in columns)
        connection.exec_driver_sql(f"UPDATE {table} SET {sets} WHERE id = ?", [(*row[1:], row[0]) for row in rows])
        return
    one = f"({', '.join('?' * (len(columns) + 1))})"
    assignments = ", ".join(f"{name} = v.column{i + 2}" for i, name in enumerate(columns))
    for part in blocks(rows, len(columns) + 1):
        sql = (
            f"UPDATE {table} SET {assignments} FROM (VALUES {', '.join([one] * len(part))}) AS v "
            f"WHERE {table}.id = v.column1"
        )
        connection.exec_driver_sql(sql, tuple(chain.from_iterable(part)))


# Reads inside the write transaction come back as ONE row (a JSON array of rows): SQLite steps
# once instead of once per row, so the worker thread does not trade the GIL with the event loop
# hundreds of times per chunk (see the note on bulk writes above).
_ROWS_COLUMNS = (
    "s.id, s.status, s.raw_state, s.shipped_at, s.picked_up_at, s.delivered_at, s.last_event_at, "
    "s.check_failures, {flags}, s.sender_address_id, s.carrier_code, s.number, s.cancelled_at, "
    "s.last_error, o.order_no, o.province, s.last_checked_at"
)
_TARGETS_COLUMNS = (
    "s.id, s.carrier_code, s.number, s.phone_tail, s.last_checked_at, s.status, o.phone, o.province, o.city, o.district"
)
_EVENTS_COLUMNS = "id, shipment_id, event_time, text, status, location, raw_state, raw_substate, dedupe_key"
_statements: dict[tuple[str, str], TextClause] = {}


def _statement(session: Session, which: str) -> TextClause:
    """The read statements in the session's dialect (built once each)."""
    name = dialect.name(session)
    key = (name, which)
    if key not in _statements:

        def rows(columns: str) -> str:
            return dialect.json_rows(name, columns)

        ids: BindParameter[list[int]] = bindparam("ids", expanding=True)
        if which == "rows":
            flags = "s.alert_flags" if name == "postgresql" else "json(s.alert_flags)"
            _statements[key] = text(
                f"SELECT {rows(_ROWS_COLUMNS.format(flags=flags))} FROM shipment s "
                "JOIN orders o ON o.id = s.order_id WHERE s.id IN :ids"
            ).bindparams(ids)
        elif which == "targets":
            _statements[key] = text(
                f"SELECT {rows(_TARGETS_COLUMNS)} FROM shipment s JOIN orders o ON o.id = s.order_id "
                f"WHERE s.id IN ({dialect.json_ids(name, ':ids', 'integer')}) "
                "AND s.cancelled_at IS NULL"
            )
        else:
            _statements[key] = text(
                f"SELECT {rows(_EVENTS_COLUMNS)} FROM tracking_event WHERE shipment_id IN :ids"
            ).bindparams(ids)
    return _statements[key]


class ShipmentRow(NamedTuple):
    id: int
    status: str
    raw_state: str
    shipped_at: datetime
    picked_up_at: datetime | None
    delivered_at: datetime | None
    last_event_at: datetime | None
    check_failures: int
    alert_flags: list[Any]
    sender_address_id: int | None
    carrier_code: str
    number: str
    cancelled_at: datetime | None
    last_error: str
    order_no: str
    province: str
    last_checked_at: datetime | None = None


def utc_time(value: str | None) -> datetime | None:
    """A stored UTC time as SQLAlchemy writes it ("YYYY-MM-DD HH:MM:SS.ffffff") back to an aware one."""
    return time_of_stored(value) if value else None


def time_of_stored(value: str) -> datetime:
    """utc_time for a column that always has a time (tracking_event.event_time)."""
    return datetime.fromisoformat(value).replace(tzinfo=timezone.utc)


def _json_rows(session: Session, statement: TextClause, ids: list[int]) -> list[list[Any]]:
    value = session.execute(statement, {"ids": ids}).scalar()
    return json.loads(value) if value else []


def target_rows(session: Session, ids: list[int]) -> list[list[Any]]:
    """[id, carrier_code, number, phone_tail, last_checked_at (text), status, phone, province, city,
    district] of the shipments among `ids` that are not cancelled, by id."""
    value = session.execute(_statement(session, "targets"), {"ids": json.dumps(ids)}).scalar()
    return sorted(json.loads(value), key=itemgetter(0)) if value else []


def shipment_rows(session: Session, ids: list[int]) -> dict[int, ShipmentRow]:
    rows = {}
    for r in _json_rows(session, _statement(session, "rows"), ids):
        for i in (3, 4, 5, 6, 12, 16):
            r[i] = utc_time(r[i])
        rows[r[0]] = ShipmentRow(*r)
    return rows


def stored_events(session: Session, ids: list[int]) -> dict[int, list[StoredEvent]]:
    out: dict[int, list[StoredEvent]] = defaultdict(list)
    for event_id, sid, when, text_, status, location, raw_state, raw_substate, key in _json_rows(
        session, _statement(session, "events"), ids
    ):
        out[sid].append(
            StoredEvent(
                id=event_id,
                time=time_of_stored(when),
                text=text_,
                status=status,
                location=location,
                raw_state=raw_state,
                raw_substate=raw_substate,
                dedupe_key=key,
            )
        )
    for events in out.values():
        events.sort(key=lambda e: (e.time, e.id))
    return out
