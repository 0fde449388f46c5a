"""The marketplace's batch-ship upload file (批量发货): 订单编号, 物流公司, 运单号 per shipment.

The layout is the widely used minimal one (reference §4.5, unverified against Taobao's own
template: the seller compares with the template 千牛 offers). UTF-8 with a BOM so Excel opens it
in Chinese; every cell that a spreadsheet would run as a formula (= + - @, tab, CR) is neutralised
with a leading apostrophe — order data came from outside and is never executed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text

from typing import Any
from waybill_ui.carriers import codes
from waybill_ui.db import Database
from waybill_ui.services.common.errors import Invalid
from waybill_ui.services.orders.listing import utc_text
from waybill_ui.services.common.spreadsheet import csv_bytes

HEADERS = ("订单编号", "物流公司", "运单号")
def taobao_name(code: str) -> str:
    carrier = codes.CARRIERS.get(code)
    return carrier.taobao_name if carrier else code


def parse_ids(raw: str | None) -> list[int]:
    if not raw:
        return []
    try:
        return [int(part) for part in raw.replace("，", ",").split(",") if part.strip()]
    except ValueError:
        raise Invalid("exports.bad_ids") from None


def batch_ship_rows(db: Database, *, shipment_ids: list[int] | None = None, shipped_since: datetime | None = None,
                    batch_id: int | None = None) -> list[tuple[str, str, str]]:
    """Live (not cancelled) shipments chosen by ids, a ship batch, or a start time."""
    if not shipment_ids and shipped_since is None and batch_id is None:
        raise Invalid("exports.need_filter")
    clauses = ["s.cancelled_at IS NULL"]
    params: dict[str, Any] = {}
    if shipment_ids:
        clauses.append(f"s.id IN ({','.join(str(int(i)) for i in shipment_ids)})")
    if shipped_since is not None:
        clauses.append("s.shipped_at >= :since")
        params["since"] = utc_text(shipped_since)
    if batch_id is not None:
        clauses.append("s.batch_id = :batch")
        params["batch"] = batch_id
    with db.read() as session:
        rows = session.execute(text(
            "SELECT o.order_no, s.carrier_code, s.number FROM shipment s JOIN orders o ON o.id = s.order_id "
            f"WHERE {' AND '.join(clauses)} ORDER BY s.shipped_at, s.id"), params).all()
    return [(order_no, taobao_name(code), number) for order_no, code, number in rows]


def batch_ship_csv(db: Database, **selection: Any) -> bytes:
    rows = batch_ship_rows(db, **selection)
    if not rows:
        raise Invalid("exports.nothing", status=404, code="not_found")
    return csv_bytes(HEADERS, rows)


def filename(now: datetime) -> str:
    return f"batch-ship-{now.strftime('%Y%m%d-%H%M%S')}.csv"


def shipment_ids_for_orders(db: Database, *, order_ids: list[int]) -> list[int]:
    """The live shipments of these orders (the page's selection → the batch-ship file)."""
    found: list[int] = []
    with db.read() as session:
        for start in range(0, len(order_ids), 900):
            part = ",".join(str(int(i)) for i in order_ids[start:start + 900])
            found += session.execute(text(f"SELECT id FROM shipment WHERE cancelled_at IS NULL AND order_id IN ({part})")
                                     ).scalars().all()
    return found
