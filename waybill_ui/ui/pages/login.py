from __future__ import annotations

from urllib.parse import urlencode

from fastapi.responses import RedirectResponse
from nicegui import app, context, ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.services.accounts import sessions
from waybill_ui.services.accounts import users
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.ui.frame import PRIMARY
from waybill_ui.ui.i18n import lang, t, use_page_language
from waybill_ui.ui.session import principal


async def complete_login(who: users.Principal, address: str) -> None:
    """Hand over to /login/complete, which sets a brand-new session cookie (services/accounts/sessions.py)."""
    request = context.client.request
    app.storage.user["lang"] = who.language  # the language this user chose last time
    ticket = await io_bound(
        sessions.begin_login,
        runtime.get().db,
        user_id=who.id,
        browser_id=app.storage.browser.get("id"),
        address=address,
        user_agent=request.headers.get("user-agent", ""),
    )
    target = app.storage.user.pop("referrer_path", "/") or "/"
    ui.navigate.to("/login/complete?" + urlencode({"ticket": ticket, "next": target}))


@ui.page("/login", title="登录 · 快递单号管家")
async def login_page(expired: str | None = None) -> RedirectResponse | None:
    if principal() is not None:
        return RedirectResponse("/")
    db = runtime.get().db
    ui.colors(primary=PRIMARY)
    use_page_language()
    no_account = await io_bound(users.count_users, db) == 0

    async def try_login() -> None:
        error.set_visibility(False)
        address = context.client.ip or "?"
        try:
            who = await io_bound(
                users.authenticate, db, username=username.value or "", password=password.value or "", address=address
            )
        except ServiceError as exc:
            error.text = exc.message(lang())
            error.set_visibility(True)
            password.value = ""
            return
        await complete_login(who, address)

    if expired:
        ui.timer(0.1, lambda: (error.set_text(t("security.login_expired")), error.set_visibility(True)), once=True)

    with ui.card().classes("absolute-center w-96 max-w-full gap-3").mark("login-card"):
        ui.label(t("app.title")).classes("text-2xl font-bold").style(f"color:{PRIMARY}")
        ui.label(t("app.tagline")).classes("text-gray-500 text-sm")
        if no_account:
            ui.label(t("login.no_account")).classes("text-orange-700").mark("login-no-account")
        username = ui.input(t("login.username")).props("outlined autofocus").classes("w-full").mark("login-username")
        password = (
            ui.input(t("login.password"), password=True, password_toggle_button=True)
            .props("outlined")
            .classes("w-full")
            .mark("login-password")
            .on("keydown.enter", try_login)
        )
        error = ui.label().classes("text-red-600 text-sm").mark("login-error")
        error.set_visibility(False)
        ui.button(t("login.submit"), on_click=try_login).classes("w-full").mark("login-submit")
    return None
