"""Drawing 面单 pages with reportlab: one page per label, zones after docs/carrier-formats.md §6.2.

From the top: carrier and 补打 mark · Code128 barcode and the number · 三段码 / 大头笔 (or the
destination city) · 收 recipient · 寄 sender · order no, items and notes · print time.
The 76×130 layout is the base; other sizes scale it (zones with the height, fonts with the
smaller of the two scale factors). A page 170 mm or taller is a two-part label (二联, like the
100×180 e-waybill): the main part on top, and below a tear line a 50 mm stub for the recipient
(收件联) with the number as a smaller barcode again, recipient, sender, order no and items.

Chinese uses reportlab's CID font STSong-Light: it needs no font file and every Chinese PDF
viewer and printer driver has it (Adobe-GB1). Numbers use Helvetica so scanners of text and
people read them unambiguously.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import BinaryIO

from reportlab import rl_config
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from waybill_ui.services.printing.pdf_stream import StreamedPdf
from waybill_ui.services.printing.label_text import fit, mask_name, mask_phone, text_width

CJK = "STSong-Light"
LATIN = "Helvetica"
LATIN_BOLD = "Helvetica-Bold"
MARGIN = 2.5 * mm
DOT = 25.4 / 203 * mm  # one dot of a 203 dpi thermal printer: bars are whole dots wide
PROGRESS_EVERY = 25

# Zone tops and bottoms in mm on the 76×130 base, measured from the top edge.
ZONES = {
    "header": (0, 11),
    "barcode": (11, 30),
    "routing": (30, 43),
    "recipient": (43, 69),
    "sender": (69, 84),
    "contents": (84, 123),
    "footer": (123, 130),
}
TWO_PART_FROM = 170 * mm  # page height from which the label gets a stub
STUB = 50 * mm


@dataclass
class LabelData:
    shipment_id: int
    carrier_name: str
    number: str
    route_code: str  # 三段码 ("" when the provider had none)
    sort_name: str  # 大头笔, or the destination city as the fallback
    receiver_name: str
    phone: str
    address: str  # full: province city district street
    sender_name: str
    sender_phone: str
    sender_address: str
    order_no: str
    items: str
    buyer_note: str
    seller_memo: str
    printed_at: str  # local time text
    print_count: int  # this print's number: 1 = first print, more = 补打
    index: int = 1
    total: int = 1
    package_name: str = ""  # 集包地 of an e-waybill (the provider's answer), printed beside the 大头笔

    @property
    def reprint(self) -> bool:
        return self.print_count > 1


@lru_cache(maxsize=1)
def register_fonts() -> None:
    """Once per process, on first use (not at import)."""
    pdfmetrics.registerFont(UnicodeCIDFont(CJK))
    # Binary (not ASCII85) compressed streams: a fifth smaller PDFs for the same pages.
    rl_config.useA85 = 0


class _Page:
    """One label page: converts top-based mm zones into reportlab's bottom-up points."""

    def __init__(self, canvas: Canvas, width: float, height: float):
        self.c, self.w, self.h = canvas, width, height
        self.stub = STUB if height >= TWO_PART_FROM else 0.0
        self.sy = (height - self.stub) / (130 * mm)  # the main part's zones fill what the stub leaves
        self.s = min(width / (76 * mm), self.sy)  # font scale

    def zone(self, name: str) -> tuple[float, float]:
        """(top, bottom) of a zone in points from the bottom edge."""
        top, bottom = ZONES[name]
        return self.h - top * mm * self.sy, self.h - bottom * mm * self.sy

    def text(
        self,
        x: float,
        y: float,
        text: str,
        font: str,
        size: float,
        *,
        bold: bool = False,
        align: str = "left",
        white: bool = False,
    ) -> None:
        c = self.c
        c.setFont(font, size)
        if white:
            c.setFillGray(1)
            c.setStrokeGray(1)
        if align != "left":
            width = text_width(text, font, size)
            x -= width if align == "right" else width / 2
        if bold:  # STSong has no bold: fill and stroke the outline a little
            c.setLineWidth(size * 0.045)
            c.drawString(x, y, text, mode=2)
        else:
            c.drawString(x, y, text)
        if white:
            c.setFillGray(0)
            c.setStrokeGray(0)

    def block(
        self,
        x: float,
        top: float,
        width: float,
        height: float,
        text: str,
        font: str,
        *,
        max_size: float,
        min_size: float,
        bold: bool = False,
        max_lines: int | None = None,
        align: str = "left",
    ) -> float:
        """Text wrapped and shrunk to fit the box; returns the height used."""
        size, lines = fit(text, font, width, height, max_size=max_size, min_size=min_size, max_lines=max_lines)
        leading = size * 1.18
        y = top - size * 0.92  # first baseline: the ascent below the top edge
        bold = bold and size >= 7  # faked bold fills in small glyphs: keep small text plain
        for line in lines:
            self.text(x + (width / 2 if align == "center" else 0), y, line, font, size, bold=bold, align=align)
            y -= leading
        return len(lines) * leading

    def tag(self, x: float, top: float, bottom: float, char: str) -> float:
        """The black 收 / 寄 box at the left of a block; returns its width."""
        width = 7 * mm * self.s
        height = min(top - bottom - 2 * mm * self.sy, 9 * mm * self.s)
        self.c.rect(x, top - 1 * mm * self.sy - height, width, height, stroke=0, fill=1)
        size = 13 * self.s
        self.text(
            x + width / 2,
            top - 1 * mm * self.sy - height / 2 - size * 0.35,
            char,
            CJK,
            size,
            bold=True,
            align="center",
            white=True,
        )
        return width

    def rule(self, y: float) -> None:
        self.c.line(MARGIN * 0.4, y, self.w - MARGIN * 0.4, y)


