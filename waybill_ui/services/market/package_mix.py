"""The cheapest mix of catalogue packages for a number of waybills, with nothing left to expire:
the pure arithmetic behind 采购建议 (services/market/planner.py reads the shop's data and explains
the result step by step).

Stock is consumed the way allocation takes it, soonest-expiring first, against the demand
D(t) = waiting orders + rate × t; a number is "unused" when D has not reached it by its expiry."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import reduce
from typing import Any
from urllib.parse import urlencode

CHECKOUT = "/market/checkout"


@dataclass
class Package:
    id: str
    quantity: int
    price_fen: int
    validity_days: int


@dataclass
class Line:
    package: Package
    count: int

    @property
    def numbers(self) -> int:
        return self.package.quantity * self.count

    @property
    def price_fen(self) -> int:
        return self.package.price_fen * self.count

    @property
    def checkout_url(self) -> str:
        return f"{CHECKOUT}?{urlencode({'package': self.package.id, 'quantity': self.count})}"


@dataclass
class Alternative:
    package: Package
    count: int  # packages of this kind alone to cover the gap
    price_fen: int
    unused: int  # numbers that would expire unused


def _cap(expiry: float, *, pending: float, rate: float) -> int:
    """Numbers the demand curve has used up by `expiry` days from now."""
    return math.floor(pending + rate * max(expiry, 0) + 1e-9)


def _walk(
    groups: list[tuple[float | None, int]], *, pending: float, rate: float
) -> list[tuple[float | None, int, int, int]]:
    """Each group as (expiry, count, used before it, taken from it), in the order allocation
    consumes them: soonest-expiring first, never-expiring last, ties in the order given."""
    used = 0
    out = []
    for expiry, count in sorted(groups, key=lambda g: (g[0] is None, g[0] or 0)):
        take = count if expiry is None else min(count, max(0, _cap(expiry, pending=pending, rate=rate) - used))
        out.append((expiry, count, used, take))
        used += take
    return out


def simulate(groups: list[tuple[float | None, int]], *, pending: float, rate: float) -> tuple[int, int]:
    """(used, unused) for stock groups of (expiry in days from now or None, count) consumed
    soonest-expiring first against demand D(t) = pending + rate × t."""
    walk = _walk(groups, pending=pending, rate=rate)
    used = sum(take for *_, take in walk)
    return used, sum(count for _, count, _, _ in walk) - used


def _stock_bounds(stock: list[tuple[float | None, int]], *, pending: float, rate: float) -> list[tuple[float, int]]:
    """(expiry, most numbers that may be bought expiring sooner) for each stock group that new
    numbers could crowd out: queued ahead of it, they would push some of it past its expiry."""
    bounds = []
    for expiry, count, before, take in _walk(stock, pending=pending, rate=rate):
        if expiry is None or take == 0:
            continue  # never expires, or already wholly unused: nothing more to lose
        room = _cap(expiry, pending=pending, rate=rate) - before - take
        bounds.append((expiry, room if take == count else 0))
    return bounds


def choose(
    packages: list[Package], *, gap: int, stock: list[tuple[float | None, int]], pending: float, rate: float
) -> tuple[list[Line], int]:
    """The cheapest mix covering `gap` that adds no unused numbers; (lines, numbers left unused)."""
    if gap <= 0 or not packages:
        return [], 0
    base_unused = simulate(stock, pending=pending, rate=rate)[1]

    def extra_unused(mix: dict[str, int]) -> int:
        groups = stock + [(p.validity_days, p.quantity * mix[p.id]) for p in packages if mix.get(p.id)]
        return simulate(groups, pending=pending, rate=rate)[1] - base_unused

    unit = reduce(math.gcd, [p.quantity for p in packages])
    # A mix over gap + the biggest package could drop a package and still cover: never cheapest.
    top = math.ceil(gap / unit) + max(p.quantity for p in packages) // unit
    # Unbounded knapsack over the numbers bought so far (in `unit`s), packages taken in validity
    # order. Nothing is left unused exactly when (1) each package kind bought fits, with all stock
    # and purchases queued before it, inside the demand up to its expiry, and (2) no stock group
    # expiring later is crowded out by purchases that expire sooner. Both bound only the running
    # total, so the cheapest mix per total is all the table needs to keep.
    best: list[tuple[int, dict[str, Any]] | None] = [None] * (top + 1)
    best[0] = (0, {})
    crowded = sorted(_stock_bounds(stock, pending=pending, rate=rate))

    def cut(up_to: float) -> None:  # (2) for stock expiring at or before `up_to`
        while crowded and crowded[0][0] <= up_to:
            room = crowded.pop(0)[1]
            for q in range(max(0, room // unit + 1), top + 1):
                best[q] = None

    for p in sorted(packages, key=lambda p: (p.validity_days, p.quantity)):
        cut(p.validity_days)
        ahead = simulate(
            [g for g in stock if g[0] is not None and g[0] <= p.validity_days], pending=pending, rate=rate
        )[0]
        limit = _cap(p.validity_days, pending=pending, rate=rate) - ahead  # (1)
        step = p.quantity // unit
        for q in range(step, min(top, limit // unit) + 1 if limit >= 0 else 0):
            prev = best[q - step]
            if prev is None:
                continue
            cost = prev[0] + p.price_fen
            here = best[q]
            if here is None or cost < here[0]:
                best[q] = (cost, {**prev[1], p.id: prev[1].get(p.id, 0) + 1})
    cut(math.inf)
    candidates = sorted((b[0], q, b[1]) for q, b in enumerate(best) if b and q * unit >= gap)
    by_id = {p.id: p for p in packages}
    for _, _, mix in candidates:
        if extra_unused(mix) == 0:  # the table is exact; the full simulation is the final word
            return [Line(by_id[i], n) for i, n in sorted(mix.items(), key=lambda kv: by_id[kv[0]].quantity)], 0
    # Nothing fits without leftovers (use is too slow): the single kind that leaves the fewest.
    options = []
    for p in packages:
        count = math.ceil(gap / p.quantity)
        options.append((extra_unused({p.id: count}), count * p.price_fen, p, count))
    unused, _, p, count = min(options, key=lambda o: (o[0], o[1], o[2].quantity))
    return [Line(p, count)], unused


def alternatives(
    packages: list[Package], *, gap: int, stock: list[tuple[float | None, int]], pending: float, rate: float
) -> list[Alternative]:
    base = simulate(stock, pending=pending, rate=rate)[1]
    out = []
    for p in sorted(packages, key=lambda p: p.quantity):
        count = math.ceil(gap / p.quantity)
        unused = simulate(stock + [(p.validity_days, p.quantity * count)], pending=pending, rate=rate)[1] - base
        out.append(Alternative(p, count, count * p.price_fen, unused))
    return out
