"""Label printers and print jobs (issue 20).

A printer is one of four kinds: the browser's PDF dialog (today's path), a network printer taking
raw TSPL/ZPL on TCP 9100, a CUPS queue on the machine running the app, or a platform print
component on the packer's PC (reached by the browser over WebSocket).

A print job keeps the label data it was made with (`labels`, taken once when the print was
counted) and how many labels the printer confirmed (`confirmed`): a retry resumes from the first
label not confirmed, so nothing comes out twice and no reprint is counted twice.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, Index, SQLModel

from ._base import created_at_field, json_field, time_field
from typing import Any


class Printer(SQLModel, table=True):
    __tablename__ = "printer"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=60, unique=True)
    kind: str = Field(max_length=16)  # browser_pdf, network, cups, component
    language: str = Field(default="tspl", max_length=8)  # tspl, zpl, pdf
    mode: str = Field(default="text", max_length=8)  # text (printer fonts, native barcodes) or raster
    host: str = Field(default="", max_length=120)
    port: int = 9100
    queue: str = Field(default="", max_length=120)  # CUPS queue name
    component: str = Field(default="", max_length=16)  # cainiao, pdd, douyin, kuaishou, jd
    component_printer: str = Field(default="", max_length=120)  # the printer's name in the component
    size: str = Field(default="76x130", max_length=10)
    dpi: int = 203
    darkness: int = 8  # TSPL DENSITY 0-15; ZPL ~SD 0-30 is twice this
    offset_x_mm: float = 0.0
    offset_y_mm: float = 0.0
    is_default: bool = False  # the shop's default for its label size
    created_at: datetime = created_at_field()
    created_by: str = Field(default="", max_length=64)


class PrinterChoice(SQLModel, table=True):
    """A staff member's own default printer for a label size (packers at different desks)."""

    __tablename__ = "printer_choice"

    username: str = Field(primary_key=True, max_length=64)
    size: str = Field(primary_key=True, max_length=10)
    printer_id: int = Field(foreign_key="printer.id")


class PrintJob(SQLModel, table=True):
    __tablename__ = "print_job"
    __table_args__ = (Index("ix_print_job_owner", "created_by", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=80, unique=True)  # idempotency key: the same request makes one job
    printer_id: int = Field(foreign_key="printer.id", index=True)
    status: str = Field(default="queued", max_length=10, index=True)  # queued, sending, printed, failed
    shipment_ids: list[Any] = json_field(list)
    labels: list[Any] = json_field(list)  # the label data taken when the print was counted
    mask_phone: bool = True
    total: int = 0
    confirmed: int = 0  # labels the printer has confirmed, in order
    attempts: int = 0
    error: str = Field(default="", max_length=400)  # plain Chinese: what went wrong, what to do
    label_errors: list[Any] = json_field(list)  # [{"index", "shipment_id", "number", "error"}]
    results: list[Any] = json_field(list)  # a print component's per-document results
    created_at: datetime = created_at_field()
    created_by: str = Field(default="", max_length=64)
    started_at: datetime | None = time_field()
    finished_at: datetime | None = time_field()
