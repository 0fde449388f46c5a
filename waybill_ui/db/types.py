"""Column types shared by the models. (The clock is waybill_ui/clock.py.)"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import DateTime, Dialect, TypeDecorator


def stored_utc(value: datetime) -> datetime:
    """What a UTCDateTime column stores for an aware datetime: naive UTC (naive input is refused)."""
    if value.tzinfo is None:
        raise ValueError("naive datetime given; use an aware datetime (utcnow())")
    return value.astimezone(timezone.utc).replace(tzinfo=None)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware datetimes stored as UTC.

    SQLite has no time zones, so a naive value would silently mean whatever the writer meant;
    we refuse naive datetimes and always hand back aware UTC ones.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect | None) -> datetime | None:
        return None if value is None else stored_utc(value)

    def process_result_value(self, value: datetime | None, dialect: Dialect | None) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc)
