"""First start: the owner account is created through a one-time link printed on the console."""

from __future__ import annotations

import hmac

from fastapi.responses import RedirectResponse
from nicegui import context, ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.services.accounts import users
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.ui.frame import PRIMARY
from waybill_ui.ui.i18n import lang, t, use_page_language


def token_ok(given: str | None) -> bool:
    expected = runtime.get().setup_token
    return bool(expected and given and hmac.compare_digest(expected, given))


@ui.page("/setup", title="首次设置 · 快递单号管家")
async def setup_page(token: str | None = None) -> RedirectResponse | None:
    db = runtime.get().db
    ui.colors(primary=PRIMARY)
    use_page_language()
    if await io_bound(users.count_users, db) > 0:
        with ui.card().classes("absolute-center w-96 max-w-full").mark("setup-done"):
            ui.label(t("setup.done_already"))
            ui.button(t("login.submit"), on_click=lambda: ui.navigate.to("/login"))
        return None
    if not token_ok(token):
        with ui.card().classes("absolute-center w-96 max-w-full").mark("setup-bad-token"):
            ui.label(t("setup.bad_token")).classes("text-red-700")
        return None

    async def create() -> None:
        error.set_visibility(False)
        if password.value != password2.value:
            error.text = t("setup.mismatch")
            error.set_visibility(True)
            return
        if not token_ok(token):  # used meanwhile in another tab
            error.text = t("setup.bad_token")
            error.set_visibility(True)
            return
        try:
            owner = await io_bound(
                users.create_first_owner, db, username=username.value or "", password=password.value or ""
            )
        except ServiceError as exc:
            error.text = exc.message(lang())
            error.set_visibility(True)
            return
        runtime.get().setup_token = None  # one time only
        from waybill_ui.ui.pages.login import complete_login

        await complete_login(owner, context.client.ip or "?")

    with ui.card().classes("absolute-center w-[28rem] max-w-full gap-3").mark("setup-card"):
        ui.label(t("setup.title")).classes("text-xl font-bold")
        ui.label(t("setup.intro")).classes("text-gray-600 text-sm")
        username = (
            ui.input(t("login.username"), value="owner").props("outlined").classes("w-full").mark("setup-username")
        )
        password = (
            ui.input(t("login.password"), password=True).props("outlined").classes("w-full").mark("setup-password")
        )
        password2 = (
            ui.input(t("setup.password_again"), password=True)
            .props("outlined")
            .classes("w-full")
            .mark("setup-password2")
        )
        error = ui.label().classes("text-red-600 text-sm").mark("setup-error")
        error.set_visibility(False)
        ui.button(t("setup.submit"), on_click=create).classes("w-full").mark("setup-submit")
    return None
