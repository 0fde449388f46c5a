"""A number is never reused (订单导入): where a chunk's shipped-elsewhere numbers are already known
— our pool, our shipments, orders of earlier imports, earlier rows of this file — and which rows
must be refused for naming a number another order already went out with."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlmodel import Session

from waybill_ui.carriers import codes
from waybill_ui.db import dialect
from waybill_ui.db.models import WaybillStatus
from waybill_ui.services.orders.importing.parsing import COL, Parsed, Problem
from waybill_ui.services.orders.importing.seen import FileNumbers

# Where the numbers of a chunk are known: pool rows (with the order of a shipment that used one) and,
# unless the shop had no orders, orders shipped elsewhere. One query on two indexes, any count.
_NUMBER_USES = (
    "SELECT w.number, w.carrier_code, w.status, w.id, o.order_no FROM waybill w "
    "LEFT JOIN shipment s ON s.waybill_id = w.id LEFT JOIN orders o ON o.id = s.order_id "
    "WHERE w.number IN ({numbers})"
)
# The shop had no orders, so no shipment either: the pool alone. It must not read `orders` at all:
# the import is rebuilding that table's indexes in its open transaction, which locks the table
# against the read session that asks this (plan.planned) until the import commits.
_POOL_USES = "SELECT number, carrier_code, status, id, NULL FROM waybill WHERE number IN ({numbers})"
_EXTERNAL_USES = (
    " UNION ALL SELECT external_number, external_carrier, NULL, NULL, order_no FROM orders "
    "WHERE external_number IN ({numbers})"
)
_SPENT = (WaybillStatus.used.value, WaybillStatus.voided.value)


@dataclass(slots=True)
class NumberUse:
    """One place a number is known: a pool row (`status`, `waybill_id`, and the order of a shipment
    that used it) or an order shipped elsewhere (status None)."""

    carrier: str | None
    order_no: str | None
    status: str | None
    waybill_id: int | None


def number_uses(session: Session, numbers: list[str], *, orders_too: bool = True) -> dict[str, list[NumberUse]]:
    """`orders_too=False` when the shop had no orders before this import: no shipment or order can
    name a number yet (this file's own are in FileNumbers), and the order indexes are dropped."""
    found: dict[str, list[NumberUse]] = {}
    if not numbers:
        return found
    sql = (_NUMBER_USES + _EXTERNAL_USES if orders_too else _POOL_USES).format(
        numbers=dialect.json_ids(dialect.name(session), "?1")
    )
    for number, carrier, status, waybill_id, order_no in session.connection().exec_driver_sql(
        sql, (json.dumps(numbers),)
    ):
        code = carrier if status is not None else codes.resolve(carrier or "")
        found.setdefault(number, []).append(NumberUse(code, order_no, status, waybill_id))
    return found


def _same_carrier(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b  # a carrier we cannot name may be either: better refuse than reuse


def refuse_reused(
    session: Session,
    rows: list[Parsed],
    taken: FileNumbers,
    *,
    orders_too: bool = True,
) -> tuple[dict[str, list[NumberUse]], list[Problem]]:
    """A number is never reused: a row whose shipped-elsewhere number already went out for another
    order (one of our shipments, an order of an earlier import, or an earlier row of this file) is
    refused with that order's number. The same order again with its own number is fine, and a free
    number of our pool is simply taken. `rows` are those that would be written; returns where their
    numbers are known (for the caller) and the refusals; accepted numbers are added to `taken`."""
    ext = COL["external_number"]
    numbered = [p for p in rows if p.record[ext]]
    if not numbered:
        return {}, []
    numbers = list({p.record[ext] for p in numbered})
    uses = number_uses(session, numbers, orders_too=orders_too)
    in_file = taken.uses(numbers)  # earlier chunks of this file; this chunk's accepted ones join below
    accepted: list[tuple[str, str | None, str]] = []
    problems = []
    for parsed in numbered:
        number, order_no, carrier = parsed.record[ext], parsed.record[0], parsed.carrier_code
        other = next(
            (
                u.order_no
                for u in uses.get(number, ())
                if u.order_no
                and u.order_no != order_no
                and (u.status is None or u.status in _SPENT)
                and _same_carrier(u.carrier, carrier)
            ),
            None,
        )
        other = other or next(
            (o for c, o in in_file.get(number, ()) if o != order_no and _same_carrier(c, carrier)), None
        )
        if other:
            problems.append(
                Problem(parsed.row, "import.problem.number_used", {"number": number, "order_no": other}, order_no)
            )
        else:
            in_file.setdefault(number, []).append((carrier, order_no))
            accepted.append((number, carrier, order_no))
    taken.add(accepted)
    return uses, problems
