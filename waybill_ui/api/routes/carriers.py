from fastapi import APIRouter
from pydantic import BaseModel

from waybill_ui.api.deps import DB, CurrentUser
from waybill_ui.services import catalogue

router = APIRouter(tags=["market"])


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
    prices: dict[str, dict]
    rating: float | None = None
    provinces_excluded: list[str]
    packages: list[PackageOut]


@router.get("/carriers", response_model=list[CarrierOut])
def list_carriers(db: DB, user: CurrentUser) -> list[CarrierOut]:
    """The carrier catalogue (cached from the provider), with packages for sale."""
    return [CarrierOut(code=c.code, name=c.name, transit_days=int(c.transit_days.get("national", 0)),
                       transit_days_by_zone=c.transit_days, prices=c.prices,
                       provinces_excluded=c.provinces_excluded,
                       packages=[PackageOut(id=p.id, quantity=p.quantity, price_fen=p.price_fen,
                                            validity_days=p.validity_days) for p in pkgs])
            for c, pkgs in catalogue.list_carriers(db)]
