"""The per-provider requests-per-second limit, on a fake clock."""

import asyncio

from waybill_ui.services.tracking.rate_limit import RateLimiter, limiter_for


class FakeClock:
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def __call__(self):
        return self.now

    async def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


async def test_ten_qps_spaces_requests_after_the_burst():
    clock = FakeClock()
    limiter = RateLimiter(10, clock=clock, sleep=clock.sleep)
    stamps = []
    for _ in range(30):
        await limiter.acquire()
        stamps.append(clock.now)
    assert stamps[:10] == [0.0] * 10  # a burst of one second's worth
    assert abs(stamps[-1] - 2.0) < 1e-6  # then 10 per second
    gaps = [b - a for a, b in zip(stamps[10:], stamps[11:], strict=False)]
    assert all(abs(g - 0.1) < 1e-6 for g in gaps)


async def test_concurrent_workers_share_one_budget():
    clock = FakeClock()
    limiter = RateLimiter(5, burst=1, clock=clock, sleep=clock.sleep)
    stamps = []

    async def worker():
        for _ in range(5):
            await limiter.acquire()
            stamps.append(clock.now)

    await asyncio.gather(*(worker() for _ in range(4)))
    assert len(stamps) == 20
    assert abs(max(stamps) - 19 / 5) < 1e-6  # 20 requests at 5 per second, whoever asks


async def test_unlimited_never_waits():
    clock = FakeClock()
    limiter = RateLimiter(0, clock=clock, sleep=clock.sleep)
    for _ in range(1000):
        await limiter.acquire()
    assert clock.sleeps == [] and limiter.unlimited


def test_one_limiter_per_provider_following_the_setting():
    a, b = object.__new__(type("P", (), {})), object.__new__(type("Q", (), {}))
    assert limiter_for(a, 10) is limiter_for(a, 10)
    assert limiter_for(a, 10) is not limiter_for(b, 10)
    assert limiter_for(a, 5).qps == 5
