"""The cells every row has, turned into what is stored: an amount in fen, a shop-time stamp as
UTC text. The row parser (parsing.py) calls these a million times for a large export, so each
distinct text is worked out once by the full conversion (cleaning.py) and then found in a dict."""

from __future__ import annotations

from datetime import datetime, timedelta

from waybill_ui.services.orders.importing import cleaning

_EIGHT_HOURS = timedelta(hours=8)

# Amounts repeat (a shop's few prices) and times repeat their hour: both are worked out once per
# distinct text and then found in a dict. The caches are bounded; a full one starts again.
_MONEY: dict[str, int] = {}
_UTC_HOUR: dict[str, str] = {}  # "2024-05-23 22" (shop time) → "2024-05-23 14" (UTC); "" not a valid hour
_CACHE_LIMIT = 50_000


def fast_money(value: str) -> int:
    fen = _MONEY.get(value)
    if fen is not None:
        return fen
    whole, _, cents = value.partition(".")
    if whole.isdigit() and whole.isascii() and len(cents) <= 2 and (not cents or (cents.isdigit() and cents.isascii())):
        fen = int(whole) * 100 + (int(cents.ljust(2, "0")) if cents else 0)
    else:
        fen = cleaning.money_fen(value)  # raises for what is no amount: never cached
    if len(_MONEY) >= _CACHE_LIMIT:
        _MONEY.clear()
    _MONEY[value] = fen
    return fen


def _utc_hour(head: str) -> str:
    try:
        moment = datetime.fromisoformat(head + ":00:00")
    except ValueError:
        return ""
    return (moment - _EIGHT_HOURS).isoformat(" ")[:13]


def fast_when(value: str) -> str | None:
    """A time as the export writes it (shop time, UTC+8) → the stored UTC text."""
    if not value:
        return None
    if (
        len(value) == 19
        and value[13] == ":"
        and value[16] == ":"
        and value[14] < "6"
        and value[17] < "6"
        and value[14:16].isdigit()
        and value[17:19].isdigit()
        and value.isascii()
    ):  # "YYYY-MM-DD HH:MM:SS": only the date and hour change
        head = value[:13]
        utc = _UTC_HOUR.get(head)
        if utc is None:
            if len(_UTC_HOUR) >= _CACHE_LIMIT:
                _UTC_HOUR.clear()
            utc = _UTC_HOUR[head] = _utc_hour(head)
        if utc:
            return utc + value[13:] + ".000000"
    try:  # other forms ISO knows, parsed in C
        moment = datetime.fromisoformat(value)
    except ValueError:
        return cleaning.when(value)
    if moment.tzinfo is not None:
        return cleaning.when(moment)
    return (moment - _EIGHT_HOURS).isoformat(" ", "microseconds")
