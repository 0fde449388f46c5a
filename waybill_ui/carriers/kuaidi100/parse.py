"""Parsing Kuaidi100 answers (pure functions, reference §1.2–1.4). Lenient: codes may be
strings or numbers, `data` may be newest- or oldest-first, fields may be missing."""

from __future__ import annotations

import logging

from waybill_ui.carriers.kuaidi100 import units
from waybill_ui.carriers.protocol import (
    ProviderConfigError,
    ProviderError,
    TrackEvent,
    TrackQuery,
    TrackResult,
)
from waybill_ui.carriers.status import TrackingStatus
from waybill_ui.carriers.track_common import is_false, load_json, oldest_first, parse_time

log = logging.getLogger(__name__)


def load(body: bytes | str | dict) -> dict:
    return load_json(body, "Kuaidi100")


def error_of(data: dict) -> tuple[str, str] | None:
    """(returnCode, message) when the answer is an error; success bodies carry neither."""
    return_code = data.get("returnCode")
    result = data.get("result")
    if (result is not None and is_false(result)) or (return_code not in (None, "") and str(return_code) != "200"):
        return str(return_code or "").strip(), str(data.get("message") or "").strip()
    return None


def raise_for_error(code: str, message: str) -> None:
    """Turn an error answer into the exception its meaning calls for (500 is not an error)."""
    kind = units.ERRORS.get(code, units.UNKNOWN_ERROR)
    text = f"{code or '?'} {message}".strip()
    if kind.what == "config":
        raise ProviderConfigError(f"Kuaidi100 refused the account settings ({text})", code=kind.code)
    if kind.what == "parcel":
        raise ProviderError(f"Kuaidi100 needs the recipient's phone (or its last 4 digits) for this carrier ({text})",
                            code=kind.code, transient=False)
    raise ProviderError(f"Kuaidi100 error {text}", code=kind.code, transient=True)


def parse_node(node: dict) -> TrackEvent | None:
    when = parse_time(node.get("ftime")) or parse_time(node.get("time"))
    text = str(node.get("context") or "").strip()
    if not text:
        return None
    if when is None:
        log.warning("Kuaidi100 event without a readable time skipped: %r", node.get("time"))
        return None
    sub = str(node.get("statusCode") or "").strip()
    name = str(node.get("status") or "").strip()
    status = units.map_code(sub) or units.STATUS_NAME.get(name) or units.map_text(text) or TrackingStatus.in_transit
    location = node.get("location") or node.get("areaName") or ""
    return TrackEvent(time=when, text=text, status=status, location=str(location).strip(),
                      raw_state=name, raw_substate=sub)


def parse_track_response(body: bytes | str | dict, query: TrackQuery, *, asked_order: str = "desc") -> TrackResult:
    data = load(body)
    error = error_of(data)
    if error:
        code, message = error
        if code == units.NO_RESULT:
            return TrackResult(carrier=query.carrier, number=query.number, status=None, raw_state=code)
        raise_for_error(code, message)

    state = str(data.get("state", "")).strip()
    nodes = data.get("data") or []
    if not isinstance(nodes, list):
        raise ProviderError("Kuaidi100 answer has no trace list", code="malformed")
    events = [e for e in (parse_node(n) for n in nodes if isinstance(n, dict)) if e is not None]
    events = oldest_first(events, newest_first_hint=asked_order != "asc")
    overall = units.map_code(state) or (events[-1].status if events else None)
    # The basic state is coarse (e.g. 5 also for "at a locker"); a finer newest node wins.
    if events and events[-1].raw_substate and units.map_code(events[-1].raw_substate):
        overall = units.map_code(events[-1].raw_substate)
    return TrackResult(carrier=query.carrier, number=query.number, status=overall, raw_state=state, events=events)
