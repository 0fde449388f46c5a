"""Fakeq's wire format, pure: a query is JSON {"no", "carrier", "region"} with header X-Token; the
answer is {"ok", "state", "events": [{"at", "what", "state", "where"}]}. Pushes are the same
answer plus "no", signed with HMAC-SHA256(body, token) in the form field "sig"."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime

from tests.carriers.fake_provider import units
from waybill_ui.carriers.protocol import ProviderConfigError, ProviderError, TrackEvent, TrackQuery, TrackResult


def query_request(query: TrackQuery, *, region: str) -> dict:
    return {"no": query.number, "carrier": query.carrier, "region": region}


def parse_track_response(body: bytes | str, query: TrackQuery) -> TrackResult:
    try:
        data = json.loads(body)
    except ValueError:
        raise ProviderError("Fakeq answered something that is not JSON", code="malformed") from None
    if data.get("ok") is False and data.get("why") == "token":
        raise ProviderConfigError("Fakeq refused the token", code="bad_token")
    events = [
        TrackEvent(
            time=datetime.fromisoformat(e["at"]),
            text=e["what"],
            status=units.map_code(e["state"]) or units.S.in_transit,
            location=e.get("where", ""),
            raw_state=e["state"],
        )
        for e in data.get("events", [])
    ]
    status = units.map_code(data.get("state", "")) if events else None
    return TrackResult(
        carrier=query.carrier,
        number=query.number,
        status=status,
        raw_state=data.get("state", ""),
        events=sorted(events, key=lambda e: e.time),
    )


def sign(body: str, token: str) -> str:
    return hmac.new(token.encode(), body.encode(), hashlib.sha256).hexdigest()


def sign_ok(body: str, sig: str, token: str) -> bool:
    return bool(token) and hmac.compare_digest(sign(body, token), sig)
