"""Parsing Kdniao answers (pure functions, docs/carrier-formats.md §2.5–2.6): `Success` flag and
`Reason`, `State`/`StateEx` as strings or numbers, traces oldest first."""

from __future__ import annotations

import logging

from waybill_ui.carriers.kdniao import units
from waybill_ui.carriers.protocol import (
    ProviderConfigError,
    ProviderError,
    TrackEvent,
    TrackQuery,
    TrackResult,
)
from waybill_ui.carriers.status import TrackingStatus
from waybill_ui.carriers.track_common import is_false, load_json, oldest_first, parse_time
from typing import Any

log = logging.getLogger(__name__)


def raise_for_reason(reason: str) -> None:
    kind = units.classify_reason(reason)
    text = reason or "no reason given"
    if kind.what == "no_result":
        return
    if kind.what == "config":
        raise ProviderConfigError(f"Kdniao refused the account settings ({text})", code=kind.code)
    if kind.what == "phone":
        raise ProviderError(
            f"Kdniao needs the recipient's phone (last 4 digits) for this carrier ({text})",
            code=kind.code,
            transient=False,
        )
    if kind.what == "parcel":
        raise ProviderError(f"Kdniao cannot query this parcel ({text})", code=kind.code, transient=False)
    raise ProviderError(f"Kdniao error ({text})", code=kind.code, transient=True)


def parse_trace(trace: dict[str, Any]) -> TrackEvent | None:
    text = str(trace.get("AcceptStation") or "").strip()
    if not text:
        return None
    when = parse_time(trace.get("AcceptTime"))
    if when is None:
        log.warning("Kdniao trace without a readable time skipped: %r", trace.get("AcceptTime"))
        return None
    action = str(trace.get("Action") or "").strip()
    status = units.map_state_ex(action) or units.map_text(text) or TrackingStatus.in_transit
    return TrackEvent(
        time=when,
        text=text,
        status=status,
        location=str(trace.get("Location") or "").strip(),
        raw_state=action[:1] if action else "",
        raw_substate=action,
    )


def parse_track_response(body: bytes | str | dict[str, Any], query: TrackQuery) -> TrackResult:
    data = load_json(body, "Kdniao")
    reason = str(data.get("Reason") or "").strip()
    if "Success" not in data:
        raise ProviderError("Kdniao answer has no Success flag", code="malformed")
    if is_false(data.get("Success")):
        raise_for_reason(reason)
        return TrackResult(carrier=query.carrier, number=query.number, status=None, raw_state="0")

    state = str(data.get("State") if data.get("State") is not None else "").strip()
    state_ex = str(data.get("StateEx") if data.get("StateEx") is not None else "").strip()
    traces = data.get("Traces") or []
    if not isinstance(traces, list):
        raise ProviderError("Kdniao answer has no trace list", code="malformed")
    events = [e for e in (parse_trace(t) for t in traces if isinstance(t, dict)) if e is not None]
    events = oldest_first(events, newest_first_hint=False)
    raw = state_ex or state
    if not events and (state in units.NO_TRACE or not state):
        return TrackResult(carrier=query.carrier, number=query.number, status=None, raw_state=raw)
    newest = units.map_state_ex(events[-1].raw_substate) if events else None
    overall = (
        units.map_state_ex(state_ex) or newest or units.map_state(state) or (events[-1].status if events else None)
    )
    phase = units.PHASE.get(events[-1].raw_substate, "") if events else ""
    return TrackResult(
        carrier=query.carrier, number=query.number, status=overall, raw_state=raw, events=events, phase=phase
    )
