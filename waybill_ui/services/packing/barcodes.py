"""商品条码: the seller's map of product barcodes (e.g. the EAN-13 on the box) to 商家编码, with
the weight of one piece. The scan station counts a mapped barcode as its 商家编码
(scan.sku_of) and adds the pieces' weights up as the parcel's expected weight (expected_weight)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, or_, text
from sqlmodel import select, col, Session

from waybill_ui.db import Database
from waybill_ui.db.models import ItemBarcode
from waybill_ui.services.accounts import audit
from waybill_ui.services.common.errors import Invalid, NotFound

PAGE_MAX = 500  # the API's largest page (api/paging.py)
MAX_PIECE_G = 100_000
_CODE = re.compile(r"^[0-9A-Za-z._\-/+]{1,64}$")  # what a scanner types: no spaces, no CJK


@dataclass
class BarcodeRow:
    barcode: str
    sku: str
    weight_g: int | None


def _code(value: str, key: str) -> str:
    value = (value or "").strip()
    if not _CODE.match(value):
        raise Invalid(key, value=value[:64])
    return value


def list_page(db: Database, *, q: str = "", offset: int = 0, limit: int = 50) -> tuple[list[BarcodeRow], int]:
    """One page of the map (by 商家编码, then barcode) and how many match `q` (a part of either)."""
    limit = max(1, min(int(limit), PAGE_MAX))
    where = []
    if q.strip():
        like = f"%{q.strip()}%"
        where.append(or_(col(ItemBarcode.barcode).like(like), col(ItemBarcode.sku).like(like)))
    with db.read() as session:
        total = session.exec(select(func.count()).select_from(ItemBarcode).where(*where)).one()
        rows = session.exec(
            select(ItemBarcode)
            .where(*where)
            .order_by(ItemBarcode.sku, ItemBarcode.barcode)
            .offset(max(0, int(offset)))
            .limit(limit)
        ).all()
    return [BarcodeRow(r.barcode, r.sku, r.weight_g) for r in rows], int(total)


def save(db: Database, *, barcode: str, sku: str, weight_g: int | None = None, actor: str) -> BarcodeRow:
    """Add or change one mapping. A barcode equal to its 商家编码 just records the piece weight."""
    barcode = _code(barcode, "barcode.bad_barcode")
    sku = _code(sku, "barcode.bad_sku")
    if weight_g is not None and not 0 < int(weight_g) <= MAX_PIECE_G:
        raise Invalid("barcode.bad_weight", max_kg=MAX_PIECE_G // 1000)
    with db.write() as session:
        row = session.get(ItemBarcode, barcode)
        before = (row.sku, row.weight_g) if row else None
        row = row or ItemBarcode(barcode=barcode, sku=sku)
        row.sku, row.weight_g = sku, int(weight_g) if weight_g is not None else None
        session.add(row)
        audit.record(
            session,
            actor=actor,
            entity="item_barcode",
            entity_id=barcode,
            action="update" if before else "create",
            details={"sku": sku, "weight_g": row.weight_g, "before": list(before) if before else None},
        )
    return BarcodeRow(barcode, sku, row.weight_g)


def delete(db: Database, *, barcode: str, actor: str) -> None:
    with db.write() as session:
        row = session.get(ItemBarcode, (barcode or "").strip())
        if row is None:
            raise NotFound("barcode.not_found", barcode=barcode)
        session.delete(row)
        audit.record(
            session,
            actor=actor,
            entity="item_barcode",
            entity_id=row.barcode,
            action="delete",
            details={"sku": row.sku},
        )


def piece_weights(session: Session, skus: list[str]) -> dict[str, int]:
    """商家编码 → grams of one piece, where the map knows it."""
    if not skus:
        return {}
    rows = session.execute(
        select(ItemBarcode.sku, func.max(ItemBarcode.weight_g))
        .where(col(ItemBarcode.sku).in_(skus), col(ItemBarcode.weight_g).is_not(None))
        .group_by(ItemBarcode.sku)
    ).all()
    return {sku: int(w) for sku, w in rows}


def expected_weight(session: Session, *, order_id: int, order_weight_g: int | None) -> int | None:
    """The parcel's expected grams: the pieces' weights added up when every item's weight is
    known, else the order's own weight (from the import), else unknown."""
    lines = session.execute(text("SELECT sku, quantity FROM order_item WHERE order_id = :o"), {"o": order_id}).all()
    weights = piece_weights(session, sorted({sku for sku, _ in lines if sku}))
    if lines and all(sku in weights for sku, _ in lines):
        return int(sum(weights[sku] * qty for sku, qty in lines))
    return order_weight_g
