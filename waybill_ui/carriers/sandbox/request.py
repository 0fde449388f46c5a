"""Requests to the embedded network's market API (pure functions)."""

from __future__ import annotations
from typing import Any


def headers(key: str) -> dict[str, str]:
    return {"X-Sandbox-Key": key}


def issue_request(
    *, order_ref: str, carrier: str, quantity: int, offset: int, validity_days: int | None
) -> dict[str, Any]:
    body = {"order_ref": order_ref, "carrier": carrier, "quantity": quantity, "offset": offset}
    if validity_days:
        body["validity_days"] = validity_days
    return body


def numbers_request(*, carrier: str, numbers: list[str], **extra: Any) -> dict[str, Any]:
    return {"carrier": carrier, "numbers": list(numbers), **extra}


def routing_request(*, carrier: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    keep = ("number", "province", "city", "district")
    return {"carrier": carrier, "items": [{k: str(item.get(k, "")) for k in keep} for item in items]}
