"""The marketplace's batch-ship upload file (批量发货): 订单编号, 物流公司, 运单号 per shipment, and
(`build`) each shop's file in its own marketplace's template.

The layout is the widely used minimal one (docs/carrier-formats.md §4.5, unverified against
Taobao's own template: the seller compares with the template 千牛 offers). UTF-8 with a BOM so Excel opens it
in Chinese; every cell that a spreadsheet would run as a formula (= + - @, tab, CR) is neutralised
with a leading apostrophe — order data came from outside and is never executed.

Per marketplace: each plug-in (services/orders/importing/formats/) declares its template — the
headers for order number, carrier and waybill number, the carrier names it accepts and the file
kind (CSV with a BOM, or XLSX). XLSX order and waybill cells are typed as text so a 19-digit
number never turns into 1.23E+18.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from sqlmodel import Session

from typing import Any
from waybill_ui.carriers import codes
from waybill_ui.db import Database
from waybill_ui.db.rows import row_id, stored_ids
from waybill_ui.services.common.errors import Invalid
from waybill_ui.services.orders.listing import utc_text
from waybill_ui.services.common.spreadsheet import csv_bytes, safe_cell
from waybill_ui.services.orders import shops
from waybill_ui.services.orders.importing import formats
from waybill_ui.services.orders.importing.formats import ShipBack

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


def batch_ship_rows(
    db: Database,
    *,
    shipment_ids: list[int] | None = None,
    shipped_since: datetime | None = None,
    batch_id: int | None = None,
    shop_id: int | None = None,
) -> list[tuple[str, str, str]]:
    """Orders of live (not cancelled) shipments chosen by ids, a ship batch, or a start time (and one
    shop's only with `shop_id`; `build` below writes each marketplace's own template)."""
    clauses, params = _chosen(shipment_ids, shipped_since, batch_id)
    with db.read() as session:
        found = _order_rows(session, clauses, params, shop_id)
    return [(order_no, taobao_name(code), number) for order_no, code, number in found]


def _chosen(
    shipment_ids: list[int] | None, shipped_since: datetime | None, batch_id: int | None
) -> tuple[list[str], dict[str, Any]]:
    """The WHERE of an export's shipments: live ones, chosen by ids, a ship batch or a start time."""
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
    return clauses, params


def _order_rows(
    session: Session, clauses: list[str], params: dict[str, Any], shop_id: int | None
) -> list[tuple[str, str, str]]:
    """(order no, carrier code, number) of the shipments the clauses (on `s`) choose, one row per
    order as the templates want it: a merged parcel lists every order of its group with the one
    number; a split order lists its first parcel's number (for 子母件 the parent) and only once every
    parcel is out (docs/merge-split.md)."""
    where = " AND ".join(clauses)
    shop = ""
    if shop_id is not None:
        shop, params = " AND o.shop_id = :shop", {**params, "shop": shop_id}
    rows = session.execute(
        text(
            "SELECT o.order_no, f.carrier_code, f.number, f.shipped_at, f.id FROM orders o "
            "JOIN shipment f ON f.order_id = o.id AND f.cancelled_at IS NULL AND f.merge_group_id IS NULL "
            " AND f.parcel_seq = (SELECT min(x.parcel_seq) FROM shipment x WHERE x.order_id = o.id "
            "                     AND x.cancelled_at IS NULL) "
            f"WHERE o.status = 'shipped'{shop} AND o.id IN (SELECT s.order_id FROM shipment s WHERE {where}) "
            "UNION ALL "
            "SELECT o.order_no, s.carrier_code, s.number, s.shipped_at, s.id FROM shipment s "
            f"JOIN orders o ON o.merge_group_id = s.merge_group_id WHERE {where} AND s.merge_group_id IS NOT NULL "
            f"AND o.status = 'shipped'{shop} "
            "ORDER BY 4, 5, 1"
        ),
        params,
    ).all()
    return [(order_no, code, number) for order_no, code, number, _, _ in rows]


def batch_ship_csv(db: Database, **selection: Any) -> bytes:
    rows = batch_ship_rows(db, **selection)
    if not rows:
        raise Invalid("exports.nothing", status=404, code="not_found")
    return csv_bytes(HEADERS, rows)


def filename(now: datetime) -> str:
    return f"batch-ship-{now.strftime('%Y%m%d-%H%M%S')}.csv"


def shipment_ids_for_orders(db: Database, *, order_ids: list[int]) -> list[int]:
    """The live shipments of these orders (the page's selection → the batch-ship file); a merged
    order's is its group's one shipment."""
    found: list[int] = []
    with db.read() as session:
        for start in range(0, len(order_ids), 900):
            part = ",".join(str(int(i)) for i in order_ids[start : start + 900])
            found += (
                session.execute(
                    text(
                        f"SELECT id FROM shipment WHERE cancelled_at IS NULL AND (order_id IN ({part}) OR merge_group_id IN "
                        f"(SELECT merge_group_id FROM orders WHERE id IN ({part}) AND merge_group_id IS NOT NULL))"
                    )
                )
                .scalars()
                .all()
            )
    return sorted(set(found))


# --- per marketplace -------------------------------------------------------------------------

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


def _shop_of(db: Database, shop_id: int | None, clauses: list[str], params: dict[str, Any]) -> int:
    """The chosen shop; without one, the shop all the chosen shipments belong to (or the only shop)."""
    if shop_id is not None:
        return row_id(shops.get_shop(db, shop_id=shop_id))
    with db.read() as session:
        found = stored_ids(
            session.execute(
                text(
                    "SELECT DISTINCT o.shop_id FROM shipment s JOIN orders o ON o.id = s.order_id "
                    f"WHERE {' AND '.join(clauses)}"
                ),
                params,
            ).scalars()
        )
        if len(found) == 1:
            return found[0]
        every = stored_ids(session.execute(text("SELECT id FROM shop")).scalars())
    if len(every) == 1:
        return every[0]
    raise Invalid("shipback.choose_shop", code="shop_required")


def build(
    db: Database,
    *,
    shop_id: int | None = None,
    shipment_ids: list[int] | None = None,
    shipped_since: datetime | None = None,
    batch_id: int | None = None,
    now: datetime,
) -> ShipBackFile:
    """Live (not cancelled) shipments of one shop, chosen by ids, a ship batch or a start time."""
    clauses, params = _chosen(shipment_ids, shipped_since, batch_id)
    shop = shops.get_shop(db, shop_id=_shop_of(db, shop_id, clauses, params))
    shop_id = row_id(shop)
    with db.read() as session:
        found = _order_rows(session, clauses, params, shop_id)
    if not found:
        raise Invalid("exports.nothing", status=404, code="not_found")
    template = formats.for_marketplace(shop.marketplace).ship_back
    rows = [(order_no, carrier_name(template, code), number) for order_no, code, number in found]
    stamp = now.strftime("%Y%m%d-%H%M%S")
    name = f"batch-ship-{shop.marketplace}-{shop_id}-{stamp}.{template.kind}"
    if template.kind == "xlsx":
        return ShipBackFile(_xlsx(template, rows), name, XLSX, len(rows), shop_id, shop.marketplace)
    return ShipBackFile(
        csv_bytes(template.headers, rows), name, "text/csv; charset=utf-8", len(rows), shop_id, shop.marketplace
    )


def _xlsx(template: ShipBack, rows: list[tuple[str, str, str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.worksheets[0]  # a new workbook's one (and active) sheet; `book.active` is typed Optional
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
