"""交接单: scan parcels out to one carrier's courier, keep a record, print the sheet.

A parcel is handed over once (a conditional update on `shipment.handover_id IS NULL`); a number
of another carrier, a cancelled or unknown one is refused with the reason, and nothing is stored.
"""

from __future__ import annotations

import io
from datetime import datetime

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import text

from waybill_ui.carriers import codes
from waybill_ui.db import Database
from waybill_ui.db.models import Handover
from waybill_ui.db.rows import changed_rows
from waybill_ui.clock import SHANGHAI, utcnow
from waybill_ui.services.accounts import audit
from waybill_ui.services.common.errors import Conflict, Invalid, NotFound
from waybill_ui.services.printing.label_pdf import CJK, barcode, register_fonts


def hand_over(db: Database, *, carrier: str, numbers: list[str], actor: str, now: datetime | None = None) -> Handover:
    now = now or utcnow()
    code = codes.resolve(carrier)
    if code is None:
        raise Invalid("ship.unknown_carrier", carrier=carrier)
    numbers = list(dict.fromkeys(n.strip() for n in numbers if n and n.strip()))
    if not numbers:
        raise Invalid("handover.empty")
    with db.write() as session:
        record = Handover(carrier_code=code, count=len(numbers), numbers=numbers, created_at=now, created_by=actor)
        session.add(record)
        session.flush()
        for number in numbers:
            row = session.execute(
                text("SELECT id, carrier_code, handover_id FROM shipment WHERE number = :n AND cancelled_at IS NULL"),
                {"n": number},
            ).first()
            if row is None:
                raise Conflict("handover.unknown", code="not_shipped", number=number)
            if row.carrier_code != code:
                raise Conflict(
                    "handover.other_carrier",
                    code="other_carrier",
                    number=number,
                    carrier=codes.name_of(row.carrier_code),
                )
            done = changed_rows(
                session.execute(
                    text("UPDATE shipment SET handover_id = :h WHERE id = :i AND handover_id IS NULL"),
                    {"h": record.id, "i": row.id},
                )
            )
            if not done:
                raise Conflict("handover.twice", code="handed_over", number=number)
        audit.record(
            session,
            actor=actor,
            entity="handover",
            entity_id=str(record.id),
            action="create",
            details={"carrier": code, "count": len(numbers)},
        )
    return record


def get(db: Database, *, handover_id: int) -> Handover:
    with db.read() as session:
        record = session.get(Handover, handover_id)
    if record is None:
        raise NotFound("handover.not_found", id=handover_id)
    return record


def not_handed_over(db: Database, *, shipped_before: datetime, limit: int = 200) -> list[tuple[str, str, datetime]]:
    """Parcels shipped (before the given end of day) and never handed to a courier: (carrier, number, shipped_at)."""
    with db.read() as session:
        rows = session.execute(
            text(
                "SELECT carrier_code, number, shipped_at FROM shipment WHERE handover_id IS NULL AND cancelled_at IS NULL "
                "AND picked_up_at IS NULL AND shipped_at < :t ORDER BY shipped_at LIMIT :l"
            ),
            {"t": shipped_before, "l": limit},
        ).all()
    return [tuple(r) for r in rows]


def render_sheet(record: Handover) -> bytes:
    """A4: carrier, date, count, every number (with the handover's barcode), two signature lines."""
    register_fonts()
    buffer = io.BytesIO()
    pdf = Canvas(buffer, pagesize=A4)
    width, height = A4
    local = record.created_at.astimezone(SHANGHAI)
    per_page = 40

    for start in range(0, max(len(record.numbers), 1), per_page):
        pdf.setFont(CJK, 16)
        pdf.drawString(15 * mm, height - 18 * mm, f"快递交接单  {codes.name_of(record.carrier_code)}")
        pdf.setFont(CJK, 11)
        pdf.drawString(
            15 * mm,
            height - 26 * mm,
            f"日期：{local:%Y-%m-%d %H:%M}    件数：{record.count}    交接单号：HO{record.id}",
        )
        barcode(f"HO{record.id}", 60 * mm, 10 * mm).drawOn(pdf, 130 * mm, height - 30 * mm)
        y = height - 38 * mm
        for i, number in enumerate(record.numbers[start : start + per_page], start=start + 1):
            column = 15 * mm if (i - start - 1) < per_page // 2 else 105 * mm
            row_y = y - ((i - start - 1) % (per_page // 2)) * 10 * mm
            pdf.drawString(column, row_y, f"{i:>3}. {number}")
        pdf.drawString(15 * mm, 20 * mm, "发货方签字：________________        快递员签字：________________")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()
