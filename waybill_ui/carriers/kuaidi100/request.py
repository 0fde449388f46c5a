"""Building Kuaidi100 real-time query requests (pure functions, reference §1.1)."""

from __future__ import annotations

import hashlib
import json

from waybill_ui.carriers.codes import CARRIERS
from waybill_ui.carriers.protocol import TrackQuery


def sign(param: str, key: str, customer: str) -> str:
    """UPPER(MD5(param + key + customer)) over the exact `param` string that is sent."""
    return hashlib.md5((param + key + customer).encode("utf-8")).hexdigest().upper()


def query_param(query: TrackQuery, *, resultv2: str = "4", order: str = "desc") -> str:
    carrier = CARRIERS[query.carrier]
    param: dict[str, str] = {"com": carrier.kuaidi100, "num": query.number}
    if query.phone:
        param["phone"] = query.phone
    if query.from_text:
        param["from"] = query.from_text
    if query.to_text:
        param["to"] = query.to_text
    param["resultv2"] = resultv2
    param["show"] = "0"
    param["order"] = order
    return json.dumps(param, ensure_ascii=False, separators=(",", ":"))


def query_request(query: TrackQuery, *, customer: str, key: str) -> dict[str, str]:
    """The form fields of a POST to poll/query.do."""
    param = query_param(query)
    return {"customer": customer, "sign": sign(param, key, customer), "param": param}
