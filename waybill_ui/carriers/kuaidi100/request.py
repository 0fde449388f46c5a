"""Building Kuaidi100 real-time query requests (pure functions, docs/carrier-formats.md §1.1)."""

from __future__ import annotations

import hashlib
import json

from waybill_ui.carriers.codes import CARRIERS
from waybill_ui.carriers.protocol import TrackQuery


def sign(param: str, key: str, customer: str) -> str:
    """UPPER(MD5(param + key + customer)) over the exact `param` string that is sent."""
    return hashlib.md5((param + key + customer).encode("utf-8")).hexdigest().upper()


def com_of(carrier: str) -> str:
    """Kuaidi100's `com` for our carrier code (an unknown code is passed through lower-cased)."""
    known = CARRIERS.get(carrier)
    return known.kuaidi100 if known else carrier.lower()


def phone_for(query: TrackQuery) -> str:
    """Only privacy-waybill carriers get the phone (its last 4 digits are enough,
    docs/carrier-formats.md §1.1)."""
    known = CARRIERS.get(query.carrier)
    if not (known and known.needs_phone and query.phone):
        return ""
    digits = "".join(ch for ch in query.phone if ch.isdigit())
    return digits[-4:] if len(digits) >= 4 else ""


def query_param(query: TrackQuery, *, resultv2: str = "4", order: str = "desc") -> str:
    param: dict[str, str] = {"com": com_of(query.carrier), "num": query.number}
    phone = phone_for(query)
    if phone:
        param["phone"] = phone
    if query.from_text:
        param["from"] = query.from_text
    if query.to_text:
        param["to"] = query.to_text
    param["resultv2"] = resultv2
    param["show"] = "0"
    param["order"] = order
    return json.dumps(param, ensure_ascii=False, separators=(",", ":"))


def query_request(query: TrackQuery, *, customer: str, key: str, order: str = "desc") -> dict[str, str]:
    """The form fields of a POST to poll/query.do (sent x-www-form-urlencoded, UTF-8)."""
    param = query_param(query, order=order)
    return {"customer": customer, "sign": sign(param, key, customer), "param": param}
