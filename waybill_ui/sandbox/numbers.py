"""Issuing numbers in each carrier's real format, never the same number twice.

The n-th number of a carrier is an affine permutation of n inside the carrier's number space, so
numbers look scattered, are unique by construction (a bijection), and are the same for the same
seed. A number can be mapped back to n to tell whether the sandbox issued it.
"""

from __future__ import annotations

import hashlib
import math

# code -> (prefix, digits after the prefix, leading digits forced into the digit part)
_SHAPES: dict[str, tuple[str, int, str]] = {
    "SF": ("SF", 13, ""),
    "YTO": ("YT", 13, ""),
    "ZTO": ("", 12, "75"),  # 14 digits: 75 + 12
    "STO": ("", 13, "77"),  # 15 digits: 77 + 13
    "YD": ("", 13, "43"),  # 15 digits: 43 + 13
    "JTSD": ("JT", 13, ""),
    "EMS": ("", 11, "11"),  # 13 digits: 11 + 11
    "JD": ("JDVA", 11, ""),
    "DBL": ("DPK", 12, ""),
}


def _params(seed: int, carrier: str) -> tuple[int, int, int]:
    digits = _SHAPES[carrier][1]
    space = 10**digits
    h = hashlib.sha256(f"{seed}:{carrier}".encode()).digest()
    a = int.from_bytes(h[:8], "big") % space | 1
    while math.gcd(a, space) != 1:
        a += 2
    b = int.from_bytes(h[8:16], "big") % space
    return a, b, space


def number_at(seed: int, carrier: str, seq: int) -> str:
    prefix, digits, lead = _SHAPES[carrier]
    a, b, space = _params(seed, carrier)
    if not 0 <= seq < space:
        raise ValueError("number space exhausted")
    value = (a * seq + b) % space
    return f"{prefix}{lead}{value:0{digits}d}"


def seq_of(seed: int, carrier: str, number: str) -> int | None:
    """Inverse of number_at; None when the number is not in the carrier's sandbox space."""
    prefix, digits, lead = _SHAPES[carrier]
    head = prefix + lead
    body = number[len(head) :]
    if not number.startswith(head) or len(body) != digits or not body.isdigit():
        return None
    a, b, space = _params(seed, carrier)
    return ((int(body) - b) * pow(a, -1, space)) % space


def routing(carrier: str, number: str, province: str, city: str, district: str) -> tuple[str, str]:
    """三段码 and 大头笔 for a destination: stable per (carrier, destination)."""
    h = hashlib.sha256(f"{carrier}|{province}|{city}|{district}".encode()).digest()
    first = 100 + h[0] * 3 % 800
    second = 100 + h[1] * 3 % 800
    third = h[2] % 100
    station = f"{h[3] % 100:03d}"
    name = (city or province or "").removesuffix("市") or "中转"
    return f"{first}-{second}-{third:02d} {station}", f"{first}{name}"
