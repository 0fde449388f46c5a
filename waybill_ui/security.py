"""Login required everywhere on the LAN, except the login and setup pages, static assets, the
health check and the embedded network (which checks its own key).

Identity comes from an API token (``Authorization: Bearer``) or the browser session kept in
NiceGUI's user storage; it is put on ``request.state.principal`` for routes and pages.
"""

from __future__ import annotations

import asyncio

from fastapi import Request
from fastapi.responses import JSONResponse, RedirectResponse
from nicegui import app
from starlette.middleware.base import BaseHTTPMiddleware

from waybill_ui import runtime
from waybill_ui.services import users
from waybill_ui.services.users import Principal
from waybill_ui.texts import tr

PUBLIC_PATHS = frozenset({"/login", "/setup", "/healthz", "/api/v1/auth/token", "/favicon.ico",
                          # tracking providers' callbacks: no login, each checks its signature
                          "/api/v1/tracking/push/kuaidi100", "/api/v1/tracking/push/kdniao"})
PUBLIC_PREFIXES = ("/_nicegui/", "/static/", "/sandbox/")
# NiceGUI internals that act on behalf of an open page (uploads, downloads) need the session.
SESSION_PREFIXES = ("/_nicegui/client/",)
API_LIKE = ("/api/", "/openapi.json", "/docs", "/redoc")

SESSION_KEYS = ("user_id", "username", "role", "epoch", "lang")


def is_public(path: str) -> bool:
    if path.startswith(SESSION_PREFIXES):
        return False
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def start_session(principal: Principal, epoch: int) -> None:
    app.storage.user.update({"user_id": principal.id, "username": principal.username, "role": principal.role,
                             "epoch": epoch, "lang": principal.language})


def end_session() -> None:
    for key in SESSION_KEYS:
        app.storage.user.pop(key, None)


def _session_identity() -> tuple[int, int] | None:
    try:
        storage = app.storage.user
    except (RuntimeError, AssertionError):  # no session middleware or no request context
        return None
    user_id, epoch = storage.get("user_id"), storage.get("epoch")
    if isinstance(user_id, int) and isinstance(epoch, int):
        return user_id, epoch
    return None


class AuthMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next):
        path = request.url.path
        principal = await self._identify(request)
        request.state.principal = principal
        if principal is not None or is_public(path):
            return await call_next(request)
        lang = "en" if request.headers.get("accept-language", "").lower().startswith("en") else "zh"
        if path.startswith(API_LIKE) or request.method != "GET" or path.startswith("/_nicegui"):
            return JSONResponse({"detail": tr("auth.required", lang), "code": "unauthorized"}, status_code=401,
                                headers={"WWW-Authenticate": "Bearer"})
        try:
            app.storage.user["referrer_path"] = path
        except (RuntimeError, AssertionError):
            pass
        return RedirectResponse("/login")

    async def _identify(self, request: Request) -> Principal | None:
        rt = runtime.get_or_none()
        if rt is None:
            return None
        header = request.headers.get("authorization", "")
        if header.lower().startswith("bearer "):
            return await asyncio.to_thread(users.token_principal, rt.db, header[7:].strip())
        identity = _session_identity()
        if identity is None:
            return None
        principal = await asyncio.to_thread(users.session_principal, rt.db, user_id=identity[0], epoch=identity[1])
        if principal is None:
            end_session()
        return principal
