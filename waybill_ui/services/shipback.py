"""批量发货 per marketplace: the batch-ship upload file of a shop, in its marketplace's template.

Each marketplace plug-in (services/orders_import/formats/) declares its template: the headers for
order number, carrier and waybill number, the carrier names it accepts and the file kind (CSV
with a BOM, or XLSX). Order numbers are written as text (XLSX cells typed as text) so a
19-digit number never turns into 1.23E+18. Cells are formula-safe (services/spreadsheet.py).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text

from waybill_ui.carriers import codes
from waybill_ui.db import Database
from waybill_ui.services import shops
from waybill_ui.services.errors import Invalid
from waybill_ui.services.orders import utc_text
from waybill_ui.services.orders_import import formats
from waybill_ui.services.orders_import.formats import ShipBack
from waybill_ui.services.spreadsheet import csv_bytes, safe_cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class ShipBackFile:
    content: bytes
    filename: str
    media_type: str
    rows: int
    shop_id: int
    marketplace: str


def carrier_name(template: ShipBack, code: str) -> str:
    """The carrier as the marketplace spells it; our display name for one it does not list."""
    return template.carrier_names.get(code) or codes.name_of(code)


def _shop_of(db: Database, shop_id: int | None, clauses: list[str], params: dict) -> int:
    """The chosen shop; without one, the shop all the chosen shipments belong to (or the only shop)."""
    if shop_id is not None:
        return shops.get_shop(db, shop_id=shop_id).id
    with db.read() as session:
        found = session.execute(text("SELECT DISTINCT o.shop_id FROM shipment s JOIN orders o ON o.id = s.order_id "
                                     f"WHERE {' AND '.join(clauses)}"), params).scalars().all()
        if len(found) == 1:
            return found[0]
        every = session.execute(text("SELECT id FROM shop")).scalars().all()
    if len(every) == 1:
        return every[0]
    raise Invalid("shipback.choose_shop", code="shop_required")


def build(db: Database, *, shop_id: int | None = None, shipment_ids: list[int] | None = None,
          shipped_since: datetime | None = None, batch_id: int | None = None, now: datetime) -> ShipBackFile:
    """Live (not cancelled) shipments of one shop, chosen by ids, a ship batch or a start time."""
    if not shipment_ids and shipped_since is None and batch_id is None:
        raise Invalid("exports.need_filter")
    clauses, params = ["s.cancelled_at IS NULL"], {}
    if shipment_ids:
        clauses.append(f"s.id IN ({','.join(str(int(i)) for i in shipment_ids)})")
    if shipped_since is not None:
        clauses.append("s.shipped_at >= :since")
        params["since"] = utc_text(shipped_since)
    if batch_id is not None:
        clauses.append("s.batch_id = :batch")
        params["batch"] = batch_id
    shop = shops.get_shop(db, shop_id=_shop_of(db, shop_id, clauses, params))
    clauses.append("o.shop_id = :shop")
    params["shop"] = shop.id
    with db.read() as session:
        found = session.execute(text(
            "SELECT o.order_no, s.carrier_code, s.number FROM shipment s JOIN orders o ON o.id = s.order_id "
            f"WHERE {' AND '.join(clauses)} ORDER BY s.shipped_at, s.id"), params).all()
    if not found:
        raise Invalid("exports.nothing", status=404, code="not_found")
    template = formats.for_marketplace(shop.marketplace).ship_back
    rows = [(order_no, carrier_name(template, code), number) for order_no, code, number in found]
    stamp = now.strftime("%Y%m%d-%H%M%S")
    name = f"batch-ship-{shop.marketplace}-{shop.id}-{stamp}.{template.kind}"
    if template.kind == "xlsx":
        return ShipBackFile(_xlsx(template, rows), name, XLSX, len(rows), shop.id, shop.marketplace)
    return ShipBackFile(csv_bytes(template.headers, rows), name, "text/csv; charset=utf-8", len(rows), shop.id,
                        shop.marketplace)


def _xlsx(template: ShipBack, rows: list[tuple[str, str, str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = template.sheet
    sheet.append(list(template.headers))
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    for column in ("A", "C"):  # order and waybill numbers stay text: Excel would round 19 digits
        for cell in sheet[column][1:]:
            cell.number_format = "@"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
