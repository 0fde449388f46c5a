"""TSPL (TSC, Gprinter 佳博, HPRT 汉印, most Xprinter 芯烨): a label as printer commands.

Two modes. Text mode draws the label with the printer's own simplified-Chinese font TSS24.BF2
(24×24 dots; text sent as GB18030 bytes), a native Code128 barcode and lines, in the zones of the
PDF label (services/printing/label_pdf.py). Raster mode sends the PDF page itself as one BITMAP, exact on
any printer (the 100×180 two-part stub is drawn only there). Lines end CR LF. Pure functions:
label data in, bytes out.
"""

from __future__ import annotations

from dataclasses import dataclass

from waybill_ui.services.printing.label_pdf import ZONES, LabelData
from waybill_ui.services.printing.content import texts
from waybill_ui.services.printing.raster import Raster, dots

ENCODING = "gb18030"
FONT = "TSS24.BF2"
CELL = 24  # dots per Chinese character at multiplier 1 (a Latin character is half)
STATUS_QUERY = b"\x1b!?"  # <ESC>!? : the printer answers one status byte, 0 = ready
EOL = b"\r\n"
INVERT = bytes(255 - b for b in range(256))


@dataclass
class Setup:
    """How a printer is set up: label size, resolution, darkness, offsets (from the printer record)."""

    width_mm: float = 76
    height_mm: float = 130
    dpi: int = 203
    darkness: int = 8
    offset_x_mm: float = 0.0
    offset_y_mm: float = 0.0

    def d(self, mm: float) -> int:
        return dots(mm, self.dpi)


def quote(text: str) -> str:
    """A TSPL string literal's content: a double quote is written \\["]; line breaks become spaces."""
    return text.replace("\r", " ").replace("\n", " ").replace('"', '\\["]')


def char_dots(char: str, mul: int) -> int:
    return CELL * mul // 2 if ord(char) < 0x2E80 else CELL * mul


def wrap(text: str, width: int, mul: int, max_lines: int) -> list[str]:
    """Lines of at most `width` dots in the printer font; the last kept line ends with ".." when cut."""
    lines: list[str] = []
    for paragraph in (text or "").split("\n"):
        line, used = "", 0
        for char in paragraph:
            w = char_dots(char, mul)
            if used + w > width and line:
                lines.append(line)
                line, used = "", 0
            line += char
            used += w
        lines.append(line)
    lines = [line for line in lines if line.strip()]
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and sum(char_dots(c, mul) for c in last + "..") > width:
            last = last[:-1]
        lines = lines[: max_lines - 1] + [last + ".."]
    return lines


def header(setup: Setup) -> list[str]:
    return [
        f"SIZE {setup.width_mm:g} mm,{setup.height_mm:g} mm",
        "GAP 2 mm,0 mm",
        f"DENSITY {setup.darkness}",
        "DIRECTION 1",
        f"REFERENCE {max(setup.d(setup.offset_x_mm), 0)},{max(setup.d(setup.offset_y_mm), 0)}",
        "CLS",
    ]


