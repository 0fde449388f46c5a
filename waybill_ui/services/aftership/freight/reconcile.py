"""Matching and judging a bill. One transaction per import: the bill and all its lines are
stored together or not at all. A line is, in this order of precedence:

- ``duplicate``  the same number billed again in this bill (every copy after the first);
- ``not_ours``   no live shipment of ours with this carrier and number;
- ``weight``     charged weight above our recorded weight by more than the tolerance, and the fee
  above the contract price for our weight (a weight dispute);
- ``overcharge`` fee above the contract price for the recorded weight and destination;
- ``ok``.

Our shipments of that carrier shipped in the bill's month and absent from it are ``missing``
(listed from the database, not stored). The price is the one quotes use (services/market/quotes.py:
province contract, zone contract, then catalogue) so there is one home for the rate card."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, insert, select, text
from sqlmodel import col, Session
from typing import Any

from collections.abc import Callable
from waybill_ui.db import Database
from waybill_ui.db.models import FreightBill, FreightLine
from waybill_ui.db.rows import table_of
from waybill_ui.clock import utcnow
from waybill_ui.services.accounts import audit
from waybill_ui.services.market import quotes as market
from waybill_ui.services.settings import store as shop_settings
from waybill_ui.services.common.errors import Invalid, NotFound
from waybill_ui.services.aftership.freight.reading import FIELDS, BillLine, read_bill

ISSUES = ("ok", "overcharge", "weight", "not_ours", "duplicate")
DISPUTED = ("overcharge", "weight", "not_ours", "duplicate")
MAPPING_KEY = "freight.mapping.{carrier}"
WEIGHT_TOLERANCE_KEY = "freight.weight_tolerance_g"
DEFAULT_WEIGHT_TOLERANCE_G = 100  # scales differ a little; beyond this it is a dispute
CHUNK = 900  # numbers per lookup (SQLite variable limit friendly)
_COLUMNS = (
    "bill_id",
    "row_no",
    "number",
    "billed_on",
    "destination",
    "weight_g",
    "fee_fen",
    "surcharge_fen",
    "shipment_id",
    "our_weight_g",
    "expected_fen",
    "issue",
    "diff_fen",
)


def mapping_for(db: Database, *, carrier: str) -> dict[str, str]:
    return dict(shop_settings.get(db, MAPPING_KEY.format(carrier=carrier), {}) or {})


def month_bounds(month: str) -> tuple[datetime, datetime]:
    """UTC bounds of a month in China time (a bill's month is the shop's month)."""
    try:
        year, mon = (int(p) for p in month.split("-"))
        start = datetime(year, mon, 1, tzinfo=timezone(timedelta(hours=8)))
    except (ValueError, TypeError):
        raise Invalid("freight.bad_month", month=month) from None
    end = datetime(year + (mon == 12), mon % 12 + 1, 1, tzinfo=start.tzinfo)
    return start.astimezone(timezone.utc), end.astimezone(timezone.utc)


@dataclass
class _Ours:
    shipment_id: int
    weight_g: int | None
    province: str


def _our_shipments(session: Session, carrier: str, numbers: list[str]) -> dict[str, _Ours]:
    found: dict[str, _Ours] = {}
    for start in range(0, len(numbers), CHUNK):
        part = numbers[start : start + CHUNK]
        params = {f"n{i}": n for i, n in enumerate(part)}
        # the carrier is checked here, not in SQL: with `carrier_code = ?` SQLite picks the
        # (carrier, shipped_at) index and walks every shipment of the carrier once per chunk
        rows = session.execute(
            text(
                "SELECT s.number, s.id, COALESCE(s.weight_g, o.weight_g), o.province, s.carrier_code FROM shipment s "
                "JOIN orders o ON o.id = s.order_id WHERE s.cancelled_at IS NULL "
                f"AND s.number IN ({','.join(':' + k for k in params)})"
            ),
            params,
        )
        for number, sid, weight, province, code in rows:
            if code == carrier:
                found[number] = _Ours(sid, weight, province or "")
    return found


def judge(
    line: BillLine, ours: _Ours | None, seen: set[str], price: Callable[[str, int], int | None], tolerance_g: int
) -> tuple[Any, ...]:
    """(issue, expected_fen, diff_fen) of one line; `price(province, grams)` is the contract price."""
    if line.number in seen:
        return "duplicate", None, line.fee_fen + line.surcharge_fen
    seen.add(line.number)
    if ours is None:
        return "not_ours", None, line.fee_fen + line.surcharge_fen
    weight = ours.weight_g if ours.weight_g else line.weight_g
    if weight is None:
        return "ok", None, 0
    expected = price(ours.province, weight)
    if expected is None:
        return "ok", None, 0
    diff = line.fee_fen - expected
    if ours.weight_g and line.weight_g is not None and line.weight_g > ours.weight_g + tolerance_g and diff > 0:
        return "weight", expected, diff
    if diff > 0:
        return "overcharge", expected, diff
    return "ok", expected, 0


def import_bill(
    db: Database,
    *,
    carrier: str,
    month: str,
    data: bytes,
    filename: str = "",
    mapping: dict[str, str] | None = None,
    actor: str,
    now: datetime | None = None,
) -> FreightBill:
    """Read, match, judge and store one bill; the mapping used is remembered for the carrier."""
    start, end = month_bounds(month)
    mapping = {k: v for k, v in (mapping or mapping_for(db, carrier=carrier)).items() if k in FIELDS and v}
    bill = read_bill(data, mapping=mapping)
    if not bill.lines:
        raise Invalid("freight.no_lines")
    quoter = market.quoter(db, with_ratings=False)
    if carrier not in quoter.carriers:
        raise Invalid("freight.unknown_carrier", carrier=carrier)
    tolerance = int(shop_settings.get(db, WEIGHT_TOLERANCE_KEY, DEFAULT_WEIGHT_TOLERANCE_G))
    prices: dict[tuple[str, int], int | None] = {}

    def price(province: str, grams: int) -> int | None:
        # the price only changes per started kilogram: cache on that, not on the gram
        key = (province, math.ceil(grams / 1000))
        if key not in prices:
            found = quoter.price(carrier, province or None, grams)
            prices[key] = found.fen if found else None
        return prices[key]

    used = {name: bill.headers[i] for name, i in bill.columns.items()}
    with db.write() as session:
        ours = _our_shipments(session, carrier, list({ln.number for ln in bill.lines}))
        row = FreightBill(
            carrier_code=carrier,
            month=month,
            filename=filename[:200],
            lines=len(bill.lines),
            created_by=actor,
            imported_at=now or utcnow(),
        )
        session.add(row)
        session.flush()
        seen: set[str] = set()
        counts: dict[str, Any] = dict.fromkeys(ISSUES, 0)
        values, billed, expected_sum, over = [], 0, 0, 0
        for ln in bill.lines:
            mine = ours.get(ln.number)
            issue, expected, diff = judge(ln, mine, seen, price, tolerance)
            counts[issue] += 1
            billed += ln.fee_fen + ln.surcharge_fen
            expected_sum += expected or 0
            if issue in ("overcharge", "weight"):
                over += diff
            values.append(
                (
                    row.id,
                    ln.row_no,
                    ln.number,
                    ln.billed_on,
                    ln.destination,
                    ln.weight_g,
                    ln.fee_fen,
                    ln.surcharge_fen,
                    mine.shipment_id if mine else None,
                    mine.weight_g if mine else None,
                    expected,
                    issue,
                    diff,
                )
            )
        session.execute(insert(table_of(FreightLine)), [dict(zip(_COLUMNS, v, strict=False)) for v in values])
        missing = session.execute(
            text(
                "SELECT count(*) FROM shipment s WHERE s.carrier_code = :c AND s.cancelled_at IS NULL "
                "AND s.shipped_at >= :start AND s.shipped_at < :end AND NOT EXISTS "
                "(SELECT 1 FROM freight_line f WHERE f.bill_id = :b AND f.number = s.number)"
            ),
            {"c": carrier, "start": _t(start), "end": _t(end), "b": row.id},
        ).scalar_one()
        counts["rejected_rows"] = len(bill.rejected)
        counts["rejected_sample"] = bill.rejected[:20]
        row.counts, row.billed_fen, row.expected_fen, row.overcharge_fen, row.missing = (
            counts,
            billed,
            expected_sum,
            over,
            missing,
        )
        session.add(row)
        audit.record(
            session,
            actor=actor,
            entity="freight_bill",
            entity_id=row.id,
            action="import",
            details={"carrier": carrier, "month": month, "lines": len(bill.lines), "overcharge_fen": over},
        )
    if used != mapping:
        shop_settings.put(db, values={MAPPING_KEY.format(carrier=carrier): used}, actor=actor)
    return row


def _t(value: datetime) -> str:
    from waybill_ui.services.orders.listing import utc_text

    return utc_text(value)


def get_bill(db: Database, bill_id: int) -> FreightBill:
    with db.read() as session:
        bill = session.get(FreightBill, bill_id)
    if bill is None:
        raise NotFound("freight.not_found", id=bill_id)
    return bill


def list_bills(db: Database, *, page: int = 1, size: int = 20) -> tuple[list[FreightBill], int]:
    with db.read() as session:
        total = session.execute(select(func.count()).select_from(FreightBill)).scalar_one()
        rows = (
            session.execute(
                select(FreightBill).order_by(col(FreightBill.id).desc()).offset((page - 1) * size).limit(size)
            )
            .scalars()
            .all()
        )
    return list(rows), total


def list_lines(
    db: Database, *, bill_id: int, issue: str | None = None, page: int = 1, size: int = 50
) -> tuple[list[FreightLine], int]:
    """Lines of a bill; `issue` one of ISSUES, or "disputed" for every line not ok."""
    query = select(FreightLine).where(col(FreightLine.bill_id) == bill_id)
    if issue == "disputed":
        query = query.where(col(FreightLine.issue).in_(DISPUTED))
    elif issue:
        if issue not in ISSUES:
            raise Invalid("freight.bad_issue", issue=issue)
        query = query.where(col(FreightLine.issue) == issue)
    with db.read() as session:
        total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
        rows = session.execute(query.order_by(col(FreightLine.row_no)).offset((page - 1) * size).limit(size)).scalars()
        return list(rows), total


def list_missing(db: Database, *, bill_id: int, page: int = 1, size: int = 50) -> tuple[list[dict[str, Any]], int]:
    """Our shipments of the bill's carrier and month that the bill does not list."""
    bill = get_bill(db, bill_id)
    start, end = month_bounds(bill.month)
    where = (
        "FROM shipment s JOIN orders o ON o.id = s.order_id WHERE s.carrier_code = :c "
        "AND s.cancelled_at IS NULL AND s.shipped_at >= :start AND s.shipped_at < :end AND NOT EXISTS "
        "(SELECT 1 FROM freight_line f WHERE f.bill_id = :b AND f.number = s.number)"
    )
    params = {"c": bill.carrier_code, "start": _t(start), "end": _t(end), "b": bill_id}
    with db.read() as session:
        total = session.execute(text(f"SELECT count(*) {where}"), params).scalar_one()
        rows = session.execute(
            text(
                f"SELECT s.id, s.number, o.order_no, o.province, s.shipped_at {where} "
                "ORDER BY s.shipped_at, s.id LIMIT :lim OFFSET :off"
            ),
            {**params, "lim": size, "off": (page - 1) * size},
        ).all()
    return [
        {"shipment_id": r[0], "number": r[1], "order_no": r[2], "province": r[3], "shipped_at": r[4]} for r in rows
    ], total


def summary_by_month(db: Database) -> list[dict[str, Any]]:
    """Totals per carrier and month over every imported bill."""
    query = (
        select(
            col(FreightBill.carrier_code),
            col(FreightBill.month),
            func.count(),
            func.sum(col(FreightBill.lines)),
            func.sum(col(FreightBill.billed_fen)),
            func.sum(col(FreightBill.expected_fen)),
            func.sum(col(FreightBill.overcharge_fen)),
            func.sum(col(FreightBill.missing)),
        )
        .group_by(FreightBill.carrier_code, FreightBill.month)
        .order_by(col(FreightBill.month).desc(), FreightBill.carrier_code)
    )
    with db.read() as session:
        return [
            {
                "carrier": c,
                "month": m,
                "bills": n,
                "lines": lines or 0,
                "billed_fen": billed or 0,
                "expected_fen": expected or 0,
                "overcharge_fen": over or 0,
                "missing": missing or 0,
            }
            for c, m, n, lines, billed, expected, over, missing in session.execute(query)
        ]
