"""Shops (店铺, docs/api.md): list for everyone; add, rename, (de)activate, delete for the owner;
each shop's batch-ship file in its marketplace's template."""

from __future__ import annotations

from datetime import datetime


from fastapi.responses import Response
from pydantic import BaseModel, Field

from waybill_ui.api.deps import DB, CurrentUser, Owner
from waybill_ui.clock import SHANGHAI, utcnow
from waybill_ui.services.orders import shipback, shops
from waybill_ui.services.orders import shipback as exports
from waybill_ui.api.router import api_router

router = api_router(tags=["shops"])


class ShopOut(BaseModel):
    id: int
    name: str
    marketplace: str
    active: bool
    orders: int
    column_mapping: dict[str, str]  # field → header the seller mapped for this shop ({} when none)


class ShopIn(BaseModel):
    name: str = Field(min_length=1, max_length=60)
    marketplace: str = Field(
        description="taobao, tmall, pdd, doudian, jd, kuaishou, wechat_channels, xiaohongshu or other"
    )


class ShopPatch(BaseModel):
    name: str | None = Field(default=None, max_length=60)
    marketplace: str | None = None
    active: bool | None = None


def _out(shop, counts: dict[int, int]) -> ShopOut:
    return ShopOut(
        id=shop.id,
        name=shop.name,
        marketplace=shop.marketplace,
        active=shop.active,
        orders=counts.get(shop.id, 0),
        column_mapping=(shop.column_mapping or {}).get("columns") or {},
    )


@router.get("/shops", response_model=list[ShopOut])
def list_shops(db: DB, user: CurrentUser, active_only: bool = False) -> list[ShopOut]:
    counts = shops.order_counts(db)
    return [_out(s, counts) for s in shops.list_shops(db, active_only=active_only)]


@router.post("/shops", response_model=ShopOut, status_code=201)
def create_shop(body: ShopIn, db: DB, user: Owner) -> ShopOut:
    """Owner only. 409 `name_taken` when the name is used."""
    return _out(shops.create_shop(db, name=body.name, marketplace=body.marketplace, actor=user), {})


@router.patch("/shops/{shop_id}", response_model=ShopOut)
def update_shop(shop_id: int, body: ShopPatch, db: DB, user: Owner) -> ShopOut:
    """Owner only: rename, change the marketplace, deactivate (`active: false`) or enable again."""
    shop = shops.update_shop(
        db, shop_id=shop_id, actor=user, name=body.name, marketplace=body.marketplace, active=body.active
    )
    return _out(shop, shops.order_counts(db))


@router.delete("/shops/{shop_id}", status_code=204)
def delete_shop(shop_id: int, db: DB, user: Owner) -> Response:
    """Owner only. 409 `shop_has_orders` for a shop with orders (deactivate it instead)."""
    shops.delete_shop(db, shop_id=shop_id, actor=user)
    return Response(status_code=204)


@router.delete("/shops/{shop_id}/mapping", response_model=ShopOut)
def forget_mapping(shop_id: int, db: DB, user: Owner) -> ShopOut:
    """Owner only: forget the column mapping remembered for the shop (the next unknown file asks again)."""
    shop = shops.forget_mapping(db, shop_id=shop_id, actor=user)
    return _out(shop, shops.order_counts(db))


@router.get("/shops/{shop_id}/batch-ship")
def batch_ship_file(
    shop_id: int, db: DB, user: CurrentUser, shipment_ids: str | None = None, shipped_since: datetime | None = None
) -> Response:
    """The shop's 批量发货 upload in its marketplace's template (CSV or XLSX, see the
    Content-Type). `shipped_since` without a time zone is read as shop time (Asia/Shanghai)."""
    if shipped_since is not None and shipped_since.tzinfo is None:
        shipped_since = shipped_since.replace(tzinfo=SHANGHAI)
    made = shipback.build(
        db,
        shop_id=shop_id,
        shipment_ids=exports.parse_ids(shipment_ids) or None,
        shipped_since=shipped_since,
        now=utcnow().astimezone(SHANGHAI),
    )
    return Response(
        made.content,
        media_type=made.media_type,
        headers={"Content-Disposition": f'attachment; filename="{made.filename}"'},
    )
