"""The embedded network's push service, in Kuaidi100's wire format (docs/carrier-formats.md
§1.5–1.6; docs/tracking.md tells how the app uses it): `POST /sandbox/poll` subscribes a parcel
(form `schema`, `param` with the key inside, a callback URL and a salt), and `push_due` — run by
the app's scheduler — POSTs each subscribed parcel's whole trace to its callback whenever a new
scan appears, signed `MD5(param + salt)`, with `status` "polling", and "shutdown" on the last one
(sign-off or return). A push the app does not acknowledge is sent again on the next round, like
the vendor's retries. So push tracking works offline, out of the box.
"""

from __future__ import annotations

import asyncio
import bisect
import hashlib
import hmac
import json
import logging
from dataclasses import dataclass
from datetime import datetime, timezone

import httpx
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from waybill_ui import clock
from waybill_ui.carriers.codes import CARRIERS
from waybill_ui.clock import SHANGHAI
from waybill_ui.sandbox import timeline
from typing import Any

log = logging.getLogger(__name__)
MONTHLY_LIMIT = 4
FINAL_STATES = frozenset({"3", "4", "14"})  # signed, returned, refused: the last push
PUSH_CONCURRENCY = 16
_COM = {c.kuaidi100: c.code for c in CARRIERS.values()}


@dataclass
class Sub:
    number: str
    carrier: str
    callback: str
    salt: str
    pushed: int
    hours: list[float] | None = None  # the parcel's event times (simulated hours), once known


def _answer(code: str, message: str, ok: bool = False) -> JSONResponse:
    return JSONResponse({"result": ok, "returnCode": code, "message": message})


def subscribe(sandbox, *, param: str) -> JSONResponse:
    try:
        data = json.loads(param)
        parameters = data.get("parameters") or {}
    except (json.JSONDecodeError, AttributeError):
        data, parameters = {}, {}
    if not hmac.compare_digest(str(data.get("key", "")), sandbox.config.key):  # the key travels inside param
        return _answer("600", "不是合法的订阅者")
    carrier = _COM.get(str(data.get("company", "")).lower())
    number = str(data.get("number", "")).strip()
    callback = str(parameters.get("callbackurl", "")).strip()
    if carrier is None or not 6 <= len(number) <= 32 or not callback.startswith(("http://", "https://")):
        return _answer("700", "订阅数据有误")
    phone = str(parameters.get("phone", ""))
    if CARRIERS[carrier].needs_phone and not (len(phone) >= 4 and phone[-4:].isdigit()):
        return _answer("700", "订阅数据有误：该快递公司需要手机号")
    month = datetime.now(SHANGHAI).strftime("%Y-%m")
    row = sandbox.store.subscription(number)
    if row and row[3] == "polling":
        return _answer("501", "重复订阅")
    count = row[6] if row and row[5] == month else 0
    if count >= MONTHLY_LIMIT:
        return _answer("700", "订阅数据有误：本月订阅次数已用完")
    sandbox.store.parcel(number, carrier, str(data.get("to", "")))  # the parcel enters the network
    salt = str(parameters.get("salt", ""))
    sandbox.store.save_subscription(number, carrier, callback, salt, "polling", 0, month, count + 1)
    if sandbox.subs is not None:  # (else loaded from the store on the next round)
        sandbox.subs[number] = Sub(number, carrier, callback, salt, 0)
    return _answer("200", "提交成功", ok=True)


def add_routes(router: APIRouter, get_sandbox, guard) -> None:
    @router.post("/poll")
    async def kuaidi100_subscribe(request: Request):
        sandbox, fault = await guard(request)
        form = await request.form()
        if fault == "malformed":
            return _answer("500", "服务器错误")
        return await asyncio.to_thread(subscribe, sandbox, param=str(form.get("param", "")))


def _load(sandbox) -> dict[str, Sub]:
    if sandbox.subs is None:
        sandbox.subs = {
            n: Sub(n, c, cb, salt, pushed) for n, c, cb, salt, pushed in sandbox.store.active_subscriptions()
        }
    return sandbox.subs


def callback_body(sandbox, sub: Sub, count: int) -> tuple[dict[str, Any], bool]:
    """The form of a push showing the first `count` scans, and whether it is the last push."""
    t0, to_text = sandbox.store.parcel(sub.number, sub.carrier, "")
    events = sandbox.intercepts.events(sub.number, timeline.build(sandbox.config.seed, sub.number, to_text))[:count]
    final = events[-1].state in FINAL_STATES
    com = CARRIERS[sub.carrier].kuaidi100
    last = timeline.kuaidi100_body(
        com=com,
        number=sub.number,
        events=events,
        t0=datetime.fromtimestamp(t0, timezone.utc),
        speed=sandbox.config.speed,
    )
    param = json.dumps(
        {
            "status": "shutdown" if final else "polling",
            "billstatus": "",
            "message": "",
            "autoCheck": "0",
            "comOld": "",
            "comNew": "",
            "lastResult": last,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )
    form = {"param": param}
    if sub.salt:
        form["sign"] = hashlib.md5((param + sub.salt).encode("utf-8")).hexdigest().upper()
    return form, final


async def push_due(sandbox, client: httpx.AsyncClient, *, now: float | None = None) -> int:
    """One round: push every subscribed parcel that has new scans. Returns pushes acknowledged."""
    subs = await asyncio.to_thread(_load, sandbox)
    now = clock.epoch() if now is None else now
    due: list[tuple[Sub, int]] = []
    for sub in list(subs.values()):
        t0, to_text = sandbox.store.parcel(sub.number, sub.carrier, "")
        if sub.hours is None:
            full = sandbox.intercepts.events(sub.number, timeline.build(sandbox.config.seed, sub.number, to_text))
            sub.hours = [e.hours for e in full]  # an interception (sandbox/intercept.py) resets this
        seen = bisect.bisect_right(sub.hours, (now - t0) * sandbox.config.speed / 3600)
        if seen > sub.pushed:
            due.append((sub, seen))
    if not due:
        return 0
    gate = asyncio.Semaphore(PUSH_CONCURRENCY)
    done: list[tuple[str, int, str]] = []

    async def push(sub: Sub, count: int) -> None:
        form, final = callback_body(sandbox, sub, count)
        async with gate:
            try:
                response = await client.post(sub.callback, data=form, timeout=20)
                ok = response.status_code == 200 and response.json().get("result") is True
            except (httpx.HTTPError, ValueError) as exc:
                log.info("sandbox push to %s failed (sent again next round): %r", sub.callback, exc)
                return
        if ok:
            sub.pushed = count
            done.append((sub.number, count, "shutdown" if final else "polling"))
            if final:
                subs.pop(sub.number, None)

    await asyncio.gather(*(push(sub, count) for sub, count in due))
    if done:
        await asyncio.to_thread(sandbox.store.mark_pushed, done)
    return len(done)
