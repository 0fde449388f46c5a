"""Text helpers for labels: fitting text into a box (wrap, then shrink, then cut), phone masking.

Pure functions; fast enough for thousands of labels because character widths are cached and the
font size is first estimated from the text's area instead of tried point by point.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics

LEADING = 1.18  # line height as a multiple of the font size
ELLIPSIS = "…"


@lru_cache(maxsize=65536)
def char_width(font: str, char: str) -> float:
    """Width of one character at 1 pt."""
    return pdfmetrics.stringWidth(char, font, 1.0)


def text_width(text: str, font: str, size: float) -> float:
    return sum(char_width(font, c) for c in text) * size


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Break into lines no wider than `width`. Chinese breaks anywhere; a run of Latin letters or
    digits (a house number, "B座", a phone) is kept whole when it fits on one line."""
    limit = width / size
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line: list[str] = []
        used = 0.0
        for token in re.findall(r"[A-Za-z0-9\-#/.]+|.", paragraph):
            w = sum(char_width(font, c) for c in token)
            if used + w <= limit:
                line.append(token)
                used += w
                continue
            if len(token) > 1 and w <= limit:  # move the whole word to the next line
                lines.append("".join(line).rstrip())
                line, used = [token], w
                continue
            for char in token:  # a single char, or a word longer than a line
                cw = char_width(font, char)
                if used + cw > limit and line:
                    lines.append("".join(line).rstrip())
                    line, used = [], 0.0
                    if char == " ":
                        continue
                line.append(char)
                used += cw
        lines.append("".join(line).rstrip())
    return lines


def fit(
    text: str, font: str, width: float, height: float, *, max_size: float, min_size: float, max_lines: int | None = None
) -> tuple[float, list[str]]:
    """The largest size (in 0.5 pt steps) at which `text` fits the box; at `min_size` the lines that
    do not fit are cut and the last one ends with "…". Never returns lines taller than `height`."""
    text = (
        " ".join(part for part in (text or "").replace("\r", "").split("\n") if part.strip())
        if max_lines == 1
        else (text or "").replace("\r", "").strip()
    )
    if not text:
        return max_size, []
    total = text_width(text, font, 1.0)
    # Area estimate: lines * size * LEADING <= height with lines ~ total * size / width.
    estimate = math.sqrt(width * height / (total * LEADING)) if total else max_size
    size = min(max_size, max(min_size, math.floor(estimate * 2) / 2), height / LEADING)
    size = max(size, min_size)
    while True:
        lines = wrap(text, font, size, width)
        room = int(height // (size * LEADING)) if size * LEADING <= height else 0
        if max_lines is not None:
            room = min(room, max_lines)
        if len(lines) <= room:
            return size, lines
        if size - 0.5 >= min_size:
            size -= 0.5
            continue
        return size, _cut(lines, max(room, 1) if height >= size else 0, font, size, width)


def _cut(lines: list[str], room: int, font: str, size: float, width: float) -> list[str]:
    kept = lines[:room]
    if not kept:
        return []
    last = kept[-1]
    while last and text_width(last + ELLIPSIS, font, size) > width:
        last = last[:-1]
    kept[-1] = last + ELLIPSIS
    return kept


def mask_name(name: str) -> str:
    """张** for 张三丰, 张* for 张三: the surname stays, so the courier can still ask for the person."""
    name = (name or "").strip()
    if len(name) <= 1 or "*" in name:
        return name
    return name[0] + "*" * min(len(name) - 1, 3)


def mask_phone(phone: str) -> str:
    """138****8000 for a mobile; the middle digits of other numbers likewise. A platform virtual
    number's extension (13800138000-1234) stays readable: the courier needs it to call."""
    phone = re.sub(r"^\+?86[\s-]*(?=1\d)", "", (phone or "").strip())
    if re.fullmatch(r"1[\d\s]{10,14}(-\d{1,4})?", phone):  # a mobile typed with spaces
        phone = phone.replace(" ", "")
    main, sep, ext = phone.partition("-")
    if sep and not (ext.isdigit() and len(ext) <= 4 and len(re.sub(r"\D", "", main)) == 11):
        main, sep, ext = phone, "", ""  # a landline like 0571-88886666: mask the whole thing
    digits = [i for i, c in enumerate(main) if c.isdigit()]
    if len(digits) < 7:
        return phone
    keep_head, keep_tail = 3, 4
    hidden = set(digits[keep_head : len(digits) - keep_tail])
    masked = "".join("*" if i in hidden else c for i, c in enumerate(main))
    return masked + sep + ext
