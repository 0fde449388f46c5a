"""Waybill-number formats of the major carriers (docs/carrier-formats.md §3).

The patterns are heuristics and overlap between carriers: they validate a number against the
carrier the seller chose, and *suggest* carriers for a typed number — never decide alone.

Check digits: only the UPU S10 form (EMS / China Post international, e.g. ``EA123456785CN``)
has a published one (docs/carrier-formats.md §3, verified); it is checked, and ranges of S10
numbers get their check digit recomputed. The domestic forms have no public check-digit rule, so a typo there can
only be caught by length and prefix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class NumberFormat:
    current: re.Pattern[str]  # the form carriers issue today
    legacy: tuple[re.Pattern[str], ...] = ()  # older forms still seen in the wild
    example: str = ""


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# China Post's S10 service indicators: E* EMS, C* parcels, R* registered, L/U/V small packets.
_S10_CN = r"^[CELRUV][A-Z]\d{9}CN$"

FORMATS: dict[str, NumberFormat] = {
    "SF": NumberFormat(_re(r"^SF\d{13}$"), (_re(r"^\d{12}$"),), "SF1234567890123"),
    "YTO": NumberFormat(_re(r"^YT\d{13}$"), (_re(r"^(80|99|6\d|70|78|79)\d{16}$"),), "YT1234567890123"),
    "ZTO": NumberFormat(_re(r"^7[3-9]\d{12}$"), (_re(r"^\d{12}$"),), "75123456789012"),
    "STO": NumberFormat(
        _re(r"^77\d{13}$"),
        (_re(r"^(268|368|468|568|668|768|868|968|888)\d{9,10}$"), _re(r"^(33|55|66|88|99)\d{11}$")),
        "773123456789012",
    ),
    "YD": NumberFormat(_re(r"^[34]\d{14}$"), (_re(r"^\d{13}$"),), "431234567890123"),
    "JTSD": NumberFormat(_re(r"^JT\d{13}$"), (), "JT1234567890123"),
    "EMS": NumberFormat(_re(r"^[19]\d{12}$"), (_re(_S10_CN),), "1123456789012"),
    "JD": NumberFormat(_re(r"^JD[0-9A-Z]{2}\d{11}$"), (_re(r"^JD\d{12,15}$"),), "JDVA12345678901"),
    "DBL": NumberFormat(_re(r"^DPK\d{12}$"), (_re(r"^\d{8,10}$"),), "DPK123456789012"),
}

_S10 = re.compile(r"^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$")
_S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
_TRAILING_DIGITS = re.compile(r"^(.*?)(\d+)$")
MAX_LENGTH = 40  # the waybill.number column


def s10_check_digit(serial: str) -> int:
    """UPU S10 check digit over the 8 serial digits."""
    c = 11 - sum(int(d) * w for d, w in zip(serial, _S10_WEIGHTS, strict=False)) % 11
    return {10: 0, 11: 5}.get(c, c)


def clean(number: str) -> str:
    """What a scanner or a paste may add: spaces, dashes, lower case, full-width characters."""
    number = number.strip().translate(_FULL_WIDTH)
    return re.sub(r"[\s\-]", "", number).upper()


_FULL_WIDTH = str.maketrans(
    {chr(0xFF10 + i): str(i) for i in range(10)}
    | {chr(0xFF21 + i): chr(0x41 + i) for i in range(26)}
    | {chr(0xFF41 + i): chr(0x61 + i) for i in range(26)}
)


def check(carrier: str, number: str) -> str | None:
    """None when the number fits the carrier; otherwise a text key explaining why not."""
    fmt = FORMATS.get(carrier)
    if fmt is None:
        return "number.unknown_carrier"
    if not number:
        return "number.empty"
    if len(number) > MAX_LENGTH:
        return "number.too_long"
    s10 = _S10.match(number)
    if s10 and any(p.match(number) for p in fmt.legacy):
        if s10_check_digit(s10.group(2)) != int(s10.group(3)):
            return "number.bad_check_digit"
        return None
    if fmt.current.match(number) or any(p.match(number) for p in fmt.legacy):
        return None
    return "number.bad_format"


def validate(carrier: str, raw: str) -> tuple[str, str | None]:
    """(cleaned number, None) or (cleaned number, text key of the problem)."""
    number = clean(raw)
    return number, check(carrier, number)


def suggest_carriers(number: str) -> list[str]:
    """Carriers whose format fits, current forms first (a suggestion, never a decision)."""
    number = clean(number)
    current = [code for code, fmt in FORMATS.items() if fmt.current.match(number)]
    legacy = [code for code, fmt in FORMATS.items() if code not in current and any(p.match(number) for p in fmt.legacy)]
    return current + legacy


class RangeError(ValueError):
    """A range that cannot be generated; `key` is the text key saying why."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def number_range(start: str, count: int) -> list[str]:
    """`count` consecutive numbers from `start` (号段): the trailing digits count up and keep their
    width; an S10 number counts its 8-digit serial up and gets each check digit recomputed."""
    start = clean(start)
    if count < 1:
        raise RangeError("number.range_count")
    s10 = _S10.match(start)
    if s10:
        head, serial, _, country = s10.groups()
        first = int(serial)
        if first + count - 1 > 99_999_999:
            raise RangeError("number.range_overflow")
        out = []
        for value in range(first, first + count):
            digits = f"{value:08d}"
            out.append(f"{head}{digits}{s10_check_digit(digits)}{country}")
        return out
    match = _TRAILING_DIGITS.match(start)
    if not match:
        raise RangeError("number.range_no_digits")
    head, digits = match.groups()
    width, first = len(digits), int(digits)
    if first + count - 1 >= 10**width:
        raise RangeError("number.range_overflow")
    return [f"{head}{value:0{width}d}" for value in range(first, first + count)]
