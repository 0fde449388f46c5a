"""ZPL (Zebra and compatibles): a label as one ^GFA graphic of its PDF page.

Chinese text needs a font resident on the printer, which an unknown Zebra may not have, so ZPL
labels are always raster: exact and portable. The image data uses ZPL's ASCII compression
(repeat counts G–Y / g–z, ',' for a row ending in white, ':' for a row like the previous one):
a label is a few kilobytes instead of 160.
"""

from __future__ import annotations

import re
from functools import lru_cache

from waybill_ui.services.printing.raster import Raster, dots
from waybill_ui.services.printing.tspl import Setup

STATUS_QUERY = b"~HS"  # host status: the printer answers three STX…ETX strings
_LOW = "GHIJKLMNOPQRSTUVWXY"  # 1..19
_HIGH = "ghijklmnopqrstuvwxyz"  # 20, 40, … 400


def _count(n: int) -> str:
    out = ""
    while n >= 400:
        out += "z"
        n -= 400
    if n >= 20:
        out += _HIGH[n // 20 - 1]
        n %= 20
    if n:
        out += _LOW[n - 1]
    return out


# A row of a 76 mm label at 203 dpi is 152 hex digits, so runs are short: their repeat counts are
# worked out once. The runs are found by the regex engine, not a Python loop over the digits: a
# 1,000-label job spent 13 s of CPU here before.
_COUNTS = ["", ""] + [_count(n) for n in range(2, 1024)]
_RUN = re.compile(r"([0-9A-F])\1+")


def _run(match: re.Match[str]) -> str:
    start, end = match.span()
    n = end - start
    return (_COUNTS[n] if n < len(_COUNTS) else _count(n)) + match.group(1)


def compress_row(hex_row: str) -> str:
    stripped = hex_row.rstrip("0")
    if not stripped:
        return ","
    return _RUN.sub(_run, stripped) + ("," if len(stripped) < len(hex_row) else "")


@lru_cache(maxsize=16384)
def _packed(row: bytes) -> str:
    """One row of dots, compressed. Labels of a job share most rows (blank margins, rules, the
    printed template, the sender), so each distinct row is worked out once: 1,000 labels have
    about 378,000 rows but far fewer distinct ones."""
    return compress_row(row.hex().upper())


def graphic(raster: Raster) -> str:
    """^GFA of the raster, compressed."""
    per_row = raster.width_bytes
    rows = []
    previous = None
    data = raster.rows
    for start in range(0, len(data), per_row):
        row = data[start : start + per_row]
        rows.append(":" if row == previous else _packed(row))
        previous = row
    total = per_row * raster.height
    return f"^GFA,{total},{total},{per_row},{''.join(rows)}"


def label_raster(raster: Raster, setup: Setup) -> bytes:
    x, y = dots(setup.offset_x_mm, setup.dpi), dots(setup.offset_y_mm, setup.dpi)
    parts = [
        "^XA",
        "^CI28",
        f"~SD{min(setup.darkness * 2, 30):02d}",
        f"^PW{raster.width}",
        f"^LL{raster.height}",
        f"^LH{max(x, 0)},{max(y, 0)}",
        "^FO0,0" + graphic(raster) + "^FS",
        "^PQ1",
        "^XZ",
    ]
    return ("\n".join(parts) + "\n").encode("ascii")
