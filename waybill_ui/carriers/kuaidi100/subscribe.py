"""Kuaidi100 push service (订阅推送, docs/carrier-formats.md §1.5–1.6), pure functions: the
subscription request to `/poll`, its answer, the callback's signature and the callback's snapshot.

Subscribing costs one request per parcel; Kuaidi100 then POSTs the whole trace to our callback
on every change (`status` "polling"), a last time on sign-off ("shutdown"), or gives up
("abort", e.g. no record for 3 days; re-subscribe ≥ 30 minutes later, under `comNew` when it
corrected the carrier). At most 4 subscriptions per carrier + number a month.
"""

from __future__ import annotations

import hashlib
import hmac
import json

from waybill_ui.carriers.codes import CARRIERS
from waybill_ui.carriers.kuaidi100 import units
from waybill_ui.carriers.kuaidi100.parse import load, parse_track_response
from waybill_ui.carriers.kuaidi100.request import com_of, phone_for
from waybill_ui.carriers.protocol import ProviderError, PushUpdate, SubscribeQuery, SubscribeResult, TrackQuery
from typing import Any

# What the callback must answer (within ~20 s, else the vendor logs a timeout and retries).
CALLBACK_OK = {"result": True, "returnCode": "200", "message": "成功"}
_OUR_CODE = {c.kuaidi100: c.code for c in CARRIERS.values()}


def carrier_of_com(com: str) -> str:
    """Our carrier code for a Kuaidi100 `com` ("" when we do not know that carrier)."""
    return _OUR_CODE.get(str(com or "").strip().lower(), "")


def subscribe_param(query: SubscribeQuery, *, key: str, resultv2: str = "4") -> str:
    parameters: dict[str, str] = {"callbackurl": query.callback_url, "resultv2": resultv2}
    if query.salt:
        parameters["salt"] = query.salt
    phone = phone_for(TrackQuery(carrier=query.carrier, number=query.number, phone=query.phone))
    if phone:  # privacy-waybill carriers only (docs/carrier-formats.md §1.1)
        parameters["phone"] = phone
    param: dict[str, object] = {"company": com_of(query.carrier), "number": query.number}
    if query.to_text:
        param["to"] = query.to_text
    param["key"] = key
    param["parameters"] = parameters
    return json.dumps(param, ensure_ascii=False, separators=(",", ":"))


def subscribe_request(query: SubscribeQuery, *, key: str) -> dict[str, str]:
    """The form fields of a POST to `/poll` (x-www-form-urlencoded, UTF-8; the key is inside)."""
    return {"schema": "json", "param": subscribe_param(query, key=key)}


def parse_subscribe_response(body: bytes | str | dict[str, Any]) -> SubscribeResult:
    try:
        data = load(body)
    except ProviderError:
        return SubscribeResult("retry", "malformed", "Kuaidi100 answered something that is not JSON")
    code = str(data.get("returnCode") or "").strip()
    message = str(data.get("message") or "").strip()[:200]
    if not code:
        ok = data.get("result")
        code = "200" if ok is True or str(ok).lower() == "true" else ""
    return SubscribeResult(units.SUBSCRIBE.get(code, "retry"), code or "?", message)


def callback_sign(param: str, salt: str) -> str:
    """MD5(param + salt) over the exact `param` text received; uppercase as the vendor's SDK."""
    return hashlib.md5((param + salt).encode("utf-8")).hexdigest().upper()


def sign_ok(param: str, sign: str, salt: str) -> bool:
    """The vendor's letter case is not settled (docs/carrier-formats.md §1.6): compare
    case-insensitively."""
    if not (salt and sign):
        return False
    return hmac.compare_digest(callback_sign(param, salt), sign.strip().upper())


def parse_callback(param: str | bytes | dict[str, Any], *, provider: str = "kuaidi100") -> PushUpdate:
    """The pushed `param`: monitoring state plus `lastResult`, a full snapshot (newest first)."""
    data = load(param)
    monitor = str(data.get("status") or "polling").strip().lower()
    if monitor not in units.MONITOR_STATES:
        monitor = "polling"
    last = data.get("lastResult")
    if not isinstance(last, dict):
        raise ProviderError("Kuaidi100 push without lastResult", code="malformed")
    number = str(last.get("nu") or "").strip()
    if not number:
        raise ProviderError("Kuaidi100 push without a number", code="malformed")
    com = str(last.get("com") or data.get("comOld") or "")
    carrier = carrier_of_com(com)
    com_new = str(data.get("comNew") or "").strip()
    carrier_new = carrier_of_com(com_new) if com_new and com_new.lower() != com.lower() else ""
    result = parse_track_response(last, TrackQuery(carrier=carrier, number=number))
    if not result.events:  # e.g. an abort "3天查询无记录": no news, not a status
        result.status = None
    return PushUpdate(
        provider=provider,
        number=number,
        carrier=carrier,
        monitor=monitor,
        message=str(data.get("message") or "")[:200],
        carrier_new=carrier_new,
        result=result,
    )
