"""The embedded network's second face: Kdniao's instant query (docs/carrier-formats.md §2), so
the Kdniao adapter runs end to end without a real account (point WAYBILL_KDNIAO_URL at
/sandbox/kdniao/Ebusiness/EbusinessOrderHandle.aspx; EBusinessID/ApiKey = the sandbox customer/key).

Same parcels and timelines as the Kuaidi100 face; only the wire format differs."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import datetime, timedelta, timezone

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse

from waybill_ui import clock
from waybill_ui.carriers.codes import CARRIERS
from waybill_ui.clock import SHANGHAI
from waybill_ui.sandbox import timeline
from typing import Any

PATH = "/kdniao/Ebusiness/EbusinessOrderHandle.aspx"
_SHIPPERS = {c.kdniao: c.code for c in CARRIERS.values()}
# The simulated Kuaidi100 sub-codes in Kdniao's StateEx/Action terms.
ACTION_OF = {
    "103": "1",
    "1002": "2",
    "1001": "201",
    "5": "202",
    "501": "211",
    "301": "301",
    "302": "302",
    "303": "304",
    "304": "311",
    "205": "412",
    "204": "405",
    "206": "416",
    "14": "404",
    "6": "407",
    "4": "406",
}


def action_of(event: timeline.SimEvent) -> str:
    return ACTION_OF.get(event.substate) or ACTION_OF.get(event.state) or "2"


def kdniao_body(
    *, business_id: str, shipper: str, number: str, events: list[timeline.SimEvent], t0: datetime, speed: float
) -> dict[str, Any]:
    traces: list[dict[str, Any]] = []
    for event in events:  # oldest first, as Kdniao sends them
        at = (t0 + timedelta(hours=event.hours / speed)).astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")
        traces.append(
            {
                "AcceptTime": at,
                "AcceptStation": event.context,
                "Location": event.location,
                "Action": action_of(event),
                "Remark": None,
            }
        )
    state_ex = traces[-1]["Action"] if traces else "0"
    return {
        "EBusinessID": business_id,
        "OrderCode": "",
        "ShipperCode": shipper,
        "LogisticCode": number,
        "Success": True,
        "Reason": None if traces else "暂无轨迹信息",
        "State": state_ex[0] if traces else "0",
        "StateEx": state_ex,
        "Location": traces[-1]["Location"] if traces else "",
        "Traces": traces,
    }


def _fail(business_id: str, reason: str) -> JSONResponse:
    return JSONResponse({"EBusinessID": business_id, "Success": False, "Reason": reason, "State": "0", "Traces": []})


def add_routes(router: APIRouter, get_sandbox, guard) -> None:
    """Mount the Kdniao face on the sandbox router (`guard` applies the fault plan)."""

    @router.post(PATH)
    async def kdniao_query(request: Request):
        sandbox, fault = await guard(request)
        form = await request.form()
        data, business_id = str(form.get("RequestData", "")), str(form.get("EBusinessID", ""))
        sign = str(form.get("DataSign", ""))
        expected = base64.b64encode(hashlib.md5((data + sandbox.config.key).encode()).hexdigest().encode()).decode()
        if business_id != sandbox.config.customer or not hmac.compare_digest(expected, sign):
            return _fail(business_id, "非法参数[请核实ID和key是否正确，以及DataSign签名]")
        if str(form.get("RequestType", "")) not in ("1002", "8001", "8002"):
            return _fail(business_id, "业务错误[没有可用套餐]")
        try:
            query = json.loads(data)
        except json.JSONDecodeError:
            return _fail(business_id, "非法参数[RequestData 不是 JSON]")
        if fault == "malformed":
            return PlainTextResponse("<html><body>502 Bad Gateway</body></html>", media_type="text/html")
        shipper, number = str(query.get("ShipperCode", "")), str(query.get("LogisticCode", ""))
        carrier = _SHIPPERS.get(shipper)
        if carrier is None:
            return _fail(business_id, f"无效的输入[【ShipperCode】{shipper}不正确]")
        tail = str(query.get("CustomerName", ""))
        if CARRIERS[carrier].needs_phone and not (len(tail) == 4 and tail.isdigit()):
            return _fail(business_id, "CustomerName 不能为空：顺丰/中通等需要收件人手机号后四位")
        t0, known_to = sandbox.store.parcel(number, carrier, "")
        elapsed_h = (clock.epoch() - t0) * sandbox.config.speed / 3600
        events = timeline.visible(timeline.build(sandbox.config.seed, number, known_to), elapsed_h)
        return JSONResponse(
            kdniao_body(
                business_id=business_id,
                shipper=shipper,
                number=number,
                events=events,
                t0=datetime.fromtimestamp(t0, timezone.utc),
                speed=sandbox.config.speed,
            )
        )
