"""Kuaidi100 e-waybill v2 (`label/order`), pure functions: method order / cancel / printOld
(docs/ewaybill.md). Signed with sign = UPPER(MD5(param + t + key + secret))."""

from __future__ import annotations

import hashlib
import json

from waybill_ui.carriers import ewaybill_kinds as kinds
from waybill_ui.carriers.kuaidi100.request import com_of
from waybill_ui.carriers.protocol import (
    EwaybillAccount,
    EwaybillIssued,
    EwaybillOrder,
    EwaybillRefused,
    Party,
    ProviderError,
)
from waybill_ui.carriers.track_common import load_json
from typing import Any

REPRINT_LIMIT = 10  # printOld: at most 10 times …
REPRINT_WINDOW_H = 48  # … within 2 days of the issue
# Documented error codes → our kinds; anything else is read from the message.
CODES = {"30001": kinds.PARAMS, "30002": kinds.SIGN, "30003": kinds.SIGN, "30004": kinds.QUOTA}


def sign(param: str, t: str, key: str, secret: str) -> str:
    return hashlib.md5((param + t + key + secret).encode("utf-8")).hexdigest().upper()


def _party(p: Party) -> dict[str, str]:
    # Kuaidi100's label/order has no extension field either: "17012345678-1234" (docs/order-import.md)
    phone = p.combined_phone().strip()
    return {
        "name": p.name,
        "mobile" if phone.startswith("1") else "tel": phone,
        "printAddr": f"{p.province}{p.city}{p.district}{p.address}",
        "company": "",
    }


def _account(account: EwaybillAccount) -> dict[str, Any]:
    fields = {
        "partnerId": account.partner_id,
        "partnerKey": account.partner_key,
        "net": account.send_site,
        "code": account.month_code,
    }
    return {k: v for k, v in fields.items() if v}


def _form(method: str, param: dict[str, Any], *, key: str, secret: str, t: str) -> dict[str, str]:
    text = json.dumps(param, ensure_ascii=False, separators=(",", ":"))
    return {"method": method, "key": key, "t": t, "param": text, "sign": sign(text, t, key, secret)}


def issue_request(order: EwaybillOrder, account: EwaybillAccount, *, key: str, secret: str, t: str) -> dict[str, str]:
    param = {
        "kuaidicom": com_of(order.carrier),
        "recMan": _party(order.receiver),
        "sendMan": _party(order.sender),
        "cargo": order.goods[:50] or "商品",
        "count": max(1, order.quantity),
        "weight": order.weight_kg or None,
        "payType": "MONTHLY" if account.month_code else "SHIPPER",
        "expType": "标准快递",
        **_account(account),
        "printType": "NON",
        # `thirdOrderId` is not in the vendor's own demo (unverified): our order code also goes into
        # `remark`, so a seller can find the number by it in Kuaidi100's backend.
        "thirdOrderId": order.order_code,
        "remark": f"订单 {order.order_code}",
    }
    return _form("order", param, key=key, secret=secret, t=t)


def cancel_request(
    *,
    carrier: str,
    number: str,
    provider_order_id: str,
    account: EwaybillAccount,
    key: str,
    secret: str,
    t: str,
    reason: str = "",
) -> dict[str, str]:
    param = {"kuaidicom": com_of(carrier), "kuaidinum": number, **_account(account), "reason": reason or "取消发货"}
    if provider_order_id:  # mandatory whenever the issue returned one
        param["orderId"] = provider_order_id
    return _form("cancel", param, key=key, secret=secret, t=t)


def reprint_request(*, task_id: str, key: str, secret: str, t: str) -> dict[str, str]:
    return _form("printOld", {"taskId": task_id}, key=key, secret=secret, t=t)


def _check(data: dict[str, Any], what: str) -> dict[str, Any]:
    code = str(data.get("code") if data.get("code") is not None else data.get("returnCode") or "").strip()
    if code == "200" or data.get("success") is True and not code:
        payload = data.get("data")
        return payload if isinstance(payload, dict) else {}
    message = str(data.get("message") or "no message")
    read = kinds.classify(message)  # the message is more specific than a generic 30001
    kind = read if read != kinds.OTHER else CODES.get(code, kinds.OTHER)
    raise EwaybillRefused(
        f"Kuaidi100 refused the {what} ({code}: {message})", kind=kind, code=f"kuaidi100_{code or 'refused'}"
    )


def parse_issue_response(body: bytes | str | dict[str, Any], *, order_code: str = "") -> EwaybillIssued:
    data = load_json(body, "Kuaidi100")
    payload = _check(data, "e-waybill")
    number = str(payload.get("kuaidinum") or "").strip()
    if not number:
        raise ProviderError("Kuaidi100 answered without a number", code="malformed")
    child = payload.get("childNum") or []
    children = [str(c) for c in (child if isinstance(child, list) else str(child).split(",")) if str(c).strip()]
    return EwaybillIssued(
        order_code=order_code,
        number=number,
        child_numbers=children,
        sort_name=str(payload.get("bulkpen") or ""),
        package_code=str(payload.get("pkgCode") or ""),
        package_name=str(payload.get("pkgName") or ""),
        sorting_code=str(payload.get("destSortingCode") or ""),
        provider_order_id=str(payload.get("kdComOrderNum") or ""),
        task_id=str(payload.get("taskId") or ""),
        template=str(payload.get("label") or ""),
        already=bool(payload.get("repeat")),
        raw=data,
    )


def parse_cancel_response(body: bytes | str | dict[str, Any]) -> None:
    _check(load_json(body, "Kuaidi100"), "cancel")


def parse_reprint_response(body: bytes | str | dict[str, Any]) -> str:
    payload = _check(load_json(body, "Kuaidi100"), "reprint")
    return str(payload.get("label") or payload.get("taskId") or "")
