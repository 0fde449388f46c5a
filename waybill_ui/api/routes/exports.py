"""The marketplace batch-ship upload file (docs/api.md)."""

from __future__ import annotations

from datetime import datetime


from fastapi.responses import Response

from waybill_ui.api.deps import DB, CurrentUser
from waybill_ui.clock import SHANGHAI, utcnow
from waybill_ui.services.orders import shipback as exports
from waybill_ui.api.router import api_router

router = api_router(tags=["shipping"])


@router.get("/exports/batch-ship.csv")
def batch_ship_csv(
    db: DB,
    user: CurrentUser,
    shipment_ids: str | None = None,
    shipped_since: datetime | None = None,
    shop_id: int | None = None,
) -> Response:
    """订单编号, 物流公司, 运单号 for the chosen shipments (UTF-8 with BOM; formula-safe cells), the
    Taobao layout; `shop_id` keeps one shop's (GET /shops/{id}/batch-ship writes that shop's own
    marketplace template). `shipped_since` without a time zone is read as shop time (Asia/Shanghai)."""
    if shipped_since is not None and shipped_since.tzinfo is None:
        shipped_since = shipped_since.replace(tzinfo=SHANGHAI)
    data = exports.batch_ship_csv(
        db, shipment_ids=exports.parse_ids(shipment_ids) or None, shipped_since=shipped_since, shop_id=shop_id
    )
    name = exports.filename(utcnow().astimezone(SHANGHAI))
    return Response(
        data, media_type="text/csv; charset=utf-8", headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