class _Commands:
    def __init__(self, setup: Setup):
        self.s = setup
        self.sy = setup.height_mm / 130  # zones scale with the height, like the PDF
        self.lines = header(setup)

    def zone(self, name: str) -> tuple[int, int]:
        top, bottom = ZONES[name]
        return self.s.d(top * self.sy), self.s.d(bottom * self.sy)

    def text(self, x: int, y: int, text: str, mul: int = 1) -> None:
        if text:
            self.lines.append(f'TEXT {x},{y},"{FONT}",0,{mul},{mul},"{quote(text)}"')

    def block(self, x: int, top: int, width: int, bottom: int, text: str, mul: int, max_lines: int = 9) -> int:
        room = max(1, (bottom - top) // (CELL * mul + 4))
        lines = wrap(text, width, mul, min(room, max_lines))
        for i, line in enumerate(lines):
            self.text(x, top + i * (CELL * mul + 4), line, mul)
        return len(lines) * (CELL * mul + 4)

    def centred(self, top: int, text: str, mul: int) -> None:
        width = self.s.d(self.s.width_mm)
        line = wrap(text, width - 16, mul, 1)[:1]
        if line:
            used = sum(char_dots(c, mul) for c in line[0])
            self.text(max((width - used) // 2, 0), top, line[0], mul)

    def rule(self, y: int) -> None:
        self.lines.append(f"BAR 0,{y},{self.s.d(self.s.width_mm)},2")

    def tag(self, x: int, top: int, char: str) -> int:
        size = self.s.d(7)
        self.text(x + (size - 48) // 2, top + (size - 48) // 2, char, 2)
        self.lines.append(f"REVERSE {x},{top},{size},{size}")  # white on black, like the PDF's tag
        return size


def label_text(label: LabelData, setup: Setup, *, mask: bool) -> bytes:
    """One label in text mode: printer font, native barcode."""
    t = texts(label, mask=mask)
    c = _Commands(setup)
    width = setup.d(setup.width_mm)
    margin = setup.d(2.5)

    top, bottom = c.zone("header")
    c.text(margin, top + (bottom - top - 48) // 2, wrap(t.carrier, width - 2 * margin - 140, 2, 1)[0], 2)
    if t.reprint:
        c.text(width - margin - 104, top + (bottom - top - 48) // 2, "补打", 2)
        c.lines.append(f"REVERSE {width - margin - 112},{top + 6},{112},{bottom - top - 12}")
    c.rule(bottom)

    top, bottom = c.zone("barcode")
    narrow = 3 if len(t.number) <= 12 else 2
    estimate = (11 * ((len(t.number) + 1) // 2 + 3) + 2) * narrow  # Code128 set C, start and check
    c.lines.append(
        f'BARCODE {max((width - estimate) // 2, margin)},{top + 8},"128",{bottom - top - 48},0,0,'
        f'{narrow},{narrow},"{quote(t.number)}"'
    )
    c.centred(bottom - 36, t.number, 1)
    c.rule(bottom)

    top, bottom = c.zone("routing")
    if t.package_name:
        c.text(width - margin - 170, top + 8, f"集包地 {t.package_name}"[:8], 1)
    if t.route_code:
        c.centred(top + 6, t.route_code, 2)
        c.centred(top + 56, t.sort_name, 1 if len(t.sort_name) > 12 else 2)
    else:
        c.centred(top + (bottom - top - 48) // 2, t.sort_name, 2)
    c.rule(bottom)

    for zone, char, first, rest in (
        ("recipient", "收", t.receiver, t.address),
        ("sender", "寄", t.sender, t.sender_address),
    ):
        top, bottom = c.zone(zone)
        x = margin + c.tag(margin, top + 8, char) + 12
        used = c.block(x, top + 8, width - margin - x, bottom, first, 1, max_lines=1)
        c.block(x, top + 12 + used, width - margin - x, bottom - 4, rest, 1)
        c.rule(bottom)

    top, bottom = c.zone("contents")
    c.text(margin, top + 8, f"订单号 {t.order_no}")
    c.block(margin, top + 40, width - 2 * margin, bottom - 4, "\n".join(t.notes), 1)
    c.rule(bottom)

    top, bottom = c.zone("footer")
    c.text(margin, top + 8, t.footer)
    c.text(width - margin - len(t.place) * 12, top + 8, t.place)
    c.lines.append("PRINT 1,1")
    return EOL.join(line.encode(ENCODING, errors="replace") for line in c.lines) + EOL


def label_raster(raster: Raster, setup: Setup) -> bytes:
    """One label as a BITMAP of the PDF page. TSPL prints a 0 bit black, so the bits are inverted."""
    data = raster.rows.translate(INVERT)
    head = EOL.join(line.encode() for line in header(setup)) + EOL
    return head + f"BITMAP 0,0,{raster.width_bytes},{raster.height},0,".encode() + data + EOL + b"PRINT 1,1" + EOL
