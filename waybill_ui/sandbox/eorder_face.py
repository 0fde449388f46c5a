"""The e-waybill faces of the embedded network, signatures checked as the vendors do:
Kdniao EOrderService (1007 issue, 1147 cancel, 1127 balance) at /sandbox/kdniao/api/EOrderService
and Kuaidi100 `label/order` (order, cancel, printOld) at /sandbox/kuaidi100/label/order.
Credentials: the sandbox customer is the Kdniao EBusinessID / Kuaidi100 key, the sandbox key is
the Kdniao ApiKey / Kuaidi100 secret. Faults from the fault plan apply as on every other face, except that a "timeout" hangs AFTER the
desk acted (the number is issued, the answer never arrives).

Kuaidi100's face does NOT give the same number back for a repeated `thirdOrderId`: whether the real
service dedupes on it is unverified, so the network plays the worst case and the app must not
resend an issue whose answer was lost (services/ewaybill/unsure.py)."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse

from waybill_ui.carriers.codes import CARRIERS
from waybill_ui.sandbox.eorder import EorderDesk, Refused
from typing import Any

KDNIAO_PATH = "/kdniao/api/EOrderService"
KUAIDI100_PATH = "/kuaidi100/label/order"
_KDNIAO = {c.kdniao: c.code for c in CARRIERS.values()}
_KUAIDI100 = {c.kuaidi100: c.code for c in CARRIERS.values()}
K100_CODES = {"quota": 30004, "sign": 30002, "params": 30001}


def account_key(carrier: str, ident: str) -> str:
    """How the desk names an account: our carrier code + the account's login (shared with the
    app's top-up after a market purchase)."""
    return f"{carrier}:{ident}"


def _desk(sandbox) -> EorderDesk:
    desk = getattr(sandbox, "eorder", None)
    if desk is None:
        desk = sandbox.eorder = EorderDesk(sandbox)
    return desk


def _kdniao_fail(code: str, reason: str) -> JSONResponse:
    return JSONResponse({"Success": False, "ResultCode": code, "Reason": reason})


def _kdniao(sandbox, request_type: str, data: dict[str, Any]) -> JSONResponse:
    desk = _desk(sandbox)
    shipper = str(data.get("ShipperCode", ""))
    carrier = _KDNIAO.get(shipper)
    if carrier is None:
        return _kdniao_fail("101", f"ShipperCode {shipper} 不正确")
    ident = str(data.get("CustomerName") or data.get("MonthCode") or data.get("SendSite") or "")
    if not ident:
        return _kdniao_fail("101", "电子面单账号不能为空（CustomerName/MonthCode）")
    account = account_key(carrier, ident)
    if request_type == "1127":
        return JSONResponse({"Success": True, "ResultCode": "100", "EorderBalance": desk.balance(account)})
    if request_type == "1147":
        desk.cancel(account=account, number=str(data.get("ExpNo", "")), order_code=str(data.get("OrderCode", "")))
        return JSONResponse({"Success": True, "ResultCode": "100", "Reason": "成功"})
    receiver = data.get("Receiver") or {}
    order_code = str(data.get("OrderCode", ""))
    if not order_code or not receiver.get("Name") or not receiver.get("Address"):
        return _kdniao_fail("101", "参数不能为空：OrderCode/Receiver")
    issued = desk.issue(
        account=account,
        order_code=order_code,
        carrier=carrier,
        province=str(receiver.get("ProvinceName", "")),
        city=str(receiver.get("CityName", "")),
        district=str(receiver.get("ExpAreaName", "")),
        address=str(receiver.get("Address", "")),
    )
    order = {
        "OrderCode": order_code,
        "ShipperCode": shipper,
        "LogisticCode": issued.number,
        "MarkDestination": issued.sort_name,
        "SortingCode": issued.route_code,
        "PackageCode": issued.route_code.split("-")[0],
        "PackageName": issued.package_name,
    }
    # 子母件: Quantity > 1 gives child numbers besides the parent (LogisticCode)
    subs = [
        {"LogisticCode": n}
        for n in _children(
            desk,
            account,
            order_code,
            carrier,
            receiver.get("ProvinceName"),
            receiver.get("Address"),
            data.get("Quantity"),
        )
    ]
    if issued.already:
        return JSONResponse(
            {"Success": False, "ResultCode": "106", "Reason": "该订单号已下单成功", "Order": order, "SubOrders": subs}
        )
    return JSONResponse({"Success": True, "ResultCode": "100", "Reason": "成功", "Order": order, "SubOrders": subs})


def _children(desk, account: str, order_code: str, carrier: str, province, address, quantity) -> list[str]:
    """Child numbers of a parcel of `quantity` pieces: the desk issues each under a derived code,
    so a repeated request gets the same children back."""
    try:
        count = max(1, int(quantity or 1))
    except (TypeError, ValueError):
        count = 1
    return [
        desk.issue(
            account=account,
            order_code=f"{order_code}/C{k}",
            carrier=carrier,
            province=str(province or ""),
            city="",
            district="",
            address=str(address or ""),
        ).number
        for k in range(2, min(count, 50) + 1)
    ]


