"""Own contracts (与快递公司建立长期合作): a carrier outlet's negotiated price per zone or per
province. They override the catalogue price in quotes and in carrier matching."""

from __future__ import annotations

from sqlmodel import select

from waybill_ui.carriers import geo
from waybill_ui.db import Database
from waybill_ui.db.models import Carrier, ContractPrice
from waybill_ui.services.accounts import audit
from waybill_ui.services.accounts import users
from waybill_ui.services.common.errors import Invalid, NotFound
from waybill_ui.services.accounts.users import Principal

MAX_FIRST_FEN = 100_000  # ¥1,000 for a first weight: a typo above this
MAX_EXTRA_FEN = 100_000


def normalize_zone(zone: str) -> str:
    """A zone name (local/region/national/remote) or a full province name; else Invalid."""
    value = (zone or "").strip()
    if value in geo.ZONES:
        return value
    province = geo.normalize_province(value)
    if province is None:
        raise Invalid("contract.bad_zone", zone=value)
    return province


def list_contracts(db: Database) -> list[ContractPrice]:
    with db.read() as session:
        return list(session.exec(select(ContractPrice).order_by(ContractPrice.carrier_code, ContractPrice.zone)))


def save_contract(
    db: Database,
    *,
    carrier_code: str,
    zone: str,
    first_fen: int,
    extra_fen_per_kg: int,
    first_g: int = 1000,
    outlet: str = "",
    note: str = "",
    actor: Principal,
) -> ContractPrice:
    """Add the contract price for (carrier, zone), or replace the one there is."""
    users.require_owner(actor)
    zone = normalize_zone(zone)
    if not 0 < int(first_fen) <= MAX_FIRST_FEN or not 0 <= int(extra_fen_per_kg) <= MAX_EXTRA_FEN:
        raise Invalid("contract.bad_price")
    if not 100 <= int(first_g) <= 50_000:
        raise Invalid("contract.bad_first_weight")
    with db.write() as session:
        if session.get(Carrier, carrier_code) is None:
            raise Invalid("contract.unknown_carrier", carrier=carrier_code)
        row = session.exec(
            select(ContractPrice).where(ContractPrice.carrier_code == carrier_code, ContractPrice.zone == zone)
        ).first()
        before = (
            None
            if row is None
            else {"first_fen": row.first_fen, "extra_fen_per_kg": row.extra_fen_per_kg, "first_g": row.first_g}
        )
        row = row or ContractPrice(
            carrier_code=carrier_code,
            zone=zone,
            first_fen=first_fen,
            extra_fen_per_kg=extra_fen_per_kg,
            created_by=actor.username,
        )
        row.first_fen, row.extra_fen_per_kg, row.first_g = int(first_fen), int(extra_fen_per_kg), int(first_g)
        row.outlet, row.note = (outlet or "").strip()[:80], (note or "").strip()[:200]
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor=actor.username,
            entity="contract",
            entity_id=row.id,
            action="update" if before else "create",
            details={
                "carrier": carrier_code,
                "zone": zone,
                "from": before,
                "to": {"first_fen": row.first_fen, "extra_fen_per_kg": row.extra_fen_per_kg, "first_g": row.first_g},
            },
        )
        return row


def delete_contract(db: Database, *, contract_id: int, actor: Principal) -> None:
    users.require_owner(actor)
    with db.write() as session:
        row = session.get(ContractPrice, contract_id)
        if row is None:
            raise NotFound("contract.not_found")
        audit.record(
            session,
            actor=actor.username,
            entity="contract",
            entity_id=row.id,
            action="delete",
            details={
                "carrier": row.carrier_code,
                "zone": row.zone,
                "first_fen": row.first_fen,
                "extra_fen_per_kg": row.extra_fen_per_kg,
            },
        )
        session.delete(row)
