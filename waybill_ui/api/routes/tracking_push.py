"""Callbacks from tracking providers (push tracking, docs/tracking.md), one address per callback
format a provider declares: /api/v1/tracking/push/<format> (kuaidi100, kdniao, or a plug-in's).
No login — the providers cannot log in — so every callback must carry a valid signature, which
the provider's own package checks (carriers/<provider>/plugin.py): Kuaidi100 signs with our salt,
Kdniao with our API key. A bad signature is refused (4xx) and nothing is stored; an unknown
number is acknowledged (and logged) so the provider stops sending it. Each answer is the body the
vendor expects, given once the update is written (well under the vendor's 20 s)."""

from __future__ import annotations

import asyncio
import logging

from fastapi import Request
from fastapi.responses import JSONResponse

from waybill_ui import runtime
from waybill_ui.carriers import registry
from waybill_ui.carriers.plugin import PushContext
from waybill_ui.clock import utcnow
from waybill_ui.services.tracking import push_store
from waybill_ui.services.tracking.push_ingest import ingest_for
from waybill_ui.api.router import api_router
from typing import Any

log = logging.getLogger(__name__)
router = api_router(tags=["tracking push"])
PREFIX = "/api/v1/tracking/push/"


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


@router.post("/tracking/push/{push_format}")
async def provider_callback(push_format: str, request: Request):
    """A provider's push, read and checked by the provider that declares this callback format."""
    fmt = registry.push_format(push_format)
    if fmt is None:  # no provider declares this callback format
        return JSONResponse({"detail": f"no callback {push_format[:40]!r}", "code": "not_found"}, status_code=404)
    rt = runtime.get()
    form = await request.form()
    verdict = fmt.handle(
        {k: str(v) for k, v in form.items()},
        PushContext(
            settings=rt.settings, tracking=runtime.providers_of(rt).tracking, salt=rt.settings.push_salt, now=utcnow()
        ),
    )
    if verdict.refused:
        return await _refuse(rt, verdict.channel, verdict.refused, verdict.error, verdict.ok_body)
    if await _store(rt, verdict.updates) is None:  # not stored: the vendor sends it again
        return JSONResponse(verdict.retry_body, status_code=500)
    return verdict.ok_body
