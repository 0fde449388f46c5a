"""拣货单 and 发货单: what to take from the shelves for a set of orders, and one slip per order.

The pick list adds up every line of the chosen orders by 商家编码 + spec, sorted by shelf
location then SKU so a picker walks the shelves once. The packing slip carries the order number
as a Code128 barcode: the scan station (services/packing/scan.py) opens the order from it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select
from sqlmodel import col

from waybill_ui.db import Database
from waybill_ui.db.models import Order, OrderItem
from waybill_ui.clock import utcnow
from waybill_ui.services.common.errors import Invalid
from waybill_ui.services.printing.label_pdf import CJK, barcode, register_fonts

MAX_ORDERS = 2000  # one printed pick list; more is a batch split


@dataclass
class PickRow:
    sku: str
    title: str
    spec: str
    location: str
    quantity: int = 0
    order_nos: list[str] = field(default_factory=list)


@dataclass
class SlipOrder:
    order_no: str
    receiver: str
    address: str
    lines: list[tuple[str, str, str, int]]  # sku, title, spec, quantity


def collect(
    db: Database, *, order_nos: list[str] | None = None, order_ids: list[int] | None = None
) -> tuple[list[PickRow], list[SlipOrder]]:
    """By order numbers (the API) or ids (the orders page's selection), in the order given."""
    if order_ids:
        if len(order_ids) > MAX_ORDERS:
            raise Invalid("pick.too_many", limit=MAX_ORDERS)
        with db.read() as session:
            found = dict(
                session.execute(
                    select(col(Order.id), col(Order.order_no)).where(col(Order.id).in_(list(order_ids)))
                ).all()
            )
        order_nos = [found[i] for i in order_ids if i in found]
    order_nos = list(dict.fromkeys(n.strip() for n in order_nos or [] if n and n.strip()))
    if not order_nos:
        raise Invalid("pick.none_selected")
    if len(order_nos) > MAX_ORDERS:
        raise Invalid("pick.too_many", limit=MAX_ORDERS)
    rows: dict[tuple[str, str], PickRow] = {}
    slips: dict[str, SlipOrder] = {}
    with db.read() as session:
        result = session.execute(
            select(
                col(Order.order_no),
                col(Order.receiver_name),
                col(Order.full_address),
                col(OrderItem.sku),
                col(OrderItem.title),
                col(OrderItem.spec),
                col(OrderItem.location),
                col(OrderItem.quantity),
            )
            .join(OrderItem, col(OrderItem.order_id) == col(Order.id))
            .where(col(Order.order_no).in_(order_nos))
            .order_by(Order.order_no, col(OrderItem.id))
        )
        for order_no, receiver, address, sku, title, spec, location, qty in result:
            row = rows.setdefault((sku, spec), PickRow(sku, title, spec, location))
            row.quantity += qty
            if order_no not in row.order_nos:
                row.order_nos.append(order_no)
            slips.setdefault(order_no, SlipOrder(order_no, receiver, address, [])).lines.append((sku, title, spec, qty))
    picks = sorted(rows.values(), key=lambda r: (r.location or "\uffff", r.sku, r.spec))
    return picks, [slips[n] for n in order_nos if n in slips]


def _canvas(buffer: io.BytesIO) -> Canvas:
    register_fonts()
    return Canvas(buffer, pagesize=A4)


def render_pick_list(picks: list[PickRow], *, now: datetime | None = None) -> bytes:
    now = now or utcnow()
    buffer = io.BytesIO()
    pdf = _canvas(buffer)
    width, height = A4
    y = height - 20 * mm

    def header() -> float:
        pdf.setFont(CJK, 16)
        pdf.drawString(
            15 * mm, height - 15 * mm, f"拣货单  {now:%Y-%m-%d %H:%M}  共 {sum(p.quantity for p in picks)} 件"
        )
        pdf.setFont(CJK, 9)
        pdf.drawString(
            15 * mm,
            height - 22 * mm,
            "货位        商家编码              商品 / 规格                                数量   订单",
        )
        return height - 28 * mm

    y = header()
    for row in picks:
        if y < 20 * mm:
            pdf.showPage()
            y = header()
        pdf.setFont(CJK, 9)
        pdf.drawString(15 * mm, y, row.location or "-")
        pdf.drawString(35 * mm, y, row.sku)
        pdf.drawString(75 * mm, y, f"{row.title} {row.spec}"[:30])
        pdf.drawRightString(150 * mm, y, str(row.quantity))
        pdf.drawString(155 * mm, y, ", ".join(row.order_nos[:3]) + (" …" if len(row.order_nos) > 3 else ""))
        y -= 7 * mm
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def render_slips(slips: list[SlipOrder]) -> bytes:
    """One A4 page per order (发货单) with the order number as a scannable barcode."""
    buffer = io.BytesIO()
    pdf = _canvas(buffer)
    width, height = A4
    for slip in slips:
        pdf.setFont(CJK, 16)
        pdf.drawString(15 * mm, height - 18 * mm, f"发货单  订单号 {slip.order_no}")
        code = barcode(slip.order_no, 90 * mm, 15 * mm)
        code.drawOn(pdf, 15 * mm, height - 40 * mm)
        pdf.setFont(CJK, 10)
        pdf.drawString(15 * mm, height - 48 * mm, f"收件人：{slip.receiver}  {slip.address}"[:60])
        y = height - 58 * mm
        for sku, title, spec, qty in slip.lines:
            pdf.drawString(15 * mm, y, f"{sku}  {title} {spec}"[:50])
            pdf.drawRightString(180 * mm, y, f"× {qty}")
            y -= 7 * mm
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()
