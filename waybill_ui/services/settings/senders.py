"""Sender addresses (寄件人): several per shop, exactly one default once any exists.

Reading is open to everyone (the ship dialog and the labels need it); changing them is a shop
setting, so only the owner may do it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, update
from sqlmodel import Session, select, col
from typing import Any

from waybill_ui.carriers.geo import normalize_province
from waybill_ui.db import Database
from waybill_ui.db.models import SenderAddress, Shipment
from waybill_ui.services.accounts import audit
from waybill_ui.services.common.errors import Conflict, Invalid, NotFound
from waybill_ui.services.accounts.users import Principal, require_owner
from waybill_ui.db.rows import row_id

MAX_ADDRESSES = 50
MOBILE = re.compile(r"^1[3-9]\d{9}$")
# area code + number, optional extension: 0571-88886666, 010 6666 8888-123, 057188886666
LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
# nationwide service numbers some shops print: 400-820-8820, 95338
SERVICE = re.compile(r"^(400|800)-?\d{3}-?\d{4}$|^95\d{3,6}$")


@dataclass
class SenderInput:
    name: str
    phone: str
    province: str
    city: str
    address: str
    district: str = ""
    label: str = ""
    is_default: bool = False


def clean_phone(phone: str) -> str:
    """Spaces and full-width dashes people paste in are dropped; the format is then checked."""
    text = (phone or "").strip().replace("－", "-").replace("—", "-").replace(" ", "")
    text = re.sub(r"^(\+?86)-?(?=1\d{10}$)", "", text)
    if not (MOBILE.match(text) or LANDLINE.match(text) or SERVICE.match(text)):
        raise Invalid("senders.phone_invalid", phone=phone or "")
    return text


def validate(data: SenderInput) -> SenderInput:
    name, city, district = data.name.strip(), data.city.strip(), data.district.strip()
    address, label = data.address.strip(), data.label.strip()
    if not name or len(name) > 40:
        raise Invalid("senders.name_required")
    phone = clean_phone(data.phone)
    province = normalize_province(data.province)
    if province is None:
        raise Invalid("senders.province_invalid", province=data.province or "")
    if not city or len(city) > 32:
        raise Invalid("senders.city_required")
    if len(district) > 32:
        raise Invalid("senders.district_too_long")
    if not address or len(address) > 200:
        raise Invalid("senders.address_required")
    if len(label) > 40:
        raise Invalid("senders.label_too_long")
    return SenderInput(
        name=name,
        phone=phone,
        province=province,
        city=city,
        district=district,
        address=address,
        label=label,
        is_default=data.is_default,
    )


def list_senders(db: Database) -> list[SenderAddress]:
    """Default first, then in the order they were added."""
    with db.read() as session:
        return list(
            session.exec(select(SenderAddress).order_by(col(SenderAddress.is_default).desc(), col(SenderAddress.id)))
        )


def default_sender(db: Database) -> SenderAddress | None:
    with db.read() as session:
        return default_in(session)


def default_in(session: Session) -> SenderAddress | None:
    return session.exec(
        select(SenderAddress).order_by(col(SenderAddress.is_default).desc(), col(SenderAddress.id))
    ).first()


SETTINGS_LINK = "/settings?tab=senders"


def require_in(session: Session) -> SenderAddress:
    """The sender a label prints and a provider needs: shipping and printing refuse without one
    (a parcel with no sender cannot be returned), and the message says where to set it."""
    sender = default_in(session)
    if sender is None:
        raise Conflict("senders.required", code="no_sender", link=SETTINGS_LINK)
    return sender


def _details(row: SenderAddress) -> dict[str, Any]:
    return {
        k: getattr(row, k) for k in ("label", "name", "phone", "province", "city", "district", "address", "is_default")
    }


def _make_default(session: Session, row: SenderAddress) -> None:
    session.execute(update(SenderAddress).where(col(SenderAddress.id) != row.id).values(is_default=False))
    row.is_default = True


def create_sender(db: Database, *, data: SenderInput, actor: Principal) -> SenderAddress:
    require_owner(actor)
    clean = validate(data)
    with db.write() as session:
        count = session.exec(select(func.count()).select_from(SenderAddress)).one()
        if count >= MAX_ADDRESSES:
            raise Conflict("senders.too_many", limit=MAX_ADDRESSES)
        row = SenderAddress(
            label=clean.label,
            name=clean.name,
            phone=clean.phone,
            province=clean.province,
            city=clean.city,
            district=clean.district,
            address=clean.address,
        )
        session.add(row)
        session.flush()
        if clean.is_default or count == 0:  # the first address is the default
            _make_default(session, row)
        session.add(row)
        audit.record(
            session,
            actor=actor.username,
            entity="sender_address",
            entity_id=row.id,
            action="create",
            details=_details(row),
        )
    return row


def update_sender(db: Database, *, sender_id: int, data: SenderInput, actor: Principal) -> SenderAddress:
    require_owner(actor)
    clean = validate(data)
    with db.write() as session:
        row = session.get(SenderAddress, sender_id)
        if row is None:
            raise NotFound("senders.not_found", id=sender_id)
        before = _details(row)
        for key in ("label", "name", "phone", "province", "city", "district", "address"):
            setattr(row, key, getattr(clean, key))
        if clean.is_default:
            _make_default(session, row)
        session.add(row)
        audit.record(
            session,
            actor=actor.username,
            entity="sender_address",
            entity_id=row.id,
            action="update",
            details={"from": before, "to": _details(row)},
        )
    return row


def set_default(db: Database, *, sender_id: int, actor: Principal) -> None:
    require_owner(actor)
    with db.write() as session:
        row = session.get(SenderAddress, sender_id)
        if row is None:
            raise NotFound("senders.not_found", id=sender_id)
        _make_default(session, row)
        session.add(row)
        audit.record(session, actor=actor.username, entity="sender_address", entity_id=row.id, action="make_default")


def delete_sender(db: Database, *, sender_id: int, actor: Principal) -> None:
    """A sender used by shipments stays: their reprints must show the same sender."""
    require_owner(actor)
    with db.write() as session:
        row = session.get(SenderAddress, sender_id)
        if row is None:
            raise NotFound("senders.not_found", id=sender_id)
        used = session.exec(
            select(func.count()).select_from(Shipment).where(Shipment.sender_address_id == sender_id)
        ).one()
        if used:
            raise Conflict("senders.in_use", count=used)
        was_default = row.is_default
        audit.record(
            session,
            actor=actor.username,
            entity="sender_address",
            entity_id=row.id,
            action="delete",
            details=_details(row),
        )
        session.delete(row)
        session.flush()
        if was_default:  # keep "exactly one default" while any address is left
            successor = session.exec(select(SenderAddress).order_by(col(SenderAddress.id))).first()
            if successor is not None:
                successor.is_default = True
                session.add(successor)


# --- the shop's sender (docs/api.md: GET/PUT /api/v1/shop/sender) ----------------------------------

SHOP_FIELDS = ("name", "phone", "province", "city", "district", "address")


def shop_sender(db: Database) -> dict[str, Any] | None:
    """The default sender, as printed on labels and sent to e-waybill providers."""
    row = default_sender(db)
    return {k: getattr(row, k) for k in SHOP_FIELDS} if row else None


def put_default(db: Database, *, data: SenderInput, actor: Principal) -> SenderAddress:
    """PUT /shop/sender and the first-run step: the default sender's details are replaced in place
    (its label kept), or the first one is made; the other addresses stay."""
    require_owner(actor)
    current = default_sender(db)
    data = SenderInput(**{**data.__dict__, "is_default": True})
    if current is None:
        return create_sender(db, data=data, actor=actor)
    data.label = data.label or current.label
    return update_sender(db, sender_id=row_id(current), data=data, actor=actor)
