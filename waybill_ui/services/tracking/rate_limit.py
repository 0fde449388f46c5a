"""Requests-per-second limit for one provider: a token bucket shared by all concurrent
workers. Waiters are served in order; the clock and sleep are injectable for tests."""

from __future__ import annotations

import asyncio
import time
import weakref
from collections.abc import Awaitable, Callable


_EPS = 1e-9  # float dust must not turn a wait into an endless loop of zero-length sleeps


class RateLimiter:
    def __init__(
        self,
        qps: float,
        *,
        burst: int | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ):
        self.qps = float(qps)
        self.burst = max(1, int(burst if burst is not None else max(1.0, self.qps)))
        self._clock = clock
        self._sleep = sleep
        self._tokens = float(self.burst)
        self._stamp = clock()
        self._lock = asyncio.Lock()

    @property
    def unlimited(self) -> bool:
        return self.qps <= 0

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(float(self.burst), self._tokens + (now - self._stamp) * self.qps)
        self._stamp = now

    async def acquire(self) -> None:
        if self.unlimited:
            return
        async with self._lock:  # one waiter at a time: first come, first served
            self._refill()
            while self._tokens < 1 - _EPS:
                await self._sleep(max((1 - self._tokens) / self.qps, _EPS))
                self._refill()
            self._tokens = max(self._tokens - 1, 0.0)


_LIMITERS: "weakref.WeakKeyDictionary[object, RateLimiter]" = weakref.WeakKeyDictionary()


def limiter_for(provider: object, qps: float) -> RateLimiter:
    """One limiter per provider object (rebuilt providers get a fresh one), following qps changes."""
    limiter = _LIMITERS.get(provider)
    if limiter is None or limiter.qps != float(qps):
        limiter = RateLimiter(qps)
        _LIMITERS[provider] = limiter
    return limiter
