"""Kdniao track subscription (RequestType 1008) and its pushes (101, value-added 102), pure
functions (docs/carrier-formats.md §2.8).

The callback address is not part of the request: it is set once in Kdniao's console (the
settings page shows the one to enter). Every push carries `Data`, a list of parcels, each a
full snapshot of its traces in the instant-query shape; its DataSign is made like ours
(Base64 of the lowercase hex MD5 of RequestData + ApiKey) and must be checked.
"""

from __future__ import annotations

import hmac
import json
from datetime import datetime

from waybill_ui.carriers.codes import CARRIERS
from waybill_ui.carriers.kdniao import units
from waybill_ui.carriers.kdniao.parse import parse_track_response
from waybill_ui.carriers.kdniao.request import customer_name, data_sign, shipper_code
from waybill_ui.carriers.protocol import ProviderError, PushUpdate, SubscribeQuery, SubscribeResult, TrackQuery
from waybill_ui.carriers.track_common import is_false, load_json
from waybill_ui.clock import SHANGHAI
from typing import Any

SUBSCRIBE_TYPE = "1008"
PUSH_TYPES = frozenset({"101", "102"})
_OUR_CODE = {c.kdniao: c.code for c in CARRIERS.values()}
_VENDOR_QUERY_PATH = "/Ebusiness/EbusinessOrderHandle.aspx"


def subscribe_url_for(query_url: str) -> str:
    """Kdniao takes subscriptions at `/api/dist` on its own hosts; any other server named in
    WAYBILL_KDNIAO_URL (a proxy, a test double) gets them at that same URL."""
    if "kdniao.com" in query_url and query_url.endswith(_VENDOR_QUERY_PATH):
        return query_url.removesuffix(_VENDOR_QUERY_PATH) + "/api/dist"
    return query_url


def carrier_of_shipper(shipper: str) -> str:
    return _OUR_CODE.get(str(shipper or "").strip().upper(), "")


def subscribe_data(query: SubscribeQuery, *, order_code: str = "") -> str:
    data = {"OrderCode": order_code, "ShipperCode": shipper_code(query.carrier), "LogisticCode": query.number}
    name = customer_name(TrackQuery(carrier=query.carrier, number=query.number, phone=query.phone))
    if name:
        data["CustomerName"] = name
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def subscribe_form(query: SubscribeQuery, *, business_id: str, api_key: str) -> dict[str, str]:
    body = subscribe_data(query)
    return {
        "RequestData": body,
        "EBusinessID": business_id,
        "RequestType": SUBSCRIBE_TYPE,
        "DataSign": data_sign(body, api_key),
        "DataType": "2",
    }


def parse_subscribe_response(body: bytes | str | dict[str, Any]) -> SubscribeResult:
    try:
        data = load_json(body, "Kdniao")
    except ProviderError:
        return SubscribeResult("retry", "malformed", "Kdniao answered something that is not JSON")
    reason = str(data.get("Reason") or "").strip()[:200]
    if "Success" in data and not is_false(data.get("Success")):
        return SubscribeResult("subscribed", "true", reason)
    if any(word in reason for word in units.DUPLICATE_WORDS):
        return SubscribeResult("duplicate", "false", reason)
    kind = units.classify_reason(reason)
    outcome = {"config": "config", "parcel": "failed", "phone": "failed"}.get(kind.what, "retry")
    return SubscribeResult(outcome, kind.code, reason)


def sign_ok(request_data: str, sign: str, api_key: str) -> bool:
    """The push's DataSign (already form-decoded) against our own computation."""
    if not (api_key and sign):
        return False
    return hmac.compare_digest(data_sign(request_data, api_key), sign.strip())


def parse_push(request_data: str | bytes | dict[str, Any], *, provider: str = "kdniao") -> list[PushUpdate]:
    """Every parcel of a push, each a full snapshot."""
    data = load_json(request_data, "Kdniao")
    items = data.get("Data")
    if not isinstance(items, list):
        raise ProviderError("Kdniao push without Data", code="malformed")
    updates = []
    for item in items:
        if not isinstance(item, dict) or not str(item.get("LogisticCode") or "").strip():
            raise ProviderError("Kdniao push item without LogisticCode", code="malformed")
        number = str(item["LogisticCode"]).strip()
        carrier = carrier_of_shipper(str(item.get("ShipperCode") or ""))
        query = TrackQuery(carrier=carrier, number=number)
        try:
            result = (
                parse_track_response({"Success": True, **item}, query)
                if "Success" not in item
                else parse_track_response(item, query)
            )
        except ProviderError:  # Success false with a reason: no news for this parcel
            result = None
        if result is not None and not result.events:
            result.status = None
        updates.append(
            PushUpdate(
                provider=provider,
                number=number,
                carrier=carrier,
                monitor="polling",
                message=str(item.get("Reason") or "")[:200],
                result=result,
            )
        )
    return updates


def push_reply(business_id: str, now: datetime, *, success: bool = True, reason: str = "") -> dict[str, Any]:
    """What Kdniao expects back from a push."""
    return {
        "EBusinessID": business_id,
        "UpdateTime": now.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S"),
        "Success": success,
        "Reason": reason,
    }
