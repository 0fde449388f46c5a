"""The header's one search box: an order (order no, buyer, recipient, phone — the orders page's
own search, so the order list it opens shows the same orders), a number (in the pool, or seen
only in an order shipped elsewhere) and a shipment (by its number, or "#id").

Every lookup is an index range scan with a LIMIT, so a search costs the same on 100 orders and
on 100,000.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from sqlalchemy import select, text
from sqlmodel import col, Session

from waybill_ui.carriers import codes
from waybill_ui.carriers.formats import clean
from waybill_ui.db import Database
from waybill_ui.db.models import Shipment, Waybill
from waybill_ui.services.orders.order_filter import _HIGH, OrderFilter

MIN_LENGTH = 2
KINDS = ("order", "number", "shipment")


@dataclass
class Hit:
    kind: str  # order, number, shipment
    title: str
    detail: str
    url: str
    status: str = ""


@dataclass
class Results:
    q: str
    hits: list[Hit] = field(default_factory=list)
    more: set[str] = field(default_factory=set)  # kinds with more matches than shown

    def of(self, kind: str) -> list[Hit]:
        return [h for h in self.hits if h.kind == kind]


def order_url(order_no: str) -> str:
    return "/orders?" + urlencode({"q": order_no})


def number_url(carrier: str, number: str) -> str:
    return f"/pool/number/{quote(carrier, safe='')}/{quote(number, safe='')}"


def shipment_url(shipment_id: int) -> str:
    return f"/shipments/{shipment_id}"


def _orders(session: Session, q: str, limit: int) -> list[Hit]:
    clauses, params = OrderFilter(q=q).where()
    rows = session.execute(
        text(
            "SELECT o.order_no, o.receiver_name, o.phone, o.buyer_nick, o.status, o.province, o.city FROM orders o "
            f"WHERE {' AND '.join(clauses)} ORDER BY o.ordered_at DESC, o.id DESC LIMIT :limit"
        ),
        {**params, "limit": limit},
    ).all()
    return [
        Hit(
            "order",
            no,
            " · ".join(p for p in (name, phone, buyer, f"{province}{city if city != province else ''}") if p),
            order_url(no),
            status,
        )
        for no, name, phone, buyer, status, province, city in rows
    ]


def _numbers(session: Session, needle: str, limit: int) -> list[Hit]:
    rows = session.execute(
        select(col(Waybill.carrier_code), col(Waybill.number), col(Waybill.status))
        .where(col(Waybill.number) >= needle, col(Waybill.number) < needle + _HIGH)
        .order_by(Waybill.number)
        .limit(limit)
    ).all()
    hits = [Hit("number", f"{codes.name_of(c)} {n}", "", number_url(c, n), s) for c, n, s in rows]
    if len(hits) < limit:  # shipped elsewhere: known from an order export only
        seen = {(h.url) for h in hits}
        for carrier, number in session.execute(
            text("SELECT external_carrier, external_number FROM orders WHERE external_number = :n LIMIT :limit"),
            {"n": needle, "limit": limit},
        ).all():
            code = codes.resolve(carrier) or carrier
            url = number_url(code, number)
            if url not in seen:
                hits.append(Hit("number", f"{codes.name_of(code)} {number}", "", url, "external"))
    return hits[:limit]


def _shipments(session: Session, needle: str, raw: str, limit: int) -> list[Hit]:
    query = (
        select(
            col(Shipment.id),
            col(Shipment.carrier_code),
            col(Shipment.number),
            col(Shipment.status),
            col(Shipment.cancelled_at),
        )
        .order_by(Shipment.number, col(Shipment.id))
        .limit(limit)
    )
    if raw.startswith("#") and raw[1:].isdigit():
        query = query.where(col(Shipment.id) == int(raw[1:]))
    else:
        query = query.where(col(Shipment.number) >= needle, col(Shipment.number) < needle + _HIGH)
    return [
        Hit("shipment", f"{codes.name_of(c)} {n}", f"#{i}", shipment_url(i), "cancelled" if cancelled else s)
        for i, c, n, s, cancelled in session.execute(query).all()
    ]


def find(db: Database, *, q: str, limit: int = 8) -> Results:
    """Up to `limit` hits of each kind, orders first; `more` names the kinds that have more."""
    raw = (q or "").strip()
    results = Results(raw)
    if len(raw) < MIN_LENGTH:
        return results
    needle = clean(raw)
    with db.read() as session:
        groups = {
            "order": _orders(session, raw, limit + 1),
            "number": _numbers(session, needle, limit + 1),
            "shipment": _shipments(session, needle, raw, limit + 1),
        }
    for kind in KINDS:
        found = groups[kind]
        if len(found) > limit:
            results.more.add(kind)
        results.hits += found[:limit]
    return results


def exact_target(db: Database, *, q: str) -> str | None:
    """A scanned code (scan to find): a whole order number opens that order, a whole waybill
    number its live shipment (else the number's page) — even when other numbers start with it."""
    raw = (q or "").strip()
    if len(raw) < MIN_LENGTH:
        return None
    needle = clean(raw)
    with db.read() as session:
        if session.execute(text("SELECT 1 FROM orders WHERE order_no = :n"), {"n": raw}).first():  # any shop
            return order_url(raw)
        shipment_id = session.execute(
            text("SELECT id FROM shipment WHERE number = :n ORDER BY cancelled_at IS NULL DESC, id DESC LIMIT 1"),
            {"n": needle},
        ).scalar()
        if shipment_id is not None:
            return shipment_url(shipment_id)
        row = session.execute(
            select(col(Waybill.carrier_code), col(Waybill.number)).where(col(Waybill.number) == needle)
        ).first()
    return number_url(*row) if row else None


def single_target(results: Results) -> str | None:
    """Where to go straight away: the one place everything found points to."""
    urls = {h.url for h in results.hits}
    if len(urls) == 1:
        return urls.pop()
    # a number that went out with one shipment of one order: its shipment page says it all
    shipments = results.of("shipment")
    if (
        len(shipments) == 1
        and not results.more
        and all(h.kind != "number" or h.title == shipments[0].title for h in results.hits)
        and len(results.of("order")) <= 1
    ):
        return shipments[0].url
    return None
