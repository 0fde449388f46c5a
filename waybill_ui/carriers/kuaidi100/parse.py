"""Parsing Kuaidi100 answers (pure functions, reference §1.2–1.4). Lenient: codes may be
strings or numbers, `data` may be newest- or oldest-first, fields may be missing."""

from __future__ import annotations

import json
from datetime import datetime

from waybill_ui.carriers.kuaidi100 import units
from waybill_ui.carriers.protocol import (
    ProviderConfigError,
    ProviderError,
    TrackEvent,
    TrackQuery,
    TrackResult,
)
from waybill_ui.carriers.status import TrackingStatus
from waybill_ui.db.types import SHANGHAI

_TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M")


def parse_time(value: object) -> datetime | None:
    text = str(value or "").strip()
    for fmt in _TIME_FORMATS:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=SHANGHAI)
        except ValueError:
            continue
    return None


def load(body: bytes | str | dict) -> dict:
    if isinstance(body, dict):
        return body
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError, TypeError):
        raise ProviderError("Kuaidi100 answered something that is not JSON", code="malformed") from None
    if not isinstance(data, dict):
        raise ProviderError("Kuaidi100 answered JSON of an unexpected shape", code="malformed")
    return data


def parse_track_response(body: bytes | str | dict, query: TrackQuery) -> TrackResult:
    data = load(body)
    return_code = data.get("returnCode")
    if data.get("result") is False or (return_code is not None and str(return_code) != "200"):
        code = str(return_code or "")
        message = str(data.get("message") or "")
        if code == units.NO_RESULT:
            return TrackResult(carrier=query.carrier, number=query.number, status=None, raw_state=code)
        if code == units.BAD_SIGN:
            raise ProviderConfigError(f"Kuaidi100 rejected the signature (503 {message}): check customer and key",
                                      code="bad_sign")
        if code == units.PHONE_REQUIRED:
            raise ProviderError(f"Kuaidi100 needs the recipient's phone for this carrier (408 {message})",
                                code="phone_required", transient=False)
        if code in (units.BAD_REQUEST, units.NO_QUOTA):
            raise ProviderConfigError(f"Kuaidi100 refused the query ({code} {message})", code=f"kuaidi100_{code}")
        raise ProviderError(f"Kuaidi100 error {code or '?'} {message}".strip(), code=f"kuaidi100_{code or 'error'}")

    state = str(data.get("state", "")).strip()
    nodes = data.get("data") or []
    if not isinstance(nodes, list):
        raise ProviderError("Kuaidi100 answer has no trace list", code="malformed")
    events: list[TrackEvent] = []
    for node in nodes:
        if not isinstance(node, dict):
            continue
        when = parse_time(node.get("ftime")) or parse_time(node.get("time"))
        text = str(node.get("context") or "").strip()
        if when is None or not text:
            continue
        sub = str(node.get("statusCode") or "").strip()
        status = (units.map_code(sub) or units.STATUS_NAME.get(str(node.get("status") or "").strip())
                  or units.map_text(text) or TrackingStatus.in_transit)
        events.append(TrackEvent(time=when, text=text, status=status,
                                 location=str(node.get("location") or node.get("areaName") or "").strip(),
                                 raw_state=str(node.get("status") or ""), raw_substate=sub))
    # Ours are oldest first. Kuaidi100 sends newest first unless asked otherwise; equal times
    # (seconds resolution) keep the answer's own order, so turn it around before the stable sort.
    if len(events) > 1 and events[0].time >= events[-1].time:
        events.reverse()
    events.sort(key=lambda e: e.time)
    overall = units.map_code(state) or (events[-1].status if events else None)
    # The basic state is coarse (e.g. 5 for "at a locker"); a finer newest node wins.
    if events and events[-1].raw_substate and units.map_code(events[-1].raw_substate):
        overall = units.map_code(events[-1].raw_substate)
    return TrackResult(carrier=query.carrier, number=query.number, status=overall, raw_state=state, events=events)