def barcode(number: str, available: float, height: float) -> Code128:
    """Code128 with bars a whole number of printer dots wide (widest that fits, quiet zones
    included), so a thermal printer renders every bar the same and a scanner reads it."""
    probe = Code128(number, barWidth=1, quiet=0)
    modules = probe.width + 20  # + 10 modules of quiet zone on each side
    bar = next((dots * DOT for dots in (4, 3, 2) if modules * dots * DOT <= available), available / modules)
    return Code128(number, barWidth=bar, barHeight=height, quiet=0)


def draw_label(page: _Page, label: LabelData, mask: bool) -> None:
    c, s, sy, w = page.c, page.s, page.sy, page.w
    inner = w - 2 * MARGIN
    c.setLineWidth(0.6)

    # Header: carrier, 补打 mark
    top, bottom = page.zone("header")
    mid = (top + bottom) / 2
    mark_w = 0.0
    if label.reprint:
        mark_w = 16 * mm * s
        c.roundRect(
            w - MARGIN - mark_w,
            bottom + 1.2 * mm * sy,
            mark_w,
            top - bottom - 2.4 * mm * sy,
            1.2 * mm,
            stroke=0,
            fill=1,
        )
        page.text(w - MARGIN - mark_w / 2, mid - 4.5 * s, "补打", CJK, 13 * s, bold=True, align="center", white=True)
    page.block(
        MARGIN,
        mid + 8 * s,
        inner - mark_w - 2 * mm,
        16 * s,
        label.carrier_name,
        CJK,
        max_size=15 * s,
        min_size=7,
        bold=True,
        max_lines=1,
    )
    page.rule(bottom)

    # Barcode and the number under it
    top, bottom = page.zone("barcode")
    number_size = 10.5 * s
    bar_h = top - bottom - number_size * 1.5 - 2.4 * mm * sy
    code = barcode(label.number, inner, bar_h)
    code.drawOn(c, (w - code.width) / 2, top - 1.2 * mm * sy - bar_h)
    size = min(number_size, number_size * inner / max(text_width(label.number, LATIN_BOLD, number_size), 1))
    page.text(w / 2, bottom + 1.4 * mm * sy, label.number, LATIN_BOLD, size, align="center")
    page.rule(bottom)

    # Routing: 三段码 over 大头笔, or the destination city alone, large
    top, bottom = page.zone("routing")
    height = top - bottom - 1.5 * mm * sy
    if label.package_name:  # 集包地 in its own box at the right of the routing zone
        box_w = 24 * mm * s
        c.rect(w - MARGIN - box_w, bottom + 0.8 * mm * sy, box_w, top - bottom - 1.6 * mm * sy, stroke=1, fill=0)
        page.text(w - MARGIN - box_w / 2, top - 1.2 * mm * sy - 6 * s, "集包地", CJK, 6 * s, align="center")
        page.block(
            w - MARGIN - box_w + 1 * mm,
            top - 2 * mm * sy - 6 * s,
            box_w - 2 * mm,
            height - 8 * s,
            label.package_name,
            CJK,
            max_size=11 * s,
            min_size=5,
            bold=True,
            max_lines=2,
            align="center",
        )
        inner = inner - box_w - 1.5 * mm
    if label.route_code:
        used = page.block(
            MARGIN,
            top - 0.8 * mm * sy,
            inner,
            height * 0.5,
            label.route_code,
            LATIN_BOLD,
            max_size=19 * s,
            min_size=7,
            max_lines=1,
            align="center",
        )
        page.block(
            MARGIN,
            top - 0.8 * mm * sy - used,
            inner,
            height - used,
            label.sort_name,
            CJK,
            max_size=16 * s,
            min_size=7,
            bold=True,
            max_lines=1,
            align="center",
        )
    else:
        page.block(
            MARGIN,
            top - (height - 20 * s * 1.18) / 2 - 0.8 * mm * sy,
            inner,
            height,
            label.sort_name,
            CJK,
            max_size=20 * s,
            min_size=7,
            bold=True,
            max_lines=1,
            align="center",
        )
    page.rule(bottom)
    inner = w - 2 * MARGIN

    # 收: recipient
    top, bottom = page.zone("recipient")
    tag_w = page.tag(MARGIN, top, bottom, "收")
    x = MARGIN + tag_w + 1.5 * mm
    width = w - MARGIN - x
    phone = mask_phone(label.phone) if mask else label.phone
    used = page.block(
        x,
        top - 1 * mm * sy,
        width,
        12 * s * 1.18,
        f"{mask_name(label.receiver_name) if mask else label.receiver_name}  {phone}",
        CJK,
        max_size=12 * s,
        min_size=6,
        bold=True,
        max_lines=1,
    )
    page.block(
        x,
        top - 1.6 * mm * sy - used,
        width,
        top - bottom - 2.6 * mm * sy - used,
        label.address,
        CJK,
        max_size=10.5 * s,
        min_size=5,
        bold=True,
    )
    page.rule(bottom)

    # 寄: sender
    top, bottom = page.zone("sender")
    tag_w = page.tag(MARGIN, top, bottom, "寄")
    x = MARGIN + tag_w + 1.5 * mm
    width = w - MARGIN - x
    used = page.block(
        x,
        top - 1 * mm * sy,
        width,
        8.5 * s * 1.18,
        f"{label.sender_name}  {label.sender_phone}",
        CJK,
        max_size=8.5 * s,
        min_size=5,
        max_lines=1,
    )
    page.block(
        x,
        top - 1.4 * mm * sy - used,
        width,
        top - bottom - 2.4 * mm * sy - used,
        label.sender_address,
        CJK,
        max_size=7.5 * s,
        min_size=4.5,
    )
    page.rule(bottom)

    # Order no, items, notes
    top, bottom = page.zone("contents")
    size = 8 * s
    page.text(MARGIN, top - 1 * mm * sy - size, "订单号", CJK, size)
    page.text(MARGIN + text_width("订单号 ", CJK, size), top - 1 * mm * sy - size, label.order_no, LATIN, size)
    notes = [
        f"商品：{label.items}" if label.items else "",
        f"留言：{label.buyer_note}" if label.buyer_note else "",
        f"备注：{label.seller_memo}" if label.seller_memo else "",
    ]
    page.block(
        MARGIN,
        top - 2 * mm * sy - size * 1.18,
        inner,
        top - bottom - 3 * mm * sy - size * 1.18,
        "\n".join(n for n in notes if n),
        CJK,
        max_size=9 * s,
        min_size=4.5,
    )
    page.rule(bottom)

    # Footer: print time, place in the batch
    top, bottom = page.zone("footer")
    size = 6 * s
    y = (top + bottom) / 2 - size * 0.35
    footer = f"打印 {label.printed_at}" + (f"  第{label.print_count}次" if label.reprint else "")
    page.text(MARGIN, y, footer, CJK, size)
    page.text(w - MARGIN, y, f"{label.index}/{label.total}", LATIN, size, align="right")
    if page.stub:
        draw_stub(page, label, mask)


