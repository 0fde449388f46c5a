"""Reading label PDFs back the way a person and a scanner would: page sizes, text (with where
each character sits), and the barcode decoded from a rendered image."""

from __future__ import annotations

from dataclasses import dataclass

import pypdfium2 as pdfium
from pyzbar.pyzbar import decode

MM = 72 / 25.4  # points per mm


@dataclass
class PageText:
    text: str
    boxes: list[tuple[str, tuple[float, float, float, float]]]  # (char, (left, bottom, right, top)) in pt
    width: float
    height: float


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    return pdfium.PdfDocument(data)


def page_sizes_mm(data: bytes) -> list[tuple[float, float]]:
    pdf = open_pdf(data)
    return [(round(w / MM, 2), round(h / MM, 2)) for w, h in (pdf[i].get_size() for i in range(len(pdf)))]


def page_text(data: bytes, index: int = 0) -> PageText:
    page = open_pdf(data)[index]
    textpage = page.get_textpage()
    count = textpage.count_chars()
    text = textpage.get_text_range()
    boxes = []
    for i in range(count):
        char = textpage.get_text_range(i, 1)
        if char.strip():
            boxes.append((char, textpage.get_charbox(i)))
    width, height = page.get_size()
    return PageText(text=text, boxes=boxes, width=width, height=height)


def render(data: bytes, index: int = 0, dpi: int = 203):
    """The page as a thermal printer would see it (203 dpi by default), a PIL image."""
    return open_pdf(data)[index].render(scale=dpi / 72, grayscale=True).to_pil()


def barcodes(data: bytes, index: int = 0, dpi: int = 203) -> list[tuple[str, str]]:
    """(symbology, value) of every barcode found on the rendered page."""
    return [(found.type, found.data.decode()) for found in decode(render(data, index, dpi))]
