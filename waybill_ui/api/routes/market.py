"""Market API: the carrier catalogue with this shop's ratings, quotes, and own contract prices."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Path, Response
from pydantic import BaseModel, Field

from waybill_ui.api.deps import DB, CurrentUser, Owner, language
from waybill_ui.services.market import contracts
from waybill_ui.services.market import quotes as market
from waybill_ui.api.router import api_router

router = api_router(tags=["market"])
Lang = Annotated[str, Depends(language)]


class PackageOut(BaseModel):
    id: str
    quantity: int
    price_fen: int
    validity_days: int


class CarrierOut(BaseModel):
    code: str
    name: str
    transit_days: int  # typical, nationwide
    transit_days_by_zone: dict[str, int]
    prices: dict[str, dict[str, Any]]
    rating: float | None = None  # 0–5 from this shop's parcels; null: not enough data yet
    rating_details: dict[str, Any]
    rating_text: str
    provinces_excluded: list[str]
    packages: list[PackageOut]


@router.get("/carriers", response_model=list[CarrierOut])
def list_carriers(db: DB, user: CurrentUser, lang: Lang) -> list[CarrierOut]:
    """The carrier catalogue (cached from the provider), with packages for sale and this shop's rating."""
    return [
        CarrierOut(
            code=v.code,
            name=v.name,
            transit_days=int(v.transit_by_zone.get("national", 0)),
            transit_days_by_zone=v.transit_by_zone,
            prices=v.prices,
            rating=v.rating.score,
            rating_details=v.rating.as_dict(),
            rating_text=v.rating.summary(lang),
            provinces_excluded=v.provinces_excluded,
            packages=[
                PackageOut(id=p.id, quantity=p.quantity, price_fen=p.price_fen, validity_days=p.validity_days)
                for p in v.packages
            ],
        )
        for v in sorted(market.market_view(db, include_unserved=True), key=lambda v: v.code)
    ]


class QuoteIn(BaseModel):
    province: str = Field(min_length=1, max_length=32)
    weight_g: int = Field(strict=True, gt=0, le=market.MAX_WEIGHT_G)


class QuoteOut(BaseModel):
    carrier: str
    name: str
    price_fen: int
    transit_days: int
    score: float
    reason: str
    zone: str
    contract: bool  # an own contract price, not the catalogue's
    outlet: str
    rating: float | None


@router.post("/quotes", response_model=list[QuoteOut])
def create_quotes(body: QuoteIn, db: DB, user: CurrentUser, lang: Lang) -> list[QuoteOut]:
    """Every carrier that serves the province, best first; carriers not going there are left out."""
    return [
        QuoteOut(**q.as_dict()) for q in market.quote(db, province=body.province, weight_g=body.weight_g, lang=lang)
    ]


class ContractIn(BaseModel):
    carrier: str = Field(min_length=1, max_length=16)
    zone: str = Field(min_length=1, max_length=32, description="local, region, national, remote or a province")
    first_fen: int = Field(strict=True, gt=0, le=contracts.MAX_FIRST_FEN)
    first_g: int = Field(default=1000, strict=True, ge=100, le=50_000)
    extra_fen_per_kg: int = Field(strict=True, ge=0, le=contracts.MAX_EXTRA_FEN)
    outlet: str = Field(default="", max_length=80)
    note: str = Field(default="", max_length=200)


class ContractOut(ContractIn):
    id: int


def _contract(row) -> ContractOut:
    return ContractOut(
        id=row.id,
        carrier=row.carrier_code,
        zone=row.zone,
        first_fen=row.first_fen,
        first_g=row.first_g,
        extra_fen_per_kg=row.extra_fen_per_kg,
        outlet=row.outlet,
        note=row.note,
    )


@router.get("/contracts", response_model=list[ContractOut])
def list_contracts(db: DB, user: CurrentUser) -> list[ContractOut]:
    """Own contract prices (与快递公司建立长期合作); they override the catalogue."""
    return [_contract(row) for row in contracts.list_contracts(db)]


@router.put("/contracts", response_model=ContractOut)
def save_contract(body: ContractIn, db: DB, owner: Owner) -> ContractOut:
    """Add or replace the contract price of a carrier for a zone or a province (owner only)."""
    return _contract(
        contracts.save_contract(
            db,
            carrier_code=body.carrier,
            zone=body.zone,
            first_fen=body.first_fen,
            first_g=body.first_g,
            extra_fen_per_kg=body.extra_fen_per_kg,
            outlet=body.outlet,
            note=body.note,
            actor=owner,
        )
    )


@router.delete("/contracts/{contract_id}", status_code=204)
def delete_contract(contract_id: Annotated[int, Path(ge=1, le=2**53)], db: DB, owner: Owner) -> Response:
    contracts.delete_contract(db, contract_id=contract_id, actor=owner)
    return Response(status_code=204)
