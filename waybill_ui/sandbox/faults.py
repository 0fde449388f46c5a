"""Fault injection for the embedded network, from WAYBILL_SANDBOX_FAULTS.

Spec: comma-separated ``kind=value``: ``5xx``, ``timeout``, ``malformed``, ``partial`` are
shares (0..1) of requests; ``latency_ms`` delays every answer; ``timeout_s`` is how long a
"timeout" answer hangs (default 30). Draws come from one seeded stream, so a given seed and
request order give the same faults.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field

KINDS = ("5xx", "timeout", "malformed", "partial")


@dataclass
class FaultPlan:
    shares: dict[str, float] = field(default_factory=dict)
    latency_ms: int = 0
    timeout_s: float = 30.0

    @classmethod
    def parse(cls, spec: str | None) -> "FaultPlan":
        plan = cls()
        for part in (spec or "").replace(";", ",").split(","):
            if not part.strip():
                continue
            key, _, value = part.partition("=")
            key, value = key.strip().lower(), value.strip()
            try:
                number = float(value)
            except ValueError:
                raise ValueError(f"fault {key!r} needs a number, got {value!r}") from None
            if key == "latency_ms":
                plan.latency_ms = int(number)
            elif key == "timeout_s":
                plan.timeout_s = number
            elif key in KINDS:
                if not 0 <= number <= 1:
                    raise ValueError(f"fault share {key}={value} must be between 0 and 1")
                plan.shares[key] = number
            else:
                raise ValueError(f"unknown fault kind {key!r}; known: {', '.join(KINDS)}, latency_ms, timeout_s")
        return plan

    def spec(self) -> str:
        parts = [f"{k}={v:g}" for k, v in self.shares.items() if v]
        if self.latency_ms:
            parts.append(f"latency_ms={self.latency_ms}")
        if self.timeout_s != 30.0:
            parts.append(f"timeout_s={self.timeout_s:g}")
        return ",".join(parts)


class FaultInjector:
    def __init__(self, plan: FaultPlan, seed: int = 0):
        self.plan = plan
        self._rng = random.Random(seed)
        self._lock = threading.Lock()

    def set_plan(self, plan: FaultPlan) -> None:
        self.plan = plan

    def draw(self, *, allow_partial: bool = False) -> str | None:
        """The fault for the next request: one of KINDS, or None for a clean answer."""
        with self._lock:
            u = self._rng.random()
        for kind in KINDS:
            share = self.plan.shares.get(kind, 0.0)
            if kind == "partial" and not allow_partial:
                continue
            if u < share:
                return kind
            u -= share
        return None