def _kuaidi100(sandbox, method: str, param: dict[str, Any]) -> JSONResponse:
    desk = _desk(sandbox)
    if method == "printOld":
        ident = str(param.get("partnerId") or param.get("net") or param.get("code") or "")
        # printOld carries only the taskId; the desk finds it across the caller's accounts.
        row = desk.store._conn.execute(
            "SELECT account FROM ew_orders WHERE task_id=?", (str(param.get("taskId", "")),)
        ).fetchone()
        number = desk.reprint(account=row[0] if row else ident, task_id=str(param.get("taskId", "")))
        return JSONResponse(
            {
                "success": True,
                "code": 200,
                "message": "success",
                "data": {"taskId": param.get("taskId"), "kuaidinum": number},
            }
        )
    carrier = _KUAIDI100.get(str(param.get("kuaidicom", "")))
    if carrier is None:
        return JSONResponse({"success": False, "code": 30001, "message": "kuaidicom 不正确"})
    ident = str(param.get("partnerId") or param.get("net") or param.get("code") or "")
    if not ident:
        return JSONResponse({"success": False, "code": 30001, "message": "电子面单账号 partnerId 不能为空"})
    account = account_key(carrier, ident)
    if method == "cancel":
        desk.cancel(account=account, number=str(param.get("kuaidinum", "")), kd_order=str(param.get("orderId", "")))
        return JSONResponse({"success": True, "code": 200, "message": "success", "data": {}})
    rec = param.get("recMan") or {}
    order_code = str(param.get("thirdOrderId") or "")
    if order_code:  # no dedupe: a repeated code is a new order at the desk
        seen = desk.store._conn.execute(
            "SELECT count(*) FROM ew_orders WHERE account=? AND (order_code=? OR order_code LIKE ?)",
            (account, order_code, order_code + "#%"),
        ).fetchone()[0]
        order_code = order_code if not seen else f"{order_code}#{seen + 1}"
    addr = str(rec.get("printAddr", ""))
    if not order_code or not rec.get("name") or not addr:
        return JSONResponse({"success": False, "code": 30001, "message": "参数不能为空：recMan/thirdOrderId"})
    province = addr[: addr.find("省") + 1] if "省" in addr else addr[:3]
    city = addr[len(province) : addr.find("市") + 1] if "市" in addr else ""
    issued = desk.issue(
        account=account, order_code=order_code, carrier=carrier, province=province, city=city, district="", address=addr
    )
    children = _children(desk, account, order_code, carrier, province, addr, param.get("count"))
    return JSONResponse(
        {
            "success": True,
            "code": 200,
            "message": "success",
            "data": {
                "taskId": issued.task_id,
                "kuaidinum": issued.number,
                "childNum": children,
                "kdComOrderNum": issued.kd_order,
                "label": "",
                "bulkpen": issued.sort_name,
                "destSortingCode": issued.route_code,
                "pkgCode": issued.route_code.split("-")[0],
                "pkgName": issued.package_name,
                "repeat": issued.already,
            },
        }
    )


def _garbled() -> PlainTextResponse:
    return PlainTextResponse("<html><body>502 Bad Gateway</body></html>", media_type="text/html")


def add_routes(router: APIRouter, get_sandbox, guard) -> None:
    @router.post(KDNIAO_PATH)
    async def kdniao_eorder(request: Request):
        sandbox, fault = await guard(request, late_timeout=True)
        form = await request.form()
        data, business_id = str(form.get("RequestData", "")), str(form.get("EBusinessID", ""))
        expected = base64.b64encode(hashlib.md5((data + sandbox.config.key).encode()).hexdigest().encode()).decode()
        if business_id != sandbox.config.customer or not hmac.compare_digest(expected, str(form.get("DataSign", ""))):
            return _kdniao_fail("101", "非法参数[请核实ID和key是否正确，以及DataSign签名]")
        request_type = str(form.get("RequestType", ""))
        if request_type not in ("1007", "1147", "1127"):
            return _kdniao_fail("101", f"RequestType {request_type} 不是电子面单指令")
        try:
            body = json.loads(data)
        except json.JSONDecodeError:
            return _kdniao_fail("101", "非法参数[RequestData 不是 JSON]")
        try:
            answer = _kdniao(sandbox, request_type, body)
        except Refused as exc:
            answer = _kdniao_fail("101", str(exc))
        if fault == "timeout":
            await asyncio.sleep(sandbox.faults.plan.timeout_s)
        # A garbled answer comes AFTER the desk acted, as when a real answer is lost on the way back.
        return _garbled() if fault == "malformed" else answer

    @router.post(KUAIDI100_PATH)
    async def kuaidi100_label(request: Request):
        sandbox, fault = await guard(request, late_timeout=True)
        form = await request.form()
        param, t, key = str(form.get("param", "")), str(form.get("t", "")), str(form.get("key", ""))
        if key != sandbox.config.customer:
            return JSONResponse({"success": False, "code": 30003, "message": "key 不存在"})
        expected = hashlib.md5((param + t + key + sandbox.config.key).encode()).hexdigest().upper()
        if not hmac.compare_digest(expected, str(form.get("sign", "")).upper()):
            return JSONResponse({"success": False, "code": 30002, "message": "验证签名失败"})
        try:
            body = json.loads(param)
        except json.JSONDecodeError:
            return JSONResponse({"success": False, "code": 30001, "message": "param 不是 JSON"})
        try:
            answer = _kuaidi100(sandbox, str(form.get("method", "")), body)
        except Refused as exc:
            answer = JSONResponse({"success": False, "code": K100_CODES.get(exc.kind, 30001), "message": str(exc)})
        if fault == "timeout":
            await asyncio.sleep(sandbox.faults.plan.timeout_s)
        return _garbled() if fault == "malformed" else answer
