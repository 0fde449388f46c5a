"""The app's one clock. Every module asks `utcnow()` here (never `datetime.now()`), so time can be
injected for the whole app at once: `use(source)` for a sped-up demo or a test, `frozen(at)` in a
test. Services that take a `now` argument still take it; this is what they fall back to.

The shop works in Asia/Shanghai time (`SHANGHAI`, `to_local`, `fmt_local` for display); stored
times are aware UTC (waybill_ui/db/types.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
Source = Callable[[], datetime]


def _real() -> datetime:
    return datetime.now(timezone.utc)


_source: Source = _real


def utcnow() -> datetime:
    return _source()


def epoch() -> float:
    """`utcnow()` as seconds since 1970 (the embedded network's stored times)."""
    return utcnow().timestamp()


def use(source: Source | None) -> Source:
    """Make `source` the app's clock (None: the real one again); returns the one it replaces."""
    global _source
    before, _source = _source, source or _real
    return before


@contextmanager
def frozen(at: datetime) -> Iterator[Callable[..., None]]:
    """The clock stands at `at` (aware) until the block ends; the yielded `advance(**timedelta)`
    moves it on."""
    from datetime import timedelta

    if at.tzinfo is None:
        raise ValueError("an aware datetime is needed")
    now = [at]

    def advance(**delta: float) -> None:
        now[0] += timedelta(**delta)

    before = use(lambda: now[0])
    try:
        yield advance
    finally:
        use(before)


def to_local(value: datetime | None) -> datetime | None:
    """For display: the shop works in Asia/Shanghai time."""
    return value.astimezone(SHANGHAI) if value else None


def fmt_local(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return value.astimezone(SHANGHAI).strftime(fmt) if value else ""
