"""Parsing Kuaidi100 answers (pure functions, docs/carrier-formats.md §1.2–1.4). Lenient: codes
may be strings or numbers, `data` may be newest- or oldest-first, fields may be missing."""

from __future__ import annotations

import logging
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
from waybill_ui.carriers.track_common import is_false, load_json, oldest_first, parse_time
from waybill_ui.clock import SHANGHAI
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)


try:  # orjson comes with NiceGUI on CPython; a refresh decodes one answer per parcel
    from orjson import JSONDecodeError as _FastError, loads as _orjson_loads

    _fast_loads: Callable[[bytes | str], Any] | None = _orjson_loads
except ImportError:  # pragma: no cover - other platforms: the standard library only
    _fast_loads = None


def load(body: bytes | str | dict[str, Any]) -> dict[str, Any]:
    if _fast_loads is not None and isinstance(body, (bytes, str)):
        try:
            data = _fast_loads(body)
        except _FastError:
            data = None  # the standard parser decides (it accepts a BOM, NaN, huge numbers)
        if isinstance(data, dict):
            return data
    return load_json(body, "Kuaidi100")


def error_of(data: dict[str, Any]) -> tuple[str, str] | None:
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
        raise ProviderError(
            f"Kuaidi100 needs the recipient's phone (or its last 4 digits) for this carrier ({text})",
            code=kind.code,
            transient=False,
        )
    raise ProviderError(f"Kuaidi100 error {text}", code=kind.code, transient=True)


_SUB, _NAMES = units.STATE, units.STATUS_NAME


def _node_time(node: dict[str, Any]) -> datetime | None:
    ftime = node.get("ftime")
    # the usual "yyyy-MM-dd HH:mm:ss" straight away (a refresh reads ~8 per parcel); else every shape
    if type(ftime) is str and len(ftime) == 19 and ftime[4] == "-" and ftime[10] == " ":
        try:
            return datetime.fromisoformat(ftime).replace(tzinfo=SHANGHAI)
        except ValueError:
            pass
    return parse_time(ftime) or parse_time(node.get("time"))


def parse_node(node: dict[str, Any]) -> TrackEvent | None:
    text = node.get("context")
    text = (text if type(text) is str else str(text or "")).strip()
    if not text:
        return None
    when = _node_time(node)
    if when is None:
        log.warning("Kuaidi100 event without a readable time skipped: %r", node.get("time"))
        return None
    sub = str(node.get("statusCode") or "").strip()
    name = str(node.get("status") or "").strip()
    status = _SUB.get(sub) or _NAMES.get(name) or units.map_text(text) or TrackingStatus.in_transit
    location = node.get("location") or node.get("areaName") or ""
    return TrackEvent(when, text, status, str(location).strip(), name, sub)


def parse_track_response(
    body: bytes | str | dict[str, Any], query: TrackQuery, *, asked_order: str = "desc"
) -> TrackResult:
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
    phase = units.PHASE.get(events[-1].raw_substate, "") if events else ""
    return TrackResult(
        carrier=query.carrier, number=query.number, status=overall, raw_state=state, events=events, phase=phase
    )
