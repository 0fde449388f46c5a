"""Change my own password (every user). All my sessions and API tokens end with it."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.services.accounts import users
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.ui.i18n import lang, t

TAB_KEY = "settings.password.title"
ORDER = 15
OWNER_ONLY = False
GROUP = "shop"


async def render(me) -> None:
    db = runtime.get().db

    async def change() -> None:
        try:
            await io_bound(
                users.change_password, db, user_id=me.id, old_password=old.value or "", new_password=new.value or ""
            )
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
            return
        ui.notify(t("settings.password.done"), type="positive")
        ui.navigate.to("/login")

    with ui.column().classes("w-full max-w-md gap-2"):
        old = (
            ui.input(t("settings.password.old"), password=True)
            .props("outlined dense")
            .classes("w-full")
            .mark("password-old")
        )
        new = (
            ui.input(t("settings.password.new"), password=True)
            .props("outlined dense")
            .classes("w-full")
            .mark("password-new")
        )
        ui.button(t("settings.password.submit"), icon="password", on_click=change).mark("password-submit")
