"""Kdniao e-waybill (电子面单) on …/api/EOrderService, pure functions: 1007 issue, 1147 cancel,
1127 balance (docs/ewaybill.md). Same transport and DataSign as the query (request.py)."""

from __future__ import annotations

import json

from waybill_ui.carriers import ewaybill_kinds as kinds
from waybill_ui.carriers.kdniao.request import data_sign, shipper_code
from waybill_ui.carriers.protocol import (
    EwaybillAccount,
    EwaybillIssued,
    EwaybillOrder,
    EwaybillRefused,
    Party,
    ProviderError,
)
from waybill_ui.carriers.track_common import is_false, load_json
from typing import Any

ISSUE, CANCEL, BALANCE = "1007", "1147", "1127"
OK, ORDER_EXISTS, ALREADY_ISSUED = "100", "105", "106"
# Kdniao refuses these characters inside values; they are replaced by a space before sending.
FORBIDDEN = str.maketrans({c: " " for c in "'\"#&+<>%\\"})


def _clean(value: str) -> str:
    return str(value or "").translate(FORBIDDEN).strip()


def _party(p: Party) -> dict[str, str]:
    # Kdniao's 1007 request has no extension field: the extension rides with the mobile,
    # "17012345678-1234", as marketplaces print privacy numbers (docs/order-import.md)
    phone = _clean(p.combined_phone())
    data = {
        "Name": _clean(p.name),
        "ProvinceName": _clean(p.province),
        "CityName": _clean(p.city),
        "ExpAreaName": _clean(p.district),
        "Address": _clean(p.address),
    }
    data["Mobile" if phone.startswith("1") else "Tel"] = phone
    return data


def _account(account: EwaybillAccount) -> dict[str, Any]:
    fields = {
        "CustomerName": account.customer_name,
        "CustomerPwd": account.customer_pwd,
        "MonthCode": account.month_code,
        "SendSite": account.send_site,
    }
    return {k: v for k, v in fields.items() if v}


def _form(request_type: str, data: dict[str, Any], *, business_id: str, api_key: str) -> dict[str, str]:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return {
        "RequestData": body,
        "EBusinessID": business_id,
        "RequestType": request_type,
        "DataSign": data_sign(body, api_key),
        "DataType": "2",
    }


def issue_request(order: EwaybillOrder, account: EwaybillAccount, *, business_id: str, api_key: str) -> dict[str, str]:
    data = {
        "OrderCode": order.order_code,
        "ShipperCode": shipper_code(order.carrier),
        "PayType": 3 if account.month_code else 1,
        "ExpType": "1",
        **_account(account),
        "Sender": _party(order.sender),
        "Receiver": _party(order.receiver),
        "Commodity": [
            {
                "GoodsName": _clean(order.goods)[:50] or "商品",
                "Goodsquantity": 1,
                "GoodsWeight": order.weight_kg or None,
            }
        ],
        "Quantity": max(1, order.quantity),
        "IsReturnPrintTemplate": "0",
        "IsNotice": "1",
    }
    return _form(ISSUE, data, business_id=business_id, api_key=api_key)


def cancel_request(
    *, carrier: str, order_code: str, number: str, account: EwaybillAccount, business_id: str, api_key: str
) -> dict[str, str]:
    data = {"ShipperCode": shipper_code(carrier), "OrderCode": order_code, "ExpNo": number, **_account(account)}
    return _form(CANCEL, data, business_id=business_id, api_key=api_key)


def balance_request(account: EwaybillAccount, *, business_id: str, api_key: str) -> dict[str, str]:
    data = {"ShipperCode": shipper_code(account.carrier), **_account(account)}
    return _form(BALANCE, data, business_id=business_id, api_key=api_key)


def _refuse(data: dict[str, Any], what: str) -> EwaybillRefused:
    reason = str(data.get("Reason") or "no reason given")
    return EwaybillRefused(
        f"Kdniao refused the {what} ({data.get('ResultCode', '')}: {reason})",
        kind=kinds.classify(reason),
        code=f"kdniao_{data.get('ResultCode') or 'refused'}",
    )


def parse_issue_response(body: bytes | str | dict[str, Any]) -> EwaybillIssued:
    data = load_json(body, "Kdniao")
    code = str(data.get("ResultCode") or "").strip()
    found = data.get("Order")
    order: dict[str, Any] = found if isinstance(found, dict) else {}
    number = str(order.get("LogisticCode") or "").strip()
    if code in (ORDER_EXISTS, ALREADY_ISSUED) and number:
        already = True  # the same order code was issued before: that number is ours
    elif is_false(data.get("Success")) or code not in (OK, ""):
        raise _refuse(data, "e-waybill")
    elif not number:
        raise ProviderError("Kdniao answered without a number", code="malformed")
    else:
        already = False
    subs = data.get("SubOrders") or order.get("SubOrders") or []
    children = [str(s.get("LogisticCode") if isinstance(s, dict) else s) for s in subs if s]
    return EwaybillIssued(
        order_code=str(order.get("OrderCode") or ""),
        number=number,
        child_numbers=children,
        sort_name=str(order.get("MarkDestination") or ""),
        package_code=str(order.get("PackageCode") or ""),
        package_name=str(order.get("PackageName") or ""),
        sorting_code=str(order.get("SortingCode") or ""),
        template=str(data.get("PrintTemplate") or ""),
        already=already,
        raw=data,
    )


def parse_cancel_response(body: bytes | str | dict[str, Any]) -> None:
    data = load_json(body, "Kdniao")
    if is_false(data.get("Success")):
        raise _refuse(data, "cancel")


def parse_balance_response(body: bytes | str | dict[str, Any]) -> int | None:
    """Numbers left on the account; None when the provider does not say (e.g. monthly SF)."""
    data = load_json(body, "Kdniao")
    if is_false(data.get("Success")):
        raise _refuse(data, "balance query")
    for key in ("EorderBalance", "Balance", "AvailableCount"):
        value = data.get(key)
        if value is not None and str(value).strip().lstrip("-").isdigit():
            return int(value)
    return None
