"""HTTP face of the embedded network, mounted under /sandbox.

Market operations are JSON under /sandbox/api (key in the ``X-Sandbox-Key`` header); tracking
is Kuaidi100's real-time query, form-encoded and signed, at /sandbox/poll/query.do, and its push
subscription at /sandbox/poll (sandbox/push.py).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from fastapi import APIRouter, Header, HTTPException, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.requests import ClientDisconnect

from waybill_ui import clock
from waybill_ui.carriers.codes import CARRIERS
from waybill_ui.sandbox import catalogue as cat
from waybill_ui.sandbox import numbers as nums
from waybill_ui.sandbox import timeline
from waybill_ui.sandbox.faults import FaultInjector, FaultPlan
from waybill_ui.sandbox.store import SandboxStore
from typing import Any

PREFIX = "/sandbox"
_KUAIDI100_COM = {c.kuaidi100: c.code for c in CARRIERS.values()}
_EXTEND_FEE_FEN_PER_NUMBER = 1  # the sandbox charges 0.01 yuan per number and extension


@dataclass
class SandboxConfig:
    seed: int
    speed: float
    customer: str
    key: str
    faults: str = ""


class Sandbox:
    """The platform's state; built at app startup, closed at shutdown."""

    def __init__(self, config: SandboxConfig, store_path: Path):
        self.config = config
        self.store = SandboxStore(store_path)
        self.faults = FaultInjector(FaultPlan.parse(config.faults), seed=config.seed)
        from waybill_ui.sandbox.eorder import EorderDesk  # e-waybill quota and issues, same store

        self.eorder = EorderDesk(self)
        from waybill_ui.sandbox.intercept import InterceptDesk  # 拦截, same store

        self.intercepts = InterceptDesk(self)
        self.subs: dict[str, Any] | None = None  # parcels pushed to their subscribers (sandbox/push.py), loaded lazily

    def close(self) -> None:
        self.store.close()

    # -- the operations, free of HTTP so tests can call them directly ---------------------------

    def issue(self, *, order_ref: str, carrier: str, quantity: int, offset: int, validity_days: int) -> dict[str, Any]:
        start, total, created = self.store.order(
            order_ref=order_ref, carrier=carrier, quantity=quantity, validity_days=validity_days
        )
        if quantity != total:
            raise HTTPException(409, "order_ref was used with another quantity")
        self.eorder.top_up_carrier(order_ref=order_ref, carrier=carrier, quantity=total)
        offset = max(0, min(offset, total))
        numbers = [nums.number_at(self.config.seed, carrier, start + i) for i in range(offset, total)]
        expires = created + validity_days * 86400
        return {
            "order_ref": order_ref,
            "carrier": carrier,
            "offset": offset,
            "total": total,
            "numbers": numbers,
            "expires_at": datetime.fromtimestamp(expires, timezone.utc).isoformat(),
        }

    def _issued(self, carrier: str, number: str) -> tuple[str, float] | None:
        """(status, expires_at) of a number this platform issued, or None."""
        seq = nums.seq_of(self.config.seed, carrier, number)
        if seq is None or seq >= self.store.issued_count(carrier):
            return None
        state = self.store.number_state(number)
        if state:
            return state[0], state[1] or 0.0
        order = self.store.order_of_seq(carrier, seq)
        if order is None:
            return None
        return "issued", order[1] + order[2] * 86400

    def cancel(self, *, carrier: str, number: str) -> dict[str, Any]:
        info = self._issued(carrier, number)
        if info is None:
            # Numbers from an outlet are recycled at the outlet; the platform just acknowledges.
            return {"cancelled": True, "note": "not issued here; nothing to recycle"}
        if info[0] in ("cancelled", "refunded"):
            return {"cancelled": True, "note": f"already {info[0]}"}
        self.store.set_number_state(number, carrier, "cancelled", info[1])
        return {"cancelled": True}

    def refund(self, *, carrier: str, numbers: list[str]) -> dict[str, Any]:
        done, rejected = [], {}
        now = clock.epoch()
        for number in numbers:
            info = self._issued(carrier, number)
            if info is None:
                rejected[number] = "not_issued_here"
            elif info[0] != "issued":
                rejected[number] = f"already_{info[0]}"
            elif info[1] < now:
                rejected[number] = "expired"
            elif self.store.parcel_known(number):
                rejected[number] = "used"
            else:
                self.store.set_number_state(number, carrier, "refunded", info[1])
                done.append(number)
        return {"refunded": done, "rejected": rejected}

    def extend(self, *, carrier: str, numbers: list[str], days: int) -> dict[str, Any]:
        done, rejected, new_expiry = [], {}, None
        for number in numbers:
            info = self._issued(carrier, number)
            if info is None:
                rejected[number] = "not_issued_here"
            elif info[0] != "issued":
                rejected[number] = f"already_{info[0]}"
            else:
                new_expiry = max(info[1], clock.epoch()) + days * 86400
                self.store.set_number_state(number, carrier, "issued", new_expiry)
                done.append(number)
        return {
            "extended": done,
            "rejected": rejected,
            "fee_fen": len(done) * _EXTEND_FEE_FEN_PER_NUMBER,
            "expires_at": datetime.fromtimestamp(new_expiry, timezone.utc).isoformat() if new_expiry else None,
        }

    def routing(self, *, carrier: str, items: list[dict[str, Any]]) -> dict:
        out = []
        for item in items:
            number = str(item.get("number", ""))
            province, city = str(item.get("province", "")), str(item.get("city", ""))
            route_code, sort_name = nums.routing(carrier, number, province, city, str(item.get("district", "")))
            if number:
                self.store.parcel(number, carrier, f"{province}{city}{item.get('district', '')}")
            out.append({"number": number, "route_code": route_code, "sort_name": sort_name})
        return {"items": out}

    def track(self, *, com: str, number: str, phone: str, to_text: str, order: str = "desc") -> dict[str, Any]:
        carrier = _KUAIDI100_COM.get(com)
        if carrier is None:
            return {"result": False, "returnCode": "400", "message": "找不到对应公司"}
        if CARRIERS[carrier].needs_phone and not (phone and phone[-4:].isdigit()):
            return {"result": False, "returnCode": "408", "message": "快递公司参数异常：验证码错误"}
        t0, known_to = self.store.parcel(number, carrier, to_text)
        elapsed_h = (clock.epoch() - t0) * self.config.speed / 3600
        full = self.intercepts.events(number, timeline.build(self.config.seed, number, known_to or to_text))
        events = timeline.visible(full, elapsed_h)
        if not events:
            return {"result": False, "returnCode": "500", "message": "查询无结果，请隔段时间再查"}
        return timeline.kuaidi100_body(
            com=com,
            number=number,
            events=events,
            t0=datetime.fromtimestamp(t0, timezone.utc),
            speed=self.config.speed,
            order=order,
        )

    def kuaidi100_sign_ok(self, param: str, sign: str, customer: str) -> bool:
        expected = hashlib.md5((param + self.config.key + self.config.customer).encode()).hexdigest().upper()
        return customer == self.config.customer and hmac.compare_digest(expected, sign.upper())


