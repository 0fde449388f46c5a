"""Callbacks from tracking providers (push tracking, docs/tracking.md). No login — the
providers cannot log in — so every callback must carry a valid signature: Kuaidi100 signs with
our salt, Kdniao with our API key. A bad signature is refused (4xx) and nothing is stored; an
unknown number is acknowledged (and logged) so the provider stops sending it. Each answer is the
body the vendor expects, given once the update is written (well under the vendor's 20 s)."""

from __future__ import annotations

import asyncio
import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from waybill_ui.runtime import providers_of
from waybill_ui import runtime
from waybill_ui.carriers.kdniao import subscribe as kdniao
from waybill_ui.carriers.kuaidi100 import subscribe as kuaidi100
from waybill_ui.carriers.protocol import ProviderError
from waybill_ui.clock import utcnow
from waybill_ui.services.tracking import push_store
from waybill_ui.services.tracking.push_ingest import ingest_for
from typing import Any

log = logging.getLogger(__name__)
router = APIRouter(tags=["tracking push"])


async def _refuse(rt, channel: str, status: int, error: str, body: dict[str, Any]) -> JSONResponse:
    """The vendor's own refusal body, plus the app's error fields (`detail`, `code`) every 4xx of
    this API carries."""
    log.warning("%s callback refused: %s", channel, error)
    body = {**body, "detail": error, "code": error.split(":", 1)[0]}
    try:
        await asyncio.to_thread(push_store.record_rejected, rt.db, provider=channel, error=error, now=utcnow())
    except Exception:  # counting must not turn a refusal into a crash
        log.exception("counting a refused callback failed")
    return JSONResponse(body, status_code=status)


async def _store(rt, updates) -> list[str] | None:
    """The numbers we do not keep (logged by the store), or None when nothing could be stored."""
    try:
        return await ingest_for(rt).submit(updates)
    except Exception:
        return None


@router.post("/tracking/push/kuaidi100")
async def kuaidi100_callback(request: Request):
    """Kuaidi100's push (form `param`, `sign` = MD5(param + salt)); the embedded network's too."""
    rt = runtime.get()
    channel = providers_of(rt).tracking.name if providers_of(rt).tracking.name == "sandbox" else "kuaidi100"
    form = await request.form()
    param, sign = str(form.get("param") or ""), str(form.get("sign") or "")
    if not kuaidi100.sign_ok(param, sign, rt.settings.push_salt):
        return await _refuse(rt, channel, 403, "bad_sign: 签名不符（sign ≠ MD5(param + salt)）",
                             {"result": False, "returnCode": "403", "message": "签名验证失败"})
    try:
        update = kuaidi100.parse_callback(param, provider=channel)
    except ProviderError as exc:
        return await _refuse(rt, channel, 400, f"malformed: {exc}",
                             {"result": False, "returnCode": "400", "message": "数据格式错误"})
    if await _store(rt, [update]) is None:  # not stored: the vendor sends it again
        return JSONResponse({"result": False, "returnCode": "500", "message": "保存失败，请重试"}, status_code=500)
    return kuaidi100.CALLBACK_OK


def _kdniao_account(rt) -> tuple[str, str]:
    """(EBusinessID, ApiKey) of the Kdniao account in use (keys saved in the app win)."""
    provider = rt.providers.tracking
    if provider.name == "kdniao":
        return getattr(provider, "business_id", ""), getattr(provider, "api_key", "")
    return rt.settings.kdniao_business_id or "", rt.settings.kdniao_api_key or ""


@router.post("/tracking/push/kdniao")
async def kdniao_callback(request: Request):
    """Kdniao's push 101/102 (form RequestData, DataSign, RequestType, EBusinessID)."""
    rt = runtime.get()
    form = await request.form()
    data, sign = str(form.get("RequestData") or ""), str(form.get("DataSign") or "")
    request_type, business_id = str(form.get("RequestType") or ""), str(form.get("EBusinessID") or "")
    expected_id, api_key = _kdniao_account(rt)
    if request_type not in kdniao.PUSH_TYPES:
        return await _refuse(rt, "kdniao", 400, f"bad_request_type: RequestType {request_type[:8]!r}",
                             kdniao.push_reply(business_id, utcnow(), success=False, reason="RequestType 不是推送"))
    if not (expected_id and business_id == expected_id and kdniao.sign_ok(data, sign, api_key)):
        return await _refuse(rt, "kdniao", 403, "bad_sign: EBusinessID 或 DataSign 不符",
                             kdniao.push_reply(business_id, utcnow(), success=False, reason="签名验证失败"))
    try:
        updates = kdniao.parse_push(data)
    except ProviderError as exc:
        return await _refuse(rt, "kdniao", 400, f"malformed: {exc}",
                             kdniao.push_reply(business_id, utcnow(), success=False, reason="数据格式错误"))
    if await _store(rt, updates) is None:
        return JSONResponse(kdniao.push_reply(business_id, utcnow(), success=False, reason="保存失败，请重试"),
                            status_code=500)
    return kdniao.push_reply(business_id, utcnow())
