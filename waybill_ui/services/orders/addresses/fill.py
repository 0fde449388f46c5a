"""Fill in a waiting order's receiver (待补地址 → shippable), one order or many from a file.

What counts as "shippable" stays in services/orders/address_check.py; this module checks that what the
seller typed or pasted is a real place (the bundled divisions) and a callable number before
storing it. The extension of a privacy number is stored the way imports store it (main number,
"-", extension: services/orders/importing/cleaning.py), which the labels print in full.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from waybill_ui.carriers.geo import normalize_province
from waybill_ui.db import Database
from waybill_ui.db.models import Order, OrderStatus
from waybill_ui.services.accounts import audit
from waybill_ui.services.orders import shops
from waybill_ui.services.orders.addresses.divisions import CITY, DISTRICT, PROVINCE, table
from waybill_ui.services.orders.addresses.paste import normalise
from waybill_ui.services.common.errors import Conflict, Invalid, NotFound

MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
EXTENSION = re.compile(r"^\d{1,6}$")


@dataclass
class AddressInput:
    name: str
    province: str
    city: str
    detail: str
    district: str = ""
    phone: str = ""
    extension: str = ""
    landline: str = ""


@dataclass
class FillReport:
    filled: int = 0
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # (line, order no, message key)


def check(data: AddressInput) -> AddressInput:
    """The input, trimmed and with the province's full name; Invalid names the first bad field."""
    clean = AddressInput(**{k: normalise(str(v)).strip() for k, v in vars(data).items()})
    if not clean.name or clean.name.strip("*") == "":
        raise Invalid("address.bad.name", code="bad_name")
    if clean.phone and (not MOBILE.match(clean.phone)):
        raise Invalid("address.bad.phone", code="bad_phone", value=clean.phone[:20])
    if clean.extension and (not clean.phone or not EXTENSION.match(clean.extension)):
        raise Invalid("address.bad.extension", code="bad_extension", value=clean.extension[:10])
    if clean.landline and not LANDLINE.match(clean.landline):
        raise Invalid("address.bad.phone", code="bad_phone", value=clean.landline[:20])
    if not (clean.phone or clean.landline):
        raise Invalid("address.bad.no_phone", code="no_phone")
    clean.province = normalize_province(clean.province) or ""
    tab = table()
    p = tab.find(clean.province, PROVINCE) if clean.province else None
    if p is None:
        raise Invalid("address.bad.province", code="bad_province", value=data.province[:20])
    c = tab.find(clean.city, CITY, p)
    if c is None:
        raise Invalid("address.bad.city", code="bad_city", value=clean.city[:20], province=clean.province)
    if clean.district and tab.find(clean.district, DISTRICT, c) is None:
        raise Invalid("address.bad.district", code="bad_district", value=clean.district[:20], city=clean.city)
    if len(clean.detail) < 2 or "*" in clean.detail:
        raise Invalid("address.bad.detail", code="bad_detail")
    return clean


def _store(session: Session, order: Order, data: AddressInput, *, actor: str, now: datetime) -> None:
    before = {
        "receiver_name": order.receiver_name,
        "phone": order.phone,
        "phone_ext": order.phone_ext,
        "province": order.province,
        "city": order.city,
        "district": order.district,
        "address": order.address,
    }
    order.receiver_name = data.name[:80]
    order.phone, order.phone_ext = data.phone, data.extension  # kept apart (labels print both)
    order.landline = data.landline
    order.province, order.city, order.district = data.province, data.city, data.district
    order.address = data.detail[:300]
    order.full_address = " ".join(p for p in (data.province, data.city, data.district, data.detail) if p)[:400]
    order.updated_at = now
    session.add(order)
    audit.record(
        session,
        actor=actor,
        entity="order",
        entity_id=order.order_no,
        action="fill_address",
        details={"before": before},
    )


def _pending(session: Session, order_no: str, shop_id: int | None = None) -> Order:
    order = shops.find_order(session, order_no, shop_id)
    if order is None:
        raise NotFound("ship.order_not_found", order_no=order_no)
    if order.status != OrderStatus.pending:
        raise Conflict("address.not_pending", code="not_pending", order_no=order_no)
    return order


def fill_order(
    db: Database, *, order_no: str, data: AddressInput, actor: str, now: datetime, shop_id: int | None = None
) -> Order:
    """Store a checked receiver on one waiting order (shipped and closed orders are left alone)."""
    clean = check(data)
    with db.write() as session:
        order = _pending(session, order_no, shop_id)
        _store(session, order, clean, actor=actor, now=now)
        session.flush()
        session.refresh(order)
        session.expunge(order)
        return order


def fill_many(db: Database, *, rows: list[tuple[int, str, AddressInput]], actor: str, now: datetime) -> FillReport:
    """Bulk fill (a second file matched by order number; rows are (line, order no, input)): every
    good row is stored in one transaction; a bad row is reported with its line, never half-stored."""
    report = FillReport()
    checked: list[tuple[int, str, AddressInput]] = []
    for line, order_no, data in rows:
        try:
            checked.append((line, order_no, check(data)))
        except Invalid as error:
            report.problems.append((line, order_no, error.text_key))
    with db.write() as session:
        for line, order_no, data in checked:
            try:
                order = _pending(session, order_no)
            except (NotFound, Conflict) as error:
                report.problems.append((line, order_no, error.text_key))
                continue
            _store(session, order, data, actor=actor, now=now)
            report.filled += 1
    report.problems.sort()
    return report
