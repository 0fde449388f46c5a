"""Printer records (设置 → 打印机): add, change, remove, the shop default per label size and each
staff member's own default. Owner manages printers; anyone picks their own default."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from sqlalchemy import delete, update
from sqlmodel import select, col, Session
from typing import Any

from waybill_ui.db import Database
from waybill_ui.db.models import Printer, PrinterChoice, PrintJob
from waybill_ui.services.accounts import audit
from waybill_ui.services.common.errors import Conflict, Invalid, NotFound
from waybill_ui.services.printing.labels import SIZES, check_size
from waybill_ui.services.accounts.users import Principal, require_owner

KINDS = ("browser_pdf", "network", "cups", "component")
LANGUAGES = ("tspl", "zpl", "pdf")
MODES = ("text", "raster")
# Platform print components and where they listen on the packer's PC (docs/printing.md).
COMPONENTS = {"cainiao": 13528, "pdd": 5000, "douyin": 13888, "kuaishou": 16888, "jd": 9113}
DPIS = (203, 300)
_HOST = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-]{0,119}$")


@dataclass
class PrinterInput:
    name: str
    kind: str
    language: str = "tspl"
    mode: str = "text"
    host: str = ""
    port: int = 9100
    queue: str = ""
    component: str = ""
    component_printer: str = ""
    size: str = "76x130"
    dpi: int = 203
    darkness: int = 8
    offset_x_mm: float = 0.0
    offset_y_mm: float = 0.0
    is_default: bool = False


def _checked(data: PrinterInput) -> dict[str, Any]:
    values = {f.name: getattr(data, f.name) for f in fields(PrinterInput)}
    values["name"] = (data.name or "").strip()
    if not values["name"] or len(values["name"]) > 60:
        raise Invalid("printing.bad_name")
    if data.kind not in KINDS:
        raise Invalid("printing.bad_kind", kind=data.kind)
    values["size"] = check_size(data.size)
    if data.dpi not in DPIS:
        raise Invalid("printing.bad_dpi", dpi=data.dpi)
    if not 0 <= int(data.darkness) <= 15:
        raise Invalid("printing.bad_darkness")
    for name in ("offset_x_mm", "offset_y_mm"):
        # TSPL REFERENCE and ZPL ^LH take no negative origin: a label only moves right / down
        if not 0 <= float(values[name]) <= 10:
            raise Invalid("printing.bad_offset")
    if data.kind == "network":
        values["host"] = (data.host or "").strip()
        if not _HOST.match(values["host"]):
            raise Invalid("printing.bad_host", host=data.host)
        if not 1 <= int(data.port) <= 65535:
            raise Invalid("printing.bad_port")
    if data.kind == "cups":
        values["queue"] = (data.queue or "").strip()
        if not re.fullmatch(r"[A-Za-z0-9_.\-@]{1,120}", values["queue"]):
            raise Invalid("printing.bad_queue", queue=data.queue)
    if data.kind == "component":
        if data.component not in COMPONENTS:
            raise Invalid("printing.bad_component", component=data.component)
        values["language"] = "pdf"
    if data.kind in ("network",) and data.language not in ("tspl", "zpl"):
        raise Invalid("printing.bad_language", language=data.language)
    if data.kind == "cups" and data.language not in LANGUAGES:
        raise Invalid("printing.bad_language", language=data.language)
    if data.kind == "browser_pdf":
        values["language"] = "pdf"
    if data.mode not in MODES:
        raise Invalid("printing.bad_mode", mode=data.mode)
    if values["language"] == "zpl":
        values["mode"] = "raster"  # Chinese text on an unknown Zebra: only a raster image is portable
    return values


def list_printers(db: Database) -> list[Printer]:
    with db.read() as session:
        return list(session.exec(select(Printer).order_by(Printer.size, Printer.name)))


def get(db: Database, *, printer_id: int) -> Printer:
    with db.read() as session:
        row = session.get(Printer, printer_id)
    if row is None:
        raise NotFound("printing.not_found", id=printer_id)
    return row


def _clear_default(session: Session, size: str, keep: int | None) -> None:
    session.execute(
        update(Printer).where(col(Printer.size) == size, col(Printer.id) != (keep or 0)).values(is_default=False)
    )


def add(db: Database, *, data: PrinterInput, actor: Principal) -> Printer:
    require_owner(actor)
    values = _checked(data)
    with db.write() as session:
        if session.exec(select(Printer.id).where(Printer.name == values["name"])).first():
            raise Conflict("printing.name_taken", name=values["name"])
        row = Printer(**values, created_by=actor.username)
        session.add(row)
        session.flush()
        if row.is_default:
            _clear_default(session, row.size, row.id)
        audit.record(
            session,
            actor=actor.username,
            entity="printer",
            entity_id=row.id,
            action="add",
            details={"name": row.name, "kind": row.kind},
        )
    return row


def change(db: Database, *, printer_id: int, data: PrinterInput, actor: Principal) -> Printer:
    require_owner(actor)
    values = _checked(data)
    with db.write() as session:
        row = session.get(Printer, printer_id)
        if row is None:
            raise NotFound("printing.not_found", id=printer_id)
        other = session.exec(select(Printer.id).where(Printer.name == values["name"], Printer.id != printer_id)).first()
        if other:
            raise Conflict("printing.name_taken", name=values["name"])
        for key, value in values.items():
            setattr(row, key, value)
        session.add(row)
        if row.is_default:
            _clear_default(session, row.size, row.id)
        audit.record(session, actor=actor.username, entity="printer", entity_id=row.id, action="change")
    return row


def remove(db: Database, *, printer_id: int, actor: Principal) -> None:
    require_owner(actor)
    with db.write() as session:
        row = session.get(Printer, printer_id)
        if row is None:
            raise NotFound("printing.not_found", id=printer_id)
        busy = session.exec(
            select(PrintJob.id).where(
                PrintJob.printer_id == printer_id, col(PrintJob.status).in_(("queued", "sending"))
            )
        ).first()
        if busy:
            raise Conflict("printing.busy", name=row.name)
        if session.exec(select(PrintJob.id).where(PrintJob.printer_id == printer_id)).first():
            raise Conflict("printing.has_jobs", name=row.name)
        session.execute(delete(PrinterChoice).where(col(PrinterChoice.printer_id) == printer_id))
        session.delete(row)
        audit.record(session, actor=actor.username, entity="printer", entity_id=printer_id, action="remove")


def choose(db: Database, *, printer_id: int | None, size: str, actor: Principal) -> None:
    """This person's own default printer for a label size (None: back to the shop default)."""
    size = check_size(size)
    with db.write() as session:
        session.execute(
            delete(PrinterChoice).where(col(PrinterChoice.username) == actor.username, col(PrinterChoice.size) == size)
        )
        if printer_id is not None:
            row = session.get(Printer, printer_id)
            if row is None:
                raise NotFound("printing.not_found", id=printer_id)
            if row.size != size:
                raise Invalid("printing.wrong_size", name=row.name, size=row.size)
            session.add(PrinterChoice(username=actor.username, size=size, printer_id=printer_id))


def default_for(db: Database, *, username: str, size: str) -> Printer | None:
    """The printer a print goes to when none is named: the person's own choice, else the shop's
    default for the size, else None (the browser's PDF dialog, as before printers existed)."""
    size = check_size(size)
    with db.read() as session:
        choice = session.get(PrinterChoice, (username, size))
        if choice is not None:
            row = session.get(Printer, choice.printer_id)
            if row is not None:
                return row
        return session.exec(select(Printer).where(Printer.size == size, col(Printer.is_default).is_(True))).first()


def own_choices(db: Database, *, username: str) -> dict[str, int]:
    with db.read() as session:
        return {
            c.size: c.printer_id for c in session.exec(select(PrinterChoice).where(PrinterChoice.username == username))
        }


def size_mm(printer: Printer) -> tuple[int, int]:
    return SIZES[printer.size]
