"""Small pure helpers both tracking adapters share: provider times and event order."""

from __future__ import annotations

import json
from datetime import datetime

from waybill_ui.carriers.protocol import ProviderConfigError, ProviderError, TrackEvent
from waybill_ui.clock import SHANGHAI
from typing import Any

_TIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y%m%d%H%M%S",
)


def parse_time(value: object) -> datetime | None:
    """A carrier's local time (Asia/Shanghai) in any of the shapes seen; None if unreadable."""
    text = str(value or "").strip()
    if not text:
        return None
    if len(text) == 19 and text[4] == "-" and text[10] == " ":  # the usual "yyyy-MM-dd HH:mm:ss", fast
        try:
            return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)
        except ValueError:
            pass
    if "." in text and text.count(":") == 2:  # "2024-05-01 10:00:00.0" from some Java back ends
        text = text.split(".", 1)[0]
    for fmt in _TIME_FORMATS:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=SHANGHAI)
        except ValueError:
            continue
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=SHANGHAI)


def load_json(body: bytes | str | dict[str, Any], provider: str) -> dict[str, Any]:
    if isinstance(body, dict):
        return body
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError, TypeError):
        raise ProviderError(f"{provider} answered something that is not JSON", code="malformed") from None
    if not isinstance(data, dict):
        raise ProviderError(f"{provider} answered JSON of an unexpected shape", code="malformed")
    return data


def oldest_first(events: list[TrackEvent], *, newest_first_hint: bool) -> list[TrackEvent]:
    """Ours are oldest first. Equal times (seconds resolution) keep the answer's own order, so
    an answer that came newest first is turned around before the stable sort."""
    if len(events) > 1 and (
        events[0].time > events[-1].time or (events[0].time == events[-1].time and newest_first_hint)
    ):
        events = list(reversed(events))
    return sorted(events, key=lambda e: e.time)


def is_false(value: object) -> bool:
    """`false`, "false", 0 and "0" all mean false in these APIs."""
    return value is False or str(value).strip().lower() in {"false", "0"}


def check_http_status(status: int, provider: str) -> None:
    """HTTP errors the shared client does not retry: a wrong URL or a refused caller needs a
    person (settings); anything else is worth another try later."""
    if status in (401, 403, 404, 405):
        raise ProviderConfigError(
            f"{provider} answered HTTP {status}: check the URL and the account", code=f"http_{status}"
        )
    if status >= 400:
        raise ProviderError(f"{provider} answered HTTP {status}", code=f"http_{status}")
