"""The duplicate guard (查重): is a number already known to the shop, and where?

Every number the shop ever had is a `waybill` row (bought, imported, typed in the ship dialog,
shipped elsewhere); an order export may also carry a number shipped outside the app
(`orders.external_number`). A number found in either is refused wherever it is typed, with the
place it was used (order no and date) so the seller can check.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session, col
from typing import Any

from waybill_ui.carriers import codes
from waybill_ui.carriers.formats import clean
from waybill_ui.db import Database
from waybill_ui.db.models import Order, Shipment, Waybill
from waybill_ui.clock import fmt_local
from waybill_ui.texts import tr

_CHUNK = 500  # SQLite's bound-parameter limit stays far away


@dataclass
class KnownNumber:
    carrier: str
    number: str
    status: str  # the pool status, or "external" for a number only seen in an order export
    origin: str
    since: datetime | None  # when the shop got it
    order_no: str | None = None
    shipped_at: datetime | None = None
    shipment_id: int | None = None
    cancelled: bool = False
    waybill_id: int | None = None

    @property
    def text_key(self) -> str:
        if self.order_no and self.status == "voided":
            return "pool.known.voided"
        if self.order_no and self.status == "external":
            return "pool.known.external"
        if self.order_no:
            return "pool.known.shipped"
        return "pool.known.in_pool"

    @property
    def params(self) -> dict[str, Any]:
        return {
            "carrier": codes.name_of(self.carrier),
            "number": self.number,
            "order_no": self.order_no or "",
            "date": fmt_local(self.shipped_at or self.since, "%Y-%m-%d"),
            "status": tr(f"pool.status.{self.status}"),
            "origin": tr(f"pool.origin.{self.origin}"),
        }

    def reason(self, lang: str | None = "zh") -> str:
        params = self.params
        params["status"] = tr(f"pool.status.{self.status}", lang)
        params["origin"] = tr(f"pool.origin.{self.origin}", lang)
        return tr(self.text_key, lang, **params)


def known_numbers(
    session: Session, numbers: Iterable[str], *, carrier: str | None = None
) -> dict[str, list[KnownNumber]]:
    """For each given (clean) number that is known: where. Works in chunks, for imports of 100,000."""
    numbers = list(dict.fromkeys(numbers))
    found: dict[str, list[KnownNumber]] = {}
    for start in range(0, len(numbers), _CHUNK):
        part = numbers[start : start + _CHUNK]
        query = select(
            col(Waybill.id),
            col(Waybill.carrier_code),
            col(Waybill.number),
            col(Waybill.status),
            col(Waybill.origin),
            col(Waybill.created_at),
        ).where(col(Waybill.number).in_(part))
        if carrier:
            query = query.where(col(Waybill.carrier_code) == carrier)
        rows = session.execute(query).all()
        ships: dict[int, tuple[Any, ...]] = {}
        if rows:
            for wid, order_no, shipped_at, sid, cancelled_at in session.execute(
                select(
                    col(Shipment.waybill_id),
                    col(Order.order_no),
                    col(Shipment.shipped_at),
                    col(Shipment.id),
                    col(Shipment.cancelled_at),
                )
                .join(Order, col(Order.id) == col(Shipment.order_id))
                .where(col(Shipment.waybill_id).in_([r.id for r in rows]))
            ):
                ships[wid] = (order_no, shipped_at, sid, cancelled_at is not None)
        for r in rows:
            order_no, shipped_at, sid, cancelled = ships.get(r.id, (None, None, None, False))
            found.setdefault(r.number, []).append(
                KnownNumber(
                    carrier=r.carrier_code,
                    number=r.number,
                    status=r.status,
                    origin=r.origin,
                    since=r.created_at,
                    order_no=order_no,
                    shipped_at=shipped_at,
                    shipment_id=sid,
                    cancelled=cancelled,
                    waybill_id=r.id,
                )
            )
    _add_external(session, numbers, carrier, found)
    return found


def _add_external(session: Session, numbers: list[str], carrier: str | None, found: dict[str, Any]) -> None:
    """Numbers only seen in an order export (shipped elsewhere). orders.external_number has no
    index: a short list is looked up directly, a long one against one pass over those orders."""
    query = select(col(Order.order_no), col(Order.external_carrier), col(Order.external_number), col(Order.updated_at))
    if len(numbers) <= 50:
        rows = session.execute(query.where(col(Order.external_number).in_(numbers))).all() if numbers else []
    else:
        wanted = set(numbers)
        rows = [r for r in session.execute(query.where(col(Order.external_number) != "")) if r[2] in wanted]
    for order_no, ext_carrier, ext_number, when in rows:
        code = codes.resolve(ext_carrier) or ext_carrier
        if carrier and code in codes.CARRIERS and code != carrier:
            continue  # an unrecognised carrier name is kept: better a question than a reuse
        if any(k.order_no == order_no for k in found.get(ext_number, [])):
            continue
        found.setdefault(ext_number, []).append(
            KnownNumber(
                carrier=code,
                number=ext_number,
                status="external",
                origin="external",
                since=when,
                order_no=order_no,
                shipped_at=when,
            )
        )


def where_known(db: Database, number: str, *, carrier: str | None = None) -> list[KnownNumber]:
    """Where a number is known (any carrier unless one is given); empty when it is new to the shop."""
    number = clean(number)
    if not number:
        return []
    with db.read() as session:
        return known_numbers(session, [number], carrier=carrier).get(number, [])
