"""Login required everywhere on the LAN, except the login and setup pages, static assets, the
health check and the embedded network (which checks its own key).

Identity comes from an API token (``Authorization: Bearer``) or the browser session cookie
(``waybill_session``, a random key looked up in the database: services/accounts/sessions.py); it is put on
``request.state.principal`` (and the session's id on ``request.state.session_id``) for routes and
pages. Requests that change something and ride on the cookie must come from the app's own origin
(CSRF). The websocket side of pages is guarded in waybill_ui/socket_guard.py. docs/security.md
explains the whole model.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import JSONResponse, RedirectResponse
from nicegui import app
from starlette.middleware.base import BaseHTTPMiddleware

from waybill_ui import runtime
from waybill_ui.carriers import registry
from waybill_ui.services.accounts import sessions
from waybill_ui.services.accounts import api_tokens, users
from waybill_ui.services.accounts.users import Principal
from waybill_ui.texts import tr

PUBLIC_PATHS = frozenset(
    {
        "/login",
        "/login/complete",
        "/setup",
        "/healthz",
        "/api/v1/auth/token",
        "/favicon.ico",
        # the print components on packing PCs fetch our label template (field names only)
        "/api/v1/print-template/76x130",
    }
)
PUBLIC_PREFIXES = ("/_nicegui/", "/static/", "/sandbox/")
# tracking providers' callbacks (/api/v1/tracking/push/<format>, each format declared by a provider
# package): no login, each checks its signature
PUSH_PREFIX = "/api/v1/tracking/push/"
# NiceGUI internals that act on behalf of an open page (uploads, downloads) need the session.
SESSION_PREFIXES = ("/_nicegui/client/",)
API_LIKE = ("/api/", "/openapi.json", "/docs", "/redoc")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def is_public(path: str) -> bool:
    if path.startswith(SESSION_PREFIXES):
        return False
    if path.startswith(PUSH_PREFIX):
        return registry.push_format(path.removeprefix(PUSH_PREFIX)) is not None
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def _lang(request: Request) -> str:
    return "en" if request.headers.get("accept-language", "").lower().startswith("en") else "zh"


def own_origins(host_header: str | None, scheme: str = "http") -> set[str]:
    """The origins a page of this app can have: its Host as the browser used it, plus the
    configured extra ones."""
    found = set()
    if host_header:
        found.add(f"{scheme}://{host_header}".lower())
        found.add(f"{'https' if scheme == 'http' else 'http'}://{host_header}".lower())  # behind a TLS proxy
    rt = runtime.get_or_none()
    if rt is not None:
        found.update(o.strip().rstrip("/").lower() for o in rt.settings.allowed_origins.split(",") if o.strip())
        if rt.settings.public_url:
            found.add(rt.settings.public_url.rstrip("/").lower())
    return found


def same_origin(origin: str | None, referer: str | None, host_header: str | None, scheme: str = "http") -> bool:
    """Origin first; Referer when a browser left Origin out; neither means not a browser we trust."""
    if origin and origin != "null":
        claimed = origin.rstrip("/").lower()
    elif referer:
        parts = urlsplit(referer)
        claimed = f"{parts.scheme}://{parts.netloc}".lower()
    else:
        return False
    return claimed in own_origins(host_header, scheme)


def _page_client_id(path: str) -> str | None:
    """/_nicegui/client/<client id>/upload/… → the client id (NiceGUI's per-page secret)."""
    rest = path[len("/_nicegui/client/") :] if path.startswith("/_nicegui/client/") else ""
    return rest.split("/", 1)[0] or None


def _refused(request: Request, status: int, key: str, code: str) -> JSONResponse:
    return JSONResponse({"detail": tr(key, _lang(request)), "code": code}, status_code=status)


class AuthMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next):
        path = request.url.path
        principal, session_id, stale_cookie = await self._identify(request)
        request.state.principal = principal
        request.state.session_id = session_id
        if session_id is not None and request.method not in SAFE_METHODS and not is_public(path):
            refusal = self._csrf_refusal(request, path, session_id)
            if refusal is not None:
                return refusal
        if principal is not None or is_public(path):
            response = await call_next(request)
        elif path.startswith(API_LIKE) or request.method != "GET" or path.startswith("/_nicegui"):
            response = JSONResponse(
                {"detail": tr("auth.required", _lang(request)), "code": "unauthorized"},
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        else:
            try:
                app.storage.user["referrer_path"] = path
            except (RuntimeError, AssertionError):
                pass
            response = RedirectResponse("/login")
        sets_new = any(h.startswith(sessions.COOKIE + "=") for h in response.headers.getlist("set-cookie"))
        if stale_cookie and not sets_new:  # a dead key: let the browser forget it (unless a login replaces it)
            response.delete_cookie(sessions.COOKIE, path="/")
        return response

    def _csrf_refusal(self, request: Request, path: str, session_id: int) -> JSONResponse | None:
        """A change riding on the cookie: it must come from our own origin; an upload to an open
        page must also name a page served to this very session (the client id is the form's
        token, never readable by another origin)."""
        scheme = request.headers.get("x-forwarded-proto") or request.url.scheme
        if not same_origin(
            request.headers.get("origin"), request.headers.get("referer"), request.headers.get("host"), scheme
        ):
            return _refused(request, 403, "security.csrf", "csrf")
        client_id = _page_client_id(path)
        if client_id is not None:
            from waybill_ui.socket_guard import session_of_client

            if session_of_client(client_id) != session_id:
                return _refused(request, 403, "security.csrf", "csrf")
        return None

    async def _identify(self, request: Request) -> tuple[Principal | None, int | None, bool]:
        """(who, their browser session id or None for a token, whether a dead cookie should go)."""
        rt = runtime.get_or_none()
        if rt is None:
            return None, None, False
        header = request.headers.get("authorization", "")
        if header.lower().startswith("bearer "):
            return await asyncio.to_thread(api_tokens.token_principal, rt.db, header[7:].strip()), None, False
        key = request.cookies.get(sessions.COOKIE)
        if not key:
            return None, None, False
        found = await asyncio.to_thread(sessions.lookup, rt.db, key)
        if found is None:
            return None, None, True
        user, session_id = found
        return users.principal_of(user), session_id, False
