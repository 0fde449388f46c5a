"""The carrier market: what a parcel costs with each carrier (catalogue zone prices, or the shop's
own contract prices, which win), how fast it goes, and which carrier is best for it.

Callers that price many parcels (carrier matching, batch ship) build one `Quoter` with
`quoter(db)` and ask it in memory; `quote(db, ...)` is the one-off form.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import select, col
from typing import Any

from waybill_ui.carriers import geo
from waybill_ui.db import Database
from waybill_ui.db.models import Carrier, CarrierPackage, ContractPrice, SenderAddress
from waybill_ui.services.market import ratings as ratings_service
from waybill_ui.services.settings import store as shop_settings
from waybill_ui.services.common.errors import Invalid
from waybill_ui.services.market.ratings import Rating
from waybill_ui.texts import tr

ORIGIN_KEY = "market.origin_province"
# Until the shop says where it ships from: most Taobao sellers ship from Zhejiang.
DEFAULT_ORIGIN = "浙江省"
REFERENCE_WEIGHT_G = 1000
MAX_WEIGHT_G = 100_000
# How a quote's score weighs price, speed and this shop's rating of the carrier.
WEIGHTS = {"price": 0.5, "speed": 0.3, "rating": 0.2}
UNRATED = 0.6  # rating part for a carrier without enough data: neither rewarded nor punished much
SORTS = ("price", "speed", "rating")
# Ratings come from months of parcels and take 1–2 s with 100,000 shipments: computed at most
# every ten minutes per database and origin (pass fresh=True to force); a job keeps them warm.
RATINGS_TTL_S = 600
_ratings_cache: dict[tuple[str, str], tuple[float, dict[str, Rating]]] = {}


def origin_province(db: Database) -> str:
    """Where parcels leave from: the market setting, else the default sender address."""
    stored = geo.normalize_province(shop_settings.get(db, ORIGIN_KEY))
    if stored:
        return stored
    with db.read() as session:
        sender = session.exec(
            select(SenderAddress).order_by(col(SenderAddress.is_default).desc(), col(SenderAddress.id))
        ).first()
    return geo.normalize_province(sender.province if sender else None) or DEFAULT_ORIGIN


def price_for(price: dict[str, Any], weight_g: int) -> int:
    """First weight plus each started kilogram above it."""
    first_fen, first_g = int(price.get("first_fen") or 0), int(price.get("first_g") or 1000)
    extra_kg = math.ceil(max(0, weight_g - first_g) / 1000)
    return first_fen + extra_kg * int(price.get("extra_fen_per_kg") or 0)


def _yuan(fen: int) -> str:
    return f"¥{fen / 100:.2f}"


@dataclass
class Quote:
    carrier: str
    name: str
    price_fen: int
    transit_days: int
    score: float
    reason: str
    zone: str
    contract: bool = False
    outlet: str = ""
    rating: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "carrier": self.carrier,
            "name": self.name,
            "price_fen": self.price_fen,
            "transit_days": self.transit_days,
            "score": self.score,
            "reason": self.reason,
            "zone": self.zone,
            "contract": self.contract,
            "outlet": self.outlet,
            "rating": self.rating,
        }


@dataclass
class Price:
    fen: int
    zone: str
    transit_days: int
    contract: ContractPrice | None = None


class Quoter:
    """Everything a quote needs, loaded once: carriers, contracts, ratings and the origin."""

    def __init__(
        self, carriers: Iterable[Carrier], contracts: Iterable[ContractPrice], ratings: dict[str, Rating], origin: str
    ):
        self.carriers = {c.code: c for c in carriers if c.active}
        self.contracts = {(c.carrier_code, c.zone): c for c in contracts}
        self.ratings = ratings
        self.origin = origin

    def serves(self, carrier: str, province: str) -> bool:
        row = self.carriers.get(carrier)
        return row is not None and province not in (row.provinces_excluded or [])

    def price(self, carrier: str, province: str | None, weight_g: int = REFERENCE_WEIGHT_G) -> Price | None:
        """What one parcel costs with a carrier; None when the carrier does not go there.
        A province-specific contract beats a zone contract, which beats the catalogue."""
        row = self.carriers.get(carrier)
        if row is None or (province and not self.serves(carrier, province)):
            return None
        zone = geo.zone_between(self.origin, province) if province else "national"
        days = int(row.transit_days.get(zone) or row.transit_days.get("national") or 0)
        contract = self.contracts.get((carrier, province)) if province else None
        contract = contract or self.contracts.get((carrier, zone))
        if contract is not None:
            terms = {
                "first_fen": contract.first_fen,
                "first_g": contract.first_g,
                "extra_fen_per_kg": contract.extra_fen_per_kg,
            }
            return Price(price_for(terms, weight_g), zone, days, contract)
        if zone not in row.prices:
            return None
        return Price(price_for(row.prices[zone], weight_g), zone, days)

    def quote(
        self, province: str, weight_g: int, *, lang: str = "zh", carriers: Iterable[str] | None = None
    ) -> list[Quote]:
        """Every carrier that serves the province, best first, each with a one-line reason."""
        wanted = set(carriers) if carriers is not None else set(self.carriers)
        priced = [(code, p) for code in sorted(wanted) if (p := self.price(code, province, weight_g)) is not None]
        if not priced:
            return []
        cheapest = min(p.fen for _, p in priced)
        fastest = min(p.transit_days for _, p in priced) or 1
        scores = {code: self.ratings[code].score for code, _ in priced if code in self.ratings}
        best_rating = max((s for s in scores.values() if s is not None), default=None)
        quotes = []
        for code, p in priced:
            rating = scores.get(code)
            parts = {
                "price": cheapest / p.fen if p.fen else 1.0,
                "speed": fastest / p.transit_days if p.transit_days else 1.0,
                "rating": rating / 5 if rating is not None else UNRATED,
            }
            score = round(100 * sum(WEIGHTS[k] * v for k, v in parts.items()), 1)
            reason = self._reason(p, rating, cheapest=cheapest, fastest=fastest, best_rating=best_rating, lang=lang)
            quotes.append(
                Quote(
                    carrier=code,
                    name=self.carriers[code].name,
                    price_fen=p.fen,
                    transit_days=p.transit_days,
                    score=score,
                    reason=reason,
                    zone=p.zone,
                    contract=p.contract is not None,
                    outlet=p.contract.outlet if p.contract else "",
                    rating=rating,
                )
            )
        quotes.sort(key=lambda q: (-q.score, q.price_fen, q.transit_days, q.carrier))
        return quotes

    @staticmethod
    def _reason(
        p: Price, rating: float | None, *, cheapest: int, fastest: int, best_rating: float | None, lang: str
    ) -> str:
        parts = []
        if p.fen == cheapest:
            parts.append(tr("quote.reason.cheapest", lang, price=_yuan(p.fen)))
        else:
            parts.append(tr("quote.reason.more", lang, price=_yuan(p.fen), diff=_yuan(p.fen - cheapest)))
        if p.contract is not None:
            parts.append(tr("quote.reason.contract", lang))
        key = "quote.reason.fastest" if p.transit_days == fastest else "quote.reason.days"
        parts.append(tr(key, lang, days=p.transit_days))
        if rating is None:
            parts.append(tr("quote.reason.unrated", lang))
        elif best_rating is not None and rating == best_rating:
            parts.append(tr("quote.reason.best_rated", lang, score=f"{rating:.1f}"))
        else:
            parts.append(tr("quote.reason.rated", lang, score=f"{rating:.1f}"))
        return tr("quote.reason.join", lang).join(parts)


def carrier_ratings(db: Database, *, now: datetime | None = None, fresh: bool = False) -> dict[str, Rating]:
    """This shop's rating of every carrier (see services/market/ratings.py); at most RATINGS_TTL_S old
    unless `fresh` (or a `now` to rate as of, which is always computed)."""
    return _ratings(db, origin_province(db), now=now, fresh=fresh)


def _ratings(db: Database, origin: str, *, now: datetime | None, fresh: bool) -> dict[str, Rating]:
    if now is not None:
        return ratings_service.compute(db, origin=origin, now=now)
    key = (db.url, origin)
    cached = _ratings_cache.get(key)
    if cached and not fresh and time.monotonic() - cached[0] < RATINGS_TTL_S:
        return cached[1]
    result = ratings_service.compute(db, origin=origin)
    _ratings_cache[key] = (time.monotonic(), result)
    return result


def quoter(db: Database, *, with_ratings: bool = True, now: datetime | None = None) -> Quoter:
    """Everything needed to price parcels in memory (carrier matching prices thousands at once)."""
    origin = origin_province(db)
    ratings = _ratings(db, origin, now=now, fresh=False) if with_ratings else {}
    with db.read() as session:
        carriers = list(session.exec(select(Carrier)))
        contracts = list(session.exec(select(ContractPrice)))
    return Quoter(carriers, contracts, ratings, origin)


def check_parcel(province: str | None, weight_g: int | None) -> tuple[str, int]:
    """The full province name and a sane weight, or Invalid with what to fix."""
    full = geo.normalize_province(province)
    if full is None:
        raise Invalid("quote.unknown_province", province=province or "")
    if weight_g is None or not 0 < int(weight_g) <= MAX_WEIGHT_G:
        raise Invalid("quote.bad_weight", max_kg=MAX_WEIGHT_G // 1000)
    return full, int(weight_g)


def quote(
    db: Database, *, province: str, weight_g: int, lang: str = "zh", carriers: Iterable[str] | None = None
) -> list[Quote]:
    """Quotes for one parcel: carriers serving the province, best first (POST /api/v1/quotes)."""
    province, weight_g = check_parcel(province, weight_g)
    return quoter(db).quote(province, weight_g, lang=lang, carriers=carriers)


# --- the market page's cards -------------------------------------------------------------------


@dataclass
class PackageView:
    id: str
    quantity: int
    price_fen: int
    unit_fen: float
    validity_days: int


@dataclass
class CarrierView:
    code: str
    name: str
    reference_fen: int | None  # a 1 kg parcel to the chosen province (nationwide when none)
    contract: bool
    transit_days: int | None
    zone: str
    rating: Rating
    provinces_excluded: list[str]
    serves: bool
    packages: list[PackageView] = field(default_factory=list)
    prices: dict[str, Any] = field(default_factory=dict)
    transit_by_zone: dict[str, Any] = field(default_factory=dict)


def market_view(
    db: Database,
    *,
    province: str | None = None,
    sort: str = "price",
    weight_g: int = REFERENCE_WEIGHT_G,
    include_unserved: bool = False,
) -> list[CarrierView]:
    """Carriers for the market page: filtered to those serving `province`, sorted by
    price, speed or rating."""
    province = geo.normalize_province(province) if province else None
    q = quoter(db)
    with db.read() as session:
        packages = list(
            session.exec(
                select(CarrierPackage)
                .where(CarrierPackage.active == True)  # noqa: E712
                .order_by(col(CarrierPackage.quantity))
            )
        )
    views = []
    for code, carrier in sorted(q.carriers.items()):
        p = q.price(code, province, weight_g)
        serves = province is None or q.serves(code, province)
        if not serves and not include_unserved:
            continue
        views.append(
            CarrierView(
                code=code,
                name=carrier.name,
                reference_fen=p.fen if p else None,
                contract=bool(p and p.contract),
                transit_days=p.transit_days if p else None,
                zone=p.zone if p else "",
                rating=q.ratings.get(code) or Rating(code),
                provinces_excluded=list(carrier.provinces_excluded or []),
                serves=serves,
                packages=[
                    PackageView(
                        id=k.id,
                        quantity=k.quantity,
                        price_fen=k.price_fen,
                        unit_fen=k.price_fen / k.quantity,
                        validity_days=k.validity_days,
                    )
                    for k in packages
                    if k.carrier_code == code
                ],
                prices=dict(carrier.prices),
                transit_by_zone=dict(carrier.transit_days),
            )
        )
    big = 10**12
    keys = {
        "price": lambda v: (v.reference_fen if v.reference_fen is not None else big, v.code),
        "speed": lambda v: (v.transit_days if v.transit_days is not None else big, v.reference_fen or big, v.code),
        "rating": lambda v: (-(v.rating.score if v.rating.score is not None else -1), v.reference_fen or big, v.code),
    }
    views.sort(key=keys.get(sort, keys["price"]))
    return views
