"""The shape every report section shares: named columns of a kind (count, money, percent…) and
rows of plain values. The page, the CSV and the XLSX all read this one shape, so what a person
sees on screen and what they download cannot drift apart."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from waybill_ui.clock import SHANGHAI, utcnow
from waybill_ui.services.common.errors import Invalid
from waybill_ui.texts import tr

KINDS = ("text", "int", "fen", "pct", "hours", "days")
MAX_DAYS = 3 * 366  # a longer period is almost certainly a typo
PRESETS = ("last_month", "this_month", "last_7", "last_30", "custom")


@dataclass(frozen=True)
class Column:
    key: str
    kind: str = "int"

    def label(self, lang: str = "zh") -> str:
        return tr(f"reports.col.{self.key}", lang)


@dataclass
class Table:
    key: str  # carriers, pool, provinces, alerts
    columns: list[Column]
    rows: list[dict[str, Any]]
    total: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)  # text keys explaining the figures

    def title(self, lang: str = "zh") -> str:
        return tr(f"reports.section.{self.key}", lang)


def cell_text(kind: str, value: Any, lang: str = "zh") -> str:
    """A value as the page shows it."""
    if value is None:
        return "—"
    if kind == "fen":
        sign = "-" if value < 0 else ""
        return f"{sign}¥{abs(value) / 100:,.2f}"
    if kind == "pct":
        return f"{value * 100:.1f}%"
    if kind in ("hours", "days"):
        return f"{value:.1f}"
    if kind == "int":
        return f"{int(value):,}"
    return str(value)


def cell_number(kind: str, value: Any) -> Any:
    """A value as the downloads hold it: yuan for money, percent points for rates, rounded as shown."""
    if value is None:
        return None
    if kind == "fen":
        return round(value / 100, 2)
    if kind == "pct":
        return round(value * 100, 1)
    if kind in ("hours", "days"):
        return round(value, 1)
    if kind == "int":
        return int(value)
    return str(value)


def unit_label(column: Column, lang: str = "zh") -> str:
    """Header of a download column, with the unit its numbers are in."""
    unit = {
        "fen": "reports.unit.yuan",
        "pct": "reports.unit.pct",
        "hours": "reports.unit.hours",
        "days": "reports.unit.days",
    }.get(column.kind)
    return column.label(lang) + (tr(unit, lang) if unit else "")


def ratio(part: int | None, whole: int | None) -> float | None:
    return part / whole if part is not None and whole else None


# --- periods -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Shop-local calendar days, both ends included."""

    start: date
    end: date

    @property
    def since(self) -> datetime:
        return datetime.combine(self.start, time(), SHANGHAI)

    @property
    def until(self) -> datetime:
        return datetime.combine(self.end + timedelta(days=1), time(), SHANGHAI)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def label(self) -> str:
        return f"{self.start.isoformat()} ~ {self.end.isoformat()}"


def today_local(now: datetime | None = None) -> date:
    return (now or utcnow()).astimezone(SHANGHAI).date()


def make_period(start: date | str | None, end: date | str | None) -> Period:
    """A period from two dates (ISO strings accepted); Invalid with what to fix otherwise."""
    try:
        start = date.fromisoformat(start) if isinstance(start, str) else start
        end = date.fromisoformat(end) if isinstance(end, str) else end
    except ValueError:
        raise Invalid("reports.bad_date") from None
    if start is None or end is None:
        raise Invalid("reports.bad_date")
    if end < start:
        raise Invalid("reports.end_before_start", start=start.isoformat(), end=end.isoformat())
    if (end - start).days + 1 > MAX_DAYS:
        raise Invalid("reports.too_long", days=MAX_DAYS)
    return Period(start, end)


def preset(name: str, *, today: date | None = None) -> Period:
    """last_month (the default), this_month, last_7 and last_30 (both ending today)."""
    today = today or today_local()
    first = today.replace(day=1)
    if name == "this_month":
        return Period(first, today)
    if name == "last_7":
        return Period(today - timedelta(days=6), today)
    if name == "last_30":
        return Period(today - timedelta(days=29), today)
    last_end = first - timedelta(days=1)
    return Period(last_end.replace(day=1), last_end)
