"""The tracking refresh's database plumbing: multi-row writes and one-step reads inside the
write transaction (see the notes below for why), and the shipment/event rows they carry."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime, timezone
from operator import itemgetter
from typing import NamedTuple

from sqlalchemy import bindparam, text

from waybill_ui.services.tracking_merge import StoredEvent

# Bulk writes as multi-row statements run straight on the driver. A refresh writes tens of
# thousands of rows from a worker thread; executemany would step SQLite once per row, and every
# step releases and re-takes the GIL — each re-take can wait for the event loop's thread, so the
# writer crawls and the loop stutters. One statement per few hundred rows avoids both. Values go
# through each column's own bind processor: the stored format is exactly SQLAlchemy's.
_MAX_VARIABLES = 30_000  # SQLite allows 32,766 per statement


def flat(table, columns: tuple[str, ...], rows: list[dict], dialect) -> list:
    """All rows' values in column order, one flat list, each through its column's bind processor."""
    processors = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in columns]
    fix = [(i, p) for i, p in enumerate(processors) if p is not None]
    get = itemgetter(*columns)
    out: list = []
    for row in rows:
        values = list(get(row))
        for i, process in fix:
            if values[i] is not None:
                values[i] = process(values[i])
        out += values
    return out


def statements(rows: list[dict], width: int):
    step = max(1, min(500, _MAX_VARIABLES // width))
    for i in range(0, len(rows), step):
        yield rows[i:i + step]


def bulk_insert(session, table, columns: tuple[str, ...], rows: list[dict]) -> None:
    connection = session.connection()
    one = f"({', '.join('?' * len(columns))})"
    for part in statements(rows, len(columns)):
        sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES {', '.join([one] * len(part))}"
        connection.exec_driver_sql(sql, tuple(flat(table, columns, part, connection.dialect)))


def bulk_update(session, table, columns: tuple[str, ...], rows: list[dict]) -> None:
    """UPDATE … FROM (VALUES …) by primary key `id` (SQLite ≥ 3.33)."""
    connection = session.connection()
    keyed = ("id", *columns)
    one = f"({', '.join('?' * len(keyed))})"
    assignments = ", ".join(f"{name} = v.column{i + 2}" for i, name in enumerate(columns))
    for part in statements(rows, len(keyed)):
        sql = (f"UPDATE {table.name} SET {assignments} FROM (VALUES {', '.join([one] * len(part))}) AS v "
               f"WHERE {table.name}.id = v.column1")
        connection.exec_driver_sql(sql, tuple(flat(table, keyed, part, connection.dialect)))



# Reads inside the write transaction come back as ONE row (a JSON array of rows): SQLite steps
# once instead of once per row, so the worker thread does not trade the GIL with the event loop
# hundreds of times per chunk (see the note on bulk writes above).
_ROWS_SQL = text("""
SELECT json_group_array(json_array(s.id, s.status, s.raw_state, s.shipped_at, s.picked_up_at, s.delivered_at,
       s.last_event_at, s.check_failures, json(s.alert_flags), s.sender_address_id, s.carrier_code, s.number,
       s.cancelled_at, s.last_error, o.order_no, o.province))
FROM shipment s JOIN orders o ON o.id = s.order_id WHERE s.id IN :ids
""").bindparams(bindparam("ids", expanding=True))
_EVENTS_SQL = text("""
SELECT json_group_array(json_array(id, shipment_id, event_time, text, status, location, raw_state, raw_substate,
       dedupe_key))
FROM tracking_event WHERE shipment_id IN :ids
""").bindparams(bindparam("ids", expanding=True))


class ShipmentRow(NamedTuple):
    id: int
    status: str
    raw_state: str
    shipped_at: datetime
    picked_up_at: datetime | None
    delivered_at: datetime | None
    last_event_at: datetime | None
    check_failures: int
    alert_flags: list
    sender_address_id: int | None
    carrier_code: str
    number: str
    cancelled_at: datetime | None
    last_error: str
    order_no: str
    province: str


def _utc(value: str | None) -> datetime | None:
    """A stored UTC time as SQLAlchemy writes it ("YYYY-MM-DD HH:MM:SS.ffffff") back to an aware one."""
    return datetime.fromisoformat(value).replace(tzinfo=timezone.utc) if value else None


def _json_rows(session, statement, ids: list[int]) -> list[list]:
    value = session.execute(statement, {"ids": ids}).scalar()
    return json.loads(value) if value else []


def shipment_rows(session, ids: list[int]) -> dict[int, ShipmentRow]:
    rows = {}
    for r in _json_rows(session, _ROWS_SQL, ids):
        for i in (3, 4, 5, 6, 12):
            r[i] = _utc(r[i])
        rows[r[0]] = ShipmentRow(*r)
    return rows


def stored_events(session, ids: list[int]) -> dict[int, list[StoredEvent]]:
    out: dict[int, list[StoredEvent]] = defaultdict(list)
    for event_id, sid, when, text_, status, location, raw_state, raw_substate, key in _json_rows(session, _EVENTS_SQL,
                                                                                                ids):
        out[sid].append(StoredEvent(id=event_id, time=_utc(when), text=text_, status=status, location=location,
                                    raw_state=raw_state, raw_substate=raw_substate, dedupe_key=key))
    for events in out.values():
        events.sort(key=lambda e: (e.time, e.id))
    return out