MAX_BODY_BYTES = 8 * 1024 * 1024  # a refund of 100,000 numbers fits with room to spare
MAX_FORM_BYTES = 64 * 1024  # one tracking query


async def read_capped(request: Request, limit: int) -> bytes:
    """The body, refused with 413 as soon as it is announced or found to be over `limit`."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"body over {limit} bytes")
    chunks, size = [], 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise HTTPException(413, f"body over {limit} bytes")
            chunks.append(chunk)
    except ClientDisconnect:
        raise HTTPException(400, "client went away") from None
    body = b"".join(chunks)
    request._body = body  # Starlette's cache: .body(), .json() and .form() read it from here
    return body


def build_router(get_sandbox) -> APIRouter:
    """`get_sandbox()` returns the running Sandbox (it is built at startup, after the routes)."""
    router = APIRouter(prefix=PREFIX, include_in_schema=False)

    async def guard(
        request: Request, *, allow_partial: bool = False, late_timeout: bool = False
    ) -> tuple[Sandbox, str | None]:
        """`late_timeout`: a "timeout" fault is left to the face, to hang AFTER it acted (an answer
        lost on its way back, the case that matters for anything that issues or charges)."""
        sandbox: Sandbox | None = get_sandbox()
        if sandbox is None:
            raise HTTPException(503, "sandbox not running")
        # The key and the size come before the body: an unauthenticated or oversized request
        # must not make us hold its body in memory. (The tracking faces carry their credentials
        # inside a small form, so for them only the size limit applies.)
        if request.url.path.startswith(PREFIX + "/api/"):
            check_key(sandbox, request.headers.get("x-sandbox-key"))
        # Read the body before any simulated delay: a client that gives up meanwhile must not turn
        # into an error on our side (the body is cached for .json() / .form()).
        await read_capped(request, MAX_BODY_BYTES if "/api/" in request.url.path else MAX_FORM_BYTES)
        plan = sandbox.faults.plan
        if plan.latency_ms:
            await asyncio.sleep(plan.latency_ms / 1000)
        fault = sandbox.faults.draw(allow_partial=allow_partial) if plan.shares else None
        if fault == "timeout" and not late_timeout:
            await asyncio.sleep(plan.timeout_s)
        if fault == "5xx":
            raise HTTPException(503, "simulated carrier outage")
        return sandbox, fault

    def check_key(sandbox: Sandbox, key: str | None) -> None:
        if not key or not hmac.compare_digest(key, sandbox.config.key):
            raise HTTPException(401, "missing or wrong X-Sandbox-Key")

    def malformed() -> Response:
        return PlainTextResponse('{"carriers": [{"code": "SF", "na', media_type="application/json")

    @router.get("/api/catalogue")
    async def get_catalogue(request: Request, x_sandbox_key: str | None = Header(None)):
        sandbox, fault = await guard(request)
        check_key(sandbox, x_sandbox_key)
        if fault == "malformed":
            return malformed()
        return {"carriers": cat.catalogue()}

    @router.post("/api/waybills/issue")
    async def issue(request: Request, x_sandbox_key: str | None = Header(None)):
        sandbox, fault = await guard(request, allow_partial=True)
        check_key(sandbox, x_sandbox_key)
        body = await _json(request)
        carrier = str(body.get("carrier", ""))
        if carrier not in CARRIERS:
            raise HTTPException(400, f"unknown carrier {carrier!r}")
        quantity, offset = int(body.get("quantity", 0)), int(body.get("offset", 0))
        if not 0 < quantity <= 100_000 or not body.get("order_ref"):
            raise HTTPException(400, "order_ref and a quantity of 1..100000 are required")
        result = await asyncio.to_thread(
            sandbox.issue,
            order_ref=str(body["order_ref"]),
            carrier=carrier,
            quantity=quantity,
            offset=offset,
            validity_days=int(body.get("validity_days") or 365),
        )
        if fault == "malformed":
            return malformed()
        if fault == "partial" and len(result["numbers"]) > 1:
            result["numbers"] = result["numbers"][: len(result["numbers"]) // 2]
        return result

    @router.post("/api/waybills/cancel")
    async def cancel(request: Request, x_sandbox_key: str | None = Header(None)):
        sandbox, fault = await guard(request)
        check_key(sandbox, x_sandbox_key)
        body = await _json(request)
        if fault == "malformed":
            return malformed()
        return await asyncio.to_thread(
            sandbox.cancel, carrier=str(body.get("carrier", "")), number=str(body.get("number", ""))
        )

    @router.post("/api/waybills/refund")
    async def refund(request: Request, x_sandbox_key: str | None = Header(None)):
        sandbox, fault = await guard(request)
        check_key(sandbox, x_sandbox_key)
        body = await _json(request)
        if fault == "malformed":
            return malformed()
        return await asyncio.to_thread(
            sandbox.refund, carrier=str(body.get("carrier", "")), numbers=[str(n) for n in body.get("numbers", [])]
        )

    @router.post("/api/waybills/extend")
    async def extend(request: Request, x_sandbox_key: str | None = Header(None)):
        sandbox, fault = await guard(request)
        check_key(sandbox, x_sandbox_key)
        body = await _json(request)
        if fault == "malformed":
            return malformed()
        days = int(body.get("days", 0))
        if not 0 < days <= 365:
            raise HTTPException(400, "days must be 1..365")
        return await asyncio.to_thread(
            sandbox.extend,
            carrier=str(body.get("carrier", "")),
            numbers=[str(n) for n in body.get("numbers", [])],
            days=days,
        )

    @router.post("/api/routing")
    async def routing(request: Request, x_sandbox_key: str | None = Header(None)):
        sandbox, fault = await guard(request)
        check_key(sandbox, x_sandbox_key)
        body = await _json(request)
        if fault == "malformed":
            return malformed()
        return await asyncio.to_thread(
            sandbox.routing, carrier=str(body.get("carrier", "")), items=list(body.get("items", []))
        )

    @router.post("/api/interceptions")
    async def intercept(request: Request, x_sandbox_key: str | None = Header(None)):
        sandbox, fault = await guard(request)
        check_key(sandbox, x_sandbox_key)
        body = await _json(request)
        if fault == "malformed":
            return malformed()
        return await asyncio.to_thread(
            sandbox.intercepts.request,
            carrier=str(body.get("carrier", "")),
            number=str(body.get("number", "")),
            kind=str(body.get("kind", "")),
            address=str(body.get("address", ""))[:200],
        )

    @router.post("/api/interceptions/status")
    async def intercept_status(request: Request, x_sandbox_key: str | None = Header(None)):
        sandbox, fault = await guard(request)
        check_key(sandbox, x_sandbox_key)
        body = await _json(request)
        if fault == "malformed":
            return malformed()
        return await asyncio.to_thread(
            sandbox.intercepts.status, carrier=str(body.get("carrier", "")), number=str(body.get("number", ""))
        )

    @router.get("/api/faults")
    async def get_faults(x_sandbox_key: str | None = Header(None)):
        sandbox = get_sandbox()
        check_key(sandbox, x_sandbox_key)
        return {"faults": sandbox.faults.plan.spec()}

    @router.put("/api/faults")
    async def set_faults(request: Request, x_sandbox_key: str | None = Header(None)):
        sandbox = get_sandbox()
        check_key(sandbox, x_sandbox_key)
        body = await _json(request)
        try:
            sandbox.faults.set_plan(FaultPlan.parse(str(body.get("faults", ""))))
        except ValueError as exc:
            raise HTTPException(400, str(exc)) from None
        return {"faults": sandbox.faults.plan.spec()}

    @router.post("/poll/query.do")
    async def kuaidi100_query(request: Request):
        sandbox, fault = await guard(request)
        form = await request.form()
        param, sign, customer = str(form.get("param", "")), str(form.get("sign", "")), str(form.get("customer", ""))
        if not param or not customer:
            return JSONResponse({"result": False, "returnCode": "400", "message": "提交的数据不完整"})
        if not sandbox.kuaidi100_sign_ok(param, sign, customer):
            return JSONResponse({"result": False, "returnCode": "503", "message": "验证签名失败"})
        try:
            query = json.loads(param)
        except json.JSONDecodeError:
            return JSONResponse({"result": False, "returnCode": "400", "message": "提交的数据不完整"})
        if fault == "malformed":
            return PlainTextResponse("<html><body>502 Bad Gateway</body></html>", media_type="text/html")
        # Inline on purpose: a known parcel is pure computation, a new one a single small insert.
        body = sandbox.track(
            com=str(query.get("com", "")),
            number=str(query.get("num", "")),
            phone=str(query.get("phone", "")),
            to_text=str(query.get("to", "")),
            order=str(query.get("order", "desc")),
        )
        return JSONResponse(body)

    from waybill_ui.sandbox import kdniao_face  # the same parcels in Kdniao's wire format

    kdniao_face.add_routes(router, get_sandbox, guard)
    from waybill_ui.sandbox import eorder_face  # e-waybills: Kdniao EOrderService and Kuaidi100 label/order

    eorder_face.add_routes(router, get_sandbox, guard)
    from waybill_ui.sandbox import push  # Kuaidi100's subscription service; pushes go out from a job

    push.add_routes(router, get_sandbox, guard)
    return router


async def _json(request: Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise HTTPException(400, "body must be JSON") from None
    if not isinstance(body, dict):
        raise HTTPException(400, "body must be a JSON object")
    return body
