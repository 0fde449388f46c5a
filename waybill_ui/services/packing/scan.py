"""扫描验货发货: the rules of the scan station, one typed result per scan.

The page keeps nothing but what these functions return: `open_parcel` finds the order from a pick
slip barcode (the order number) or a label's waybill number, `scan_item` checks one item barcode
against the order's lines (a 商家编码, or a barcode the seller mapped to one in `item_barcode`),
`confirm` re-checks the counts on the server, records the weight and ships the order (through
services/shipping/single.py) when it is still pending.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from sqlalchemy import text
from sqlmodel import select, col, Session

from waybill_ui.db import Database
from waybill_ui.db.models import ItemBarcode, Order, OrderItem, OrderStatus, Shipment
from waybill_ui.db.rows import row_id
from waybill_ui.clock import utcnow
from waybill_ui.services.accounts import audit
from waybill_ui.services.shipping import single as shipping
from waybill_ui.services.orders import shops
from waybill_ui.services.packing import barcodes, freight
from waybill_ui.services.common.errors import Conflict, Invalid, NotFound

WEIGHT_TOLERANCE = 0.3  # a weight more than 30 % away from the expected one is flagged
CARRIER_WORDS = ("快递", "顺丰", "中通", "圆通", "申通", "韵达", "邮政", "EMS", "京东", "极兔")


class Warn(StrEnum):
    refunded = "refunded"  # 退款/关闭: do not pack
    unpaid = "unpaid"
    already_shipped = "already_shipped"  # fine for a label scan; packing again is refused
    carrier_request = "carrier_request"  # the buyer asked for a carrier in the message
    address_changed = "address_changed"  # the seller memo says the address changed


class ItemVerdict(StrEnum):
    ok = "ok"
    done = "done"  # that scan completed the whole order
    wrong = "wrong"  # not in this order
    extra = "extra"  # in the order, but its count is already reached


@dataclass
class Line:
    sku: str
    title: str
    spec: str
    quantity: int


@dataclass
class Parcel:
    order_no: str
    status: str
    lines: list[Line]
    warnings: list[Warn] = field(default_factory=list)
    number: str = ""  # waybill number when already shipped
    expected_weight_g: int | None = None
    blocked: bool = False  # a red warning that forbids packing
    buyer_message: str = ""
    seller_memo: str = ""


@dataclass
class ItemScan:
    verdict: ItemVerdict
    sku: str
    counts: dict[str, int]


@dataclass
class Packed:
    order_no: str
    carrier: str
    number: str
    weight_g: int | None
    weight_flagged: bool
    newly_shipped: bool
    shipment_id: int = 0
    needs_label: bool = False  # never printed: the station prints it now (ui/pages/packing_scan.py)
    freight_fen: int | None = None  # at the weighed weight (services/packing/freight.py)
    expected_weight_g: int | None = None


def _find_order(session: Session, code: str) -> Order | None:
    order = shops.find_order(session, code)  # a number in two shops is refused, never guessed
    if order is not None:
        return order
    order_id = session.execute(
        text("SELECT order_id FROM shipment WHERE number = :n AND cancelled_at IS NULL"), {"n": code}
    ).scalar()
    return session.get(Order, order_id) if order_id is not None else None


def _warnings(order: Order) -> list[Warn]:
    warns: list[Warn] = []
    if order.status == OrderStatus.closed or "退款" in (order.marketplace_status or ""):
        warns.append(Warn.refunded)
    if order.status == OrderStatus.unpaid:
        warns.append(Warn.unpaid)
    if order.status == OrderStatus.shipped:
        warns.append(Warn.already_shipped)
    if any(word in (order.buyer_message or "") for word in CARRIER_WORDS):
        warns.append(Warn.carrier_request)
    if "改地址" in (order.seller_memo or "") or "地址已改" in (order.seller_memo or ""):
        warns.append(Warn.address_changed)
    return warns


def _lines(session: Session, order_id: int) -> list[Line]:
    rows = session.exec(select(OrderItem).where(OrderItem.order_id == order_id).order_by(col(OrderItem.id))).all()
    return [Line(r.sku, r.title, r.spec, r.quantity) for r in rows]


def open_parcel(db: Database, *, code: str) -> Parcel:
    code = (code or "").strip()
    if not code:
        raise Invalid("pack.code_empty")
    with db.read() as session:
        order = _find_order(session, code)
        if order is None:
            raise NotFound("pack.not_found", scanned=code)  # `code=` would set the error code
        lines = _lines(session, row_id(order))
        expected = barcodes.expected_weight(session, order_id=row_id(order), order_weight_g=order.weight_g)
        number = (
            session.execute(
                text("SELECT number FROM shipment WHERE order_id = :o AND cancelled_at IS NULL"), {"o": order.id}
            ).scalar()
            or ""
        )
    warns = _warnings(order)
    blocked = bool({Warn.refunded, Warn.unpaid} & set(warns))
    return Parcel(
        order.order_no,
        order.status,
        lines,
        warns,
        number,
        expected,
        blocked,
        order.buyer_message or "",
        order.seller_memo or "",
    )


def sku_of(db: Database, *, barcode: str) -> str:
    """The 商家编码 a scanned barcode stands for: the mapping table first, else the code itself."""
    barcode = (barcode or "").strip()
    with db.read() as session:
        mapped = session.get(ItemBarcode, barcode)
    return mapped.sku if mapped else barcode


def scan_item(db: Database, *, order_no: str, barcode: str, counts: dict[str, int]) -> ItemScan:
    sku = sku_of(db, barcode=barcode)
    with db.read() as session:
        order = shops.find_order(session, order_no)
        if order is None:
            raise NotFound("pack.not_found", scanned=order_no)
        wanted = _wanted(_lines(session, row_id(order)))
    counts = {k: int(v) for k, v in (counts or {}).items() if k in wanted}
    if sku not in wanted:
        return ItemScan(ItemVerdict.wrong, sku, counts)
    if counts.get(sku, 0) >= wanted[sku]:
        return ItemScan(ItemVerdict.extra, sku, counts)
    counts[sku] = counts.get(sku, 0) + 1
    verdict = ItemVerdict.done if counts == wanted else ItemVerdict.ok
    return ItemScan(verdict, sku, counts)


def _wanted(lines: list[Line]) -> dict[str, int]:
    wanted: dict[str, int] = {}
    for line in lines:
        wanted[line.sku] = wanted.get(line.sku, 0) + line.quantity
    return wanted


def parse_weight(raw: str) -> int:
    """A scale or a person: '1.25' / '1.25kg' mean kilograms, '1250g' or a whole number ≥ 100 grams."""
    value = (raw or "").strip().lower().replace(" ", "")
    try:
        if value.endswith("kg"):
            grams = round(float(value[:-2]) * 1000)
        elif value.endswith("g"):
            grams = round(float(value[:-1]))
        else:
            number = float(value)
            grams = round(number) if number >= 100 else round(number * 1000)
    except ValueError:
        raise Invalid("pack.weight_bad", raw=raw) from None
    if grams <= 0 or grams > 100_000:
        raise Invalid("pack.weight_bad", raw=raw)
    return grams


def weight_flagged(*, expected_g: int | None, weight_g: int | None) -> bool:
    if not expected_g or not weight_g:
        return False
    return abs(weight_g - expected_g) > expected_g * WEIGHT_TOLERANCE


def confirm(
    db: Database,
    *,
    order_no: str,
    counts: dict[str, int],
    weight_g: int | None,
    actor: str,
    carrier: str | None = None,
    now: datetime | None = None,
) -> Packed:
    now = now or utcnow()
    parcel = open_parcel(db, code=order_no)
    if parcel.blocked:
        raise Conflict("pack.blocked", code="not_packable", order_no=order_no)
    wanted = _wanted(parcel.lines)
    if {k: int(v) for k, v in (counts or {}).items() if v} != wanted:
        raise Conflict("pack.counts_differ", code="counts_differ", order_no=order_no)
    newly = False
    if parcel.status == OrderStatus.pending:
        shipping.ship_order(db, order_no=order_no, actor=actor, carrier=carrier, now=now)
        newly = True
    with db.write() as session:
        shipment = session.exec(
            select(Shipment).where(  # the one order open_parcel found (never guessed)
                Shipment.order_id == shops.order_id(session, order_no), col(Shipment.cancelled_at).is_(None)
            )
        ).first()
        if shipment is None:
            raise Conflict("pack.no_shipment", code="no_shipment", order_no=order_no)
        if shipment.packed_at is not None and not newly:
            raise Conflict("pack.already_packed", code="already_packed", order_no=order_no)
        shipment.weight_g, shipment.packed_at = weight_g, now
        session.add(shipment)
        province = session.execute(text("SELECT province FROM orders WHERE id = :o"), {"o": shipment.order_id}).scalar()
        result = Packed(
            order_no,
            shipment.carrier_code,
            shipment.number,
            weight_g,
            weight_flagged(expected_g=parcel.expected_weight_g, weight_g=weight_g),
            newly,
            shipment_id=row_id(shipment),
            needs_label=shipment.printed_count == 0,
            expected_weight_g=parcel.expected_weight_g,
        )
        audit.record(
            session,
            actor=actor,
            entity="shipment",
            entity_id=shipment.id,
            action="pack",
            details={"order_no": order_no, "weight_g": weight_g, "flagged": result.weight_flagged},
        )
    result.freight_fen = freight.parcel_fen(db, carrier=result.carrier, province=province, weight_g=weight_g)
    return result
