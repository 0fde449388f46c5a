"""Language of the pages and messages, per account (the header's switch does the same)."""

from __future__ import annotations

from nicegui import app, ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.services.accounts import users
from waybill_ui.texts import LANGUAGES
from waybill_ui.ui.i18n import lang, t

TAB_KEY = "settings.tab.language"
ORDER = 25
OWNER_ONLY = False


async def render(me) -> None:
    async def choose(value: str) -> None:
        if value == lang():
            return
        app.storage.user["lang"] = value
        await io_bound(users.set_language, runtime.get().db, user_id=me.id, language=value)
        ui.navigate.reload()

    with ui.card().classes("w-full max-w-2xl").mark("language-settings"):
        ui.label(t("settings.language.intro")).classes("text-gray-600")
        ui.radio(LANGUAGES, value=lang(), on_change=lambda e: choose(e.value)).props("inline").mark("language-choice")
