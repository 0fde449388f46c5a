"""API tokens (each user their own; the owner sees all)."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.clock import fmt_local
from waybill_ui.services.accounts import api_tokens
from waybill_ui.ui.i18n import t

TAB_KEY = "settings.tab.tokens"
ORDER = 20
OWNER_ONLY = False


async def render(me) -> None:
    db = runtime.get().db
    ui.label(t("settings.tokens.intro")).classes("text-gray-600")
    days = runtime.get().settings.api_token_days
    ui.label(t("settings.tokens.expiry_note", days=days)).classes("text-gray-500 text-sm").mark("token-expiry-note")
    shown = ui.column().classes("w-full")

    @ui.refreshable
    async def token_list() -> None:
        rows = await io_bound(api_tokens.list_api_tokens, db, user_id=None if me.is_owner else me.id)
        if not rows:
            ui.label(t("settings.tokens.none")).classes("text-gray-500").mark("token-none")
        for row in rows:
            with ui.row().classes("w-full items-center gap-3 bg-white rounded p-2 flex-wrap").mark("token-row"):
                ui.label(row.name).classes("font-bold w-56")
                ui.label(f"{row.prefix}…").classes("font-mono w-36")
                if me.is_owner:
                    ui.label(f"{t('settings.tokens.owner_col')}: {row.username}").mark(f"token-user-{row.username}")
                ui.label(fmt_local(row.created_at)).classes("text-gray-500")
                ui.label(f"{t('settings.tokens.expires')}: {fmt_local(row.expires_at)}").classes("text-gray-500")
                ui.space()
                ui.button(t("settings.tokens.revoke"), on_click=lambda r=row: revoke(r.id)).props(
                    "flat dense no-caps color=negative"
                ).mark(f"token-revoke-{row.id}")

    async def revoke(token_id: int) -> None:
        await io_bound(api_tokens.revoke_api_token, db, token_id=token_id, actor=me)
        ui.notify(t("settings.tokens.revoked"))
        token_list.refresh()

    async def create() -> None:
        token = await io_bound(
            api_tokens.create_api_token,
            db,
            user_id=me.id,
            name=token_name.value or "token",
            actor=me.username,
            valid_days=days,
        )
        shown.clear()
        with shown, ui.card().classes("w-full bg-green-50"):
            ui.label(t("settings.tokens.created"))
            ui.code(token).classes("w-full").mark("new-token")
        token_name.value = ""
        token_list.refresh()

    with ui.row().classes("items-end"):
        token_name = (
            ui.input(t("settings.tokens.name")).props("outlined dense").classes("w-72 max-w-full").mark("token-name")
        )
        ui.button(t("settings.tokens.create"), icon="key", on_click=create).mark("token-create")
    await token_list()
