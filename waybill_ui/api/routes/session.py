"""The HTTP half of a browser login: trade the login page's one-time ticket for the session
cookie (services/accounts/sessions.py explains why a login takes these two steps)."""

from fastapi import Request
from fastapi.responses import RedirectResponse

from waybill_ui import runtime
from waybill_ui.services.accounts import sessions
from waybill_ui.api.router import api_router

router = api_router(tags=["auth"], prefixed=False)


def local_path(target: str | None) -> str:
    """Only a path of this app (no //host, no scheme) may follow a login."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/login/complete", include_in_schema=False)
def complete_login(request: Request, ticket: str = "", next: str = "/") -> RedirectResponse:
    rt = runtime.get()
    browser_id = request.scope.get("session", {}).get("id")
    result = sessions.complete_login(rt.db, ticket=ticket[:100], browser_id=browser_id, hours=rt.settings.session_hours)
    if result is None:
        return RedirectResponse("/login?expired=1", status_code=303)
    key, _ = result
    old_id = getattr(request.state, "session_id", None)
    if old_id is not None:  # a new login in the same browser replaces the old session
        sessions.end(rt.db, session_id=old_id, reason="replaced", actor="login")
    response = RedirectResponse(local_path(next), status_code=303)
    secure = (request.headers.get("x-forwarded-proto") or request.url.scheme) == "https"
    response.set_cookie(
        sessions.COOKIE,
        key,
        max_age=rt.settings.session_hours * 3600,
        path="/",
        httponly=True,
        samesite="lax",
        secure=secure,
    )
    return response
