"""A print job's labels as what its printer takes, one chunk per label, lazily (a 1,000-label job
never sits in memory whole): TSPL text, TSPL BITMAP, ZPL ^GFA, or one PDF per label for a CUPS
PDF queue."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from waybill_ui.db.models import Printer
from waybill_ui.services.printing import label_pdf
from waybill_ui.services.printing.label_pdf import LabelData
from waybill_ui.services.printing.labels import SIZES
from waybill_ui.services.printing import raster, tspl, zpl

CHUNK = 50  # labels rasterised per PDF: bounded memory, PDFium's start-up cost shared


def setup_of(printer: Printer) -> tspl.Setup:
    width, height = SIZES[printer.size]
    return tspl.Setup(
        width_mm=width,
        height_mm=height,
        dpi=printer.dpi,
        darkness=printer.darkness,
        offset_x_mm=printer.offset_x_mm,
        offset_y_mm=printer.offset_y_mm,
    )


def commands(printer: Printer, labels: Sequence[LabelData], *, mask: bool) -> Iterator[bytes]:
    setup = setup_of(printer)
    if printer.language == "pdf":
        for label in labels:
            yield label_pdf.render([label], size_mm=SIZES[printer.size], mask_phone=mask, title=label.number)
        return
    if printer.language == "tspl" and printer.mode == "text":
        for label in labels:
            yield tspl.label_text(label, setup, mask=mask)
        return
    encode = tspl.label_raster if printer.language == "tspl" else zpl.label_raster
    for start in range(0, len(labels), CHUNK):
        for image in raster.render(
            labels[start : start + CHUNK], size_mm=SIZES[printer.size], dpi=printer.dpi, mask_phone=mask
        ):
            yield encode(image, setup)
