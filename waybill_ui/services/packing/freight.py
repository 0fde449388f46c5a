"""运费 at the weighed weight: once the station has weighed a parcel (`shipment.weight_g`), its
freight is what the carrier's price (a contract price first, services/market/quotes.py `Quoter.price`)
asks for that weight to the order's province. The station shows it per parcel; the report adds
it up per carrier (services/reports/carriers.py)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlmodel import Session, col
from typing import Any

from waybill_ui.carriers import geo
from waybill_ui.db import Database
from waybill_ui.db.models import Carrier, ContractPrice, Order, Shipment
from waybill_ui.services.market import quotes as market

BUCKET_G = 100  # weights are priced per started 100 g: exact for prices whose first weight is a multiple of 100 g


def parcel_fen(db: Database, *, carrier: str, province: str | None, weight_g: int | None) -> int | None:
    """The freight of one weighed parcel; None when the weight or the carrier's price is unknown."""
    if not weight_g:
        return None
    price = market.quoter(db, with_ratings=False).price(carrier, geo.normalize_province(province), weight_g)
    return price.fen if price else None


def by_carrier(session: Session, conds: list[Any], origin: str) -> dict[str, dict[str, Any]]:
    """carrier → {weighed, weight_g_sum, freight_fen}: the weighed parcels matching `conds`, priced
    in groups of (carrier, province, started 100 g) so a million parcels are a few thousand prices."""
    bucket = (col(Shipment.weight_g) + (BUCKET_G - 1)) / BUCKET_G  # integer division in SQLite and PostgreSQL
    rows = session.execute(
        select(col(Shipment.carrier_code), col(Order.province), bucket, func.count(), func.sum(col(Shipment.weight_g)))
        .join(Order, col(Order.id) == col(Shipment.order_id))
        .where(*conds, col(Shipment.weight_g).is_not(None), col(Shipment.weight_g) > 0)
        .group_by(Shipment.carrier_code, Order.province, bucket)
    ).all()
    quoter = market.Quoter(
        session.execute(select(Carrier)).scalars(), session.execute(select(ContractPrice)).scalars(), {}, origin
    )
    out: dict[str, dict[str, Any]] = {}
    for code, province, grams_bucket, count, grams in rows:
        c = out.setdefault(code, {"weighed": 0, "weight_g_sum": 0, "freight_fen": 0, "priced": 0})
        c["weighed"] += int(count)
        c["weight_g_sum"] += int(grams or 0)
        price = quoter.price(code, geo.normalize_province(province), int(grams_bucket) * BUCKET_G)
        if price is not None:
            c["freight_fen"] += price.fen * int(count)
            c["priced"] += int(count)
    return out
