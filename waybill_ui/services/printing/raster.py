"""Labels as 1-bit images: the label's PDF page (services/printing/label_pdf.py, the very page the browser
path prints) rasterised at the printer's resolution, so a raw printer prints exactly the PDF label
whatever fonts it has. PDFium draws the page; Pillow thresholds it to black and white."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import pypdfium2 as pdfium
from PIL import Image

from waybill_ui.services.printing import label_pdf
from waybill_ui.services.printing.label_pdf import LabelData

THRESHOLD = 160  # grey below this prints black: thin strokes of the song typeface survive


@dataclass
class Raster:
    width: int  # dots, a multiple of 8
    height: int  # dots
    rows: bytes  # width // 8 bytes per row, top row first, a 1 bit = black

    @property
    def width_bytes(self) -> int:
        return self.width // 8


def dots(mm: float, dpi: int) -> int:
    return round(mm * dpi / 25.4)


def from_image(image: Image.Image, width: int, height: int) -> Raster:
    """A greyscale or colour image → exactly width × height dots (padded white, or cropped)."""
    grey = image.convert("L")
    canvas = Image.new("L", (width, height), 255)
    canvas.paste(grey.crop((0, 0, min(grey.width, width), min(grey.height, height))), (0, 0))
    bw = canvas.point(lambda v: 255 if v < THRESHOLD else 0, mode="1")  # black ink → 1 bits
    return Raster(width=width, height=height, rows=bw.tobytes())


def render(
    labels: Sequence[LabelData],
    *,
    size_mm: tuple[float, float],
    dpi: int,
    mask_phone: bool,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[Raster]:
    """One raster per label, in order, drawn from one PDF of all of them."""
    if not labels:
        return
    pdf = label_pdf.render(labels, size_mm=size_mm, mask_phone=mask_phone, title="raster")
    width = (dots(size_mm[0], dpi) + 7) // 8 * 8
    height = dots(size_mm[1], dpi)
    document = pdfium.PdfDocument(pdf)
    try:
        total = len(document)
        for index in range(total):
            page = document[index]
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            yield from_image(bitmap.to_pil(), width, height)
            page.close()
            if progress:
                progress(index + 1, total)
    finally:
        document.close()


def to_image(raster: Raster) -> Image.Image:
    """Back to a picture (black on white): for previews and the tests' barcode reader."""
    image = Image.frombytes("1", (raster.width, raster.height), raster.rows)
    return image.point(lambda v: 0 if v else 255, mode="L")