def draw_stub(page: _Page, label: LabelData, mask: bool) -> None:
    """The recipient's part below the tear line (heights in mm from the stub's top)."""
    c, w = page.c, page.w
    inner = w - 2 * MARGIN
    top = page.stub
    c.setDash(3, 2)
    c.line(0, top, w, top)  # the tear line
    c.setDash()

    size = 8.5
    page.block(
        MARGIN,
        top - 1.2 * mm,
        inner * 0.7,
        size * 1.18,
        label.carrier_name,
        CJK,
        max_size=size,
        min_size=5,
        bold=True,
        max_lines=1,
    )
    page.text(w - MARGIN, top - 1.2 * mm - size * 0.92, "收件联", CJK, 7.5, align="right")

    bar_h = 9 * mm
    code = barcode(label.number, inner * 0.8, bar_h)
    code.drawOn(c, (w - code.width) / 2, top - 5.5 * mm - bar_h)
    page.text(w / 2, top - 18.5 * mm, label.number, LATIN_BOLD, 8, align="center")
    page.rule(top - 20 * mm)

    block_top, block_bottom = top - 20 * mm, top - 36 * mm
    tag_w = page.tag(MARGIN, block_top, block_bottom, "收")
    x = MARGIN + tag_w + 1.5 * mm
    width = w - MARGIN - x
    phone = mask_phone(label.phone) if mask else label.phone
    used = page.block(
        x,
        block_top - 1 * mm,
        width,
        9 * 1.18,
        f"{mask_name(label.receiver_name) if mask else label.receiver_name}  {phone}",
        CJK,
        max_size=9,
        min_size=5,
        bold=True,
        max_lines=1,
    )
    page.block(
        x,
        block_top - 1.4 * mm - used,
        width,
        block_top - block_bottom - 2.4 * mm - used,
        label.address,
        CJK,
        max_size=7.5,
        min_size=4.5,
    )
    page.rule(block_bottom)

    page.block(
        MARGIN,
        block_bottom - 1 * mm,
        inner,
        7 * 1.18,
        f"寄 {label.sender_name}  {label.sender_phone}",
        CJK,
        max_size=7,
        min_size=4.5,
        max_lines=1,
    )
    items = f"  商品：{label.items}" if label.items else ""
    page.block(
        MARGIN,
        block_bottom - 5 * mm,
        inner,
        top - 36 * mm - 5 * mm - 1.5 * mm,
        f"订单号 {label.order_no}{items}",
        CJK,
        max_size=7,
        min_size=4.5,
        max_lines=2,
    )


