"""The local copy of the carrier catalogue: carriers, zone prices and number packages."""

from __future__ import annotations

import asyncio

from sqlmodel import select, col, Session

from waybill_ui.events import CatalogueChanged, publish
from waybill_ui.carriers import codes
from waybill_ui.carriers.protocol import CarrierOffer, CarrierProvider
from waybill_ui.db import Database
from waybill_ui.db.models import Carrier, CarrierPackage
from waybill_ui.clock import utcnow


async def refresh(db: Database, *, provider: CarrierProvider) -> int:
    """Fetch the provider's catalogue and store it; returns the number of carriers."""
    offers = await provider.catalogue()
    await asyncio.to_thread(store, db, offers=offers, source=provider.name)
    publish(CatalogueChanged())
    return len(offers)


def store(db: Database, *, offers: list[CarrierOffer], source: str) -> None:
    now = utcnow()
    with db.write() as session:
        seen_packages: set[str] = set()
        for offer in offers:
            carrier = session.get(Carrier, offer.code) or Carrier(code=offer.code, name=offer.name)
            carrier.name = offer.name
            carrier.prices = offer.prices
            carrier.transit_days = offer.transit_days
            carrier.provinces_excluded = offer.provinces_excluded
            carrier.active = True
            carrier.source = source
            carrier.updated_at = now
            session.add(carrier)
            for pkg in offer.packages:
                row = session.get(CarrierPackage, pkg.id) or CarrierPackage(
                    id=pkg.id,
                    carrier_code=offer.code,
                    quantity=pkg.quantity,
                    price_fen=pkg.price_fen,
                    validity_days=pkg.validity_days,
                )
                row.quantity, row.price_fen, row.validity_days = pkg.quantity, pkg.price_fen, pkg.validity_days
                row.active, row.updated_at = True, now
                session.add(row)
                seen_packages.add(pkg.id)
        # Packages the provider stopped selling stay for history but cannot be bought.
        for row in session.exec(select(CarrierPackage).where(CarrierPackage.active == True)):  # noqa: E712
            if row.id not in seen_packages:
                row.active = False
                session.add(row)


def list_carriers(db: Database, *, active_only: bool = True) -> list[tuple[Carrier, list[CarrierPackage]]]:
    with db.read() as session:
        query = select(Carrier).order_by(Carrier.code)
        if active_only:
            query = query.where(Carrier.active == True)  # noqa: E712
        carriers = list(session.exec(query))
        packages = list(
            session.exec(
                select(CarrierPackage)
                .where(CarrierPackage.active == True)  # noqa: E712
                .order_by(CarrierPackage.carrier_code, col(CarrierPackage.quantity))
            )
        )
    by_carrier: dict[str, list[CarrierPackage]] = {}
    for pkg in packages:
        by_carrier.setdefault(pkg.carrier_code, []).append(pkg)
    return [(c, by_carrier.get(c.code, [])) for c in carriers]


def ensure_carrier(session: Session, code: str, *, source: str = "placeholder", active: bool = False) -> None:
    """The one place a carrier row is made outside the catalogue refresh. The `carrier` table
    mirrors the provider's catalogue, but a number may name a carrier it has not listed yet (typed
    in the ship dialog, seen in an order export, imported from an outlet): a row keeps the foreign
    keys satisfied, hidden (`active` False) unless the caller says otherwise; the next refresh fills
    in the rest. Safe when another transaction adds the same carrier at the same time."""
    if session.get(Carrier, code) is not None:
        return
    from sqlalchemy.dialects.postgresql import insert as pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(
        insert(Carrier)
        .values(
            code=code,
            name=codes.name_of(code),
            prices={},
            transit_days={},
            provinces_excluded=[],
            active=active,
            source=source,
        )
        .on_conflict_do_nothing(index_elements=["code"])
    )
