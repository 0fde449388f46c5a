"""Parsing the embedded network's market answers (pure functions). Anything unexpected is a
transient `malformed` error: the caller keeps its state and retries later."""

from __future__ import annotations

import json
from datetime import datetime

from waybill_ui.carriers.protocol import (
    CarrierOffer,
    InterceptAnswer,
    IssuedNumbers,
    NumberResult,
    PackageOffer,
    ProviderError,
    Routing,
)
from typing import Any


def _load(body: bytes | str) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError, TypeError):
        raise ProviderError("the carrier network answered something that is not JSON", code="malformed") from None
    if not isinstance(data, dict):
        raise ProviderError("the carrier network answered JSON of an unexpected shape", code="malformed")
    return data


def _time(value: object) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        raise ProviderError(f"bad time {value!r} in the carrier network's answer", code="malformed") from None


def parse_catalogue(body: bytes | str) -> list[CarrierOffer]:
    data = _load(body)
    try:
        return [
            CarrierOffer(
                code=str(c["code"]),
                name=str(c["name"]),
                prices=dict(c["prices"]),
                transit_days={k: int(v) for k, v in c["transit_days"].items()},
                provinces_excluded=[str(p) for p in c.get("provinces_excluded", [])],
                packages=[
                    PackageOffer(
                        id=str(p["id"]),
                        quantity=int(p["quantity"]),
                        price_fen=int(p["price_fen"]),
                        validity_days=int(p["validity_days"]),
                    )
                    for p in c.get("packages", [])
                ],
            )
            for c in data["carriers"]
        ]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ProviderError(f"catalogue answer is incomplete ({exc})", code="malformed") from None


def parse_issue(body: bytes | str) -> IssuedNumbers:
    data = _load(body)
    try:
        numbers = data["numbers"]
        if not isinstance(numbers, list) or not all(isinstance(n, str) and n for n in numbers):
            raise TypeError("numbers must be a list of strings")
        return IssuedNumbers(
            order_ref=str(data["order_ref"]),
            carrier=str(data["carrier"]),
            numbers=numbers,
            offset=int(data["offset"]),
            expires_at=_time(data.get("expires_at")),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ProviderError(f"issue answer is incomplete ({exc})", code="malformed") from None


def parse_numbers(body: bytes | str, done_key: str) -> NumberResult:
    data = _load(body)
    try:
        return NumberResult(
            done=[str(n) for n in data[done_key]],
            rejected={str(k): str(v) for k, v in (data.get("rejected") or {}).items()},
            fee_fen=int(data.get("fee_fen") or 0),
            expires_at=_time(data.get("expires_at")),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ProviderError(f"answer is incomplete ({exc})", code="malformed") from None


def parse_cancel(body: bytes | str) -> bool:
    data = _load(body)
    if "cancelled" not in data:
        raise ProviderError("cancel answer is incomplete", code="malformed")
    return bool(data["cancelled"])


def parse_routing(body: bytes | str) -> list[Routing]:
    data = _load(body)
    try:
        return [
            Routing(number=str(i["number"]), route_code=str(i["route_code"]), sort_name=str(i["sort_name"]))
            for i in data["items"]
        ]
    except (KeyError, TypeError) as exc:
        raise ProviderError(f"routing answer is incomplete ({exc})", code="malformed") from None


def parse_intercept(body: bytes | str) -> InterceptAnswer:
    """{"accepted": true, "ref", "fee_fen"} or {"accepted": false, "reason", "message"}."""
    data = _load(body)
    if "accepted" not in data:
        raise ProviderError("interception answer is incomplete", code="malformed")
    if not data["accepted"]:
        return InterceptAnswer(
            status="refused", reason=str(data.get("reason") or ""), message=str(data.get("message") or "")
        )
    try:
        return InterceptAnswer(status="accepted", ref=str(data["ref"]), fee_fen=int(data.get("fee_fen") or 0))
    except (KeyError, TypeError, ValueError) as exc:
        raise ProviderError(f"interception answer is incomplete ({exc})", code="malformed") from None


def parse_intercept_status(body: bytes | str) -> InterceptAnswer:
    data = _load(body)
    status = data.get("status")
    if status not in ("none", "accepted", "succeeded"):
        raise ProviderError(f"unknown interception status {status!r}", code="malformed")
    return InterceptAnswer(status="refused" if status == "none" else status, ref=str(data.get("ref") or ""))