def render(
    labels: Sequence[LabelData],
    *,
    size_mm: tuple[float, float],
    mask_phone: bool = False,
    title: str = "面单",
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """One PDF in memory, one page per label, in the given order (a few labels: samples, tests,
    the raster path). Many labels go to a file with `write`."""
    out = io.BytesIO()
    write(labels, out, total=len(labels), size_mm=size_mm, mask_phone=mask_phone, title=title, progress=progress)
    return out.getvalue()


def write(
    labels: Iterable[LabelData],
    out: BinaryIO,
    *,
    total: int,
    size_mm: tuple[float, float],
    mask_phone: bool = False,
    title: str = "面单",
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Draw the labels into `out` as one PDF, each page written as soon as it is drawn (memory
    does not grow with the count: services/printing/pdf_stream.py). `progress(done, total)` is
    called every few pages (from whatever thread draws). Returns the pages written."""
    register_fonts()
    width, height = size_mm[0] * mm, size_mm[1] * mm
    pdf = StreamedPdf(out, pagesize=(width, height), title=title, initial_font=LATIN)
    done = 0
    for done, label in enumerate(labels, start=1):
        draw_label(_Page(pdf.canvas, width, height), label, mask_phone)
        pdf.canvas.showPage()
        if progress and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)
    pdf.close()
    return done
