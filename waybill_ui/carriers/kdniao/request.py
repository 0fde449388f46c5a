"""Building Kdniao instant-query requests (pure functions, docs/carrier-formats.md §2.2–2.4)."""

from __future__ import annotations

import base64
import hashlib
import json

from waybill_ui.carriers.codes import CARRIERS
from waybill_ui.carriers.protocol import TrackQuery

REQUEST_TYPES = ("1002", "8001", "8002")  # 即时查询, 即时查询(增值版), 快递查询


def data_sign(request_data: str, api_key: str) -> str:
    """BASE64(lowercase hex MD5(RequestData + ApiKey)) — Base64 of the 32-char hex *string*.
    The URL-encoding in the vendor's formula is the form encoding itself: do not encode twice
    (docs/carrier-formats.md §2.3)."""
    digest = hashlib.md5((request_data + api_key).encode("utf-8")).hexdigest()
    return base64.b64encode(digest.encode("ascii")).decode("ascii")


def shipper_code(carrier: str) -> str:
    known = CARRIERS.get(carrier)
    return known.kdniao if known else carrier.upper()


def customer_name(query: TrackQuery) -> str:
    """Privacy-waybill carriers (SF, ZTO…) want the phone's last 4 digits as `CustomerName`."""
    known = CARRIERS.get(query.carrier)
    if not (known and known.needs_phone):
        return ""
    digits = "".join(ch for ch in query.phone if ch.isdigit())
    return digits[-4:] if len(digits) >= 4 else ""


def request_data(query: TrackQuery, *, order_code: str = "") -> str:
    data = {"OrderCode": order_code, "ShipperCode": shipper_code(query.carrier), "LogisticCode": query.number}
    name = customer_name(query)
    if name:
        data["CustomerName"] = name
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def query_form(query: TrackQuery, *, business_id: str, api_key: str, request_type: str = "1002") -> dict[str, str]:
    """The form fields of the POST (application/x-www-form-urlencoded; charset=utf-8)."""
    body = request_data(query)
    return {
        "RequestData": body,
        "EBusinessID": business_id,
        "RequestType": str(request_type),
        "DataSign": data_sign(body, api_key),
        "DataType": "2",
    }
