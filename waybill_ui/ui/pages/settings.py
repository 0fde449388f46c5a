"""设置: accounts and staff, API tokens, general information. (More groups arrive with later issues.)"""

from __future__ import annotations

from nicegui import run, ui

from waybill_ui import __version__, runtime
from waybill_ui.db.types import fmt_local
from waybill_ui.services import users
from waybill_ui.services.errors import ServiceError
from waybill_ui.ui.frame import frame
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.session import principal


@ui.page("/settings", title="设置 · 快递单号管家")
async def settings_page() -> None:
    me = principal()
    db = runtime.get().db
    with frame("/settings"):
        ui.label(t("settings.title")).classes("text-2xl font-bold")
        with ui.tabs().mark("settings-tabs") as tabs:
            users_tab = ui.tab(t("settings.tab.users")).mark("tab-users")
            tokens_tab = ui.tab(t("settings.tab.tokens")).mark("tab-tokens")
            general_tab = ui.tab(t("settings.tab.general")).mark("tab-general")
        with ui.tab_panels(tabs, value=users_tab if me.is_owner else tokens_tab).classes("w-full bg-transparent"):
            with ui.tab_panel(users_tab):
                if me.is_owner:
                    await _users_panel(db, me)
                else:
                    ui.label(t("settings.staff_view")).classes("text-gray-600").mark("staff-view")
            with ui.tab_panel(tokens_tab):
                await _tokens_panel(db, me)
            with ui.tab_panel(general_tab):
                _general_panel()


async def _users_panel(db, me) -> None:
    ui.label(t("settings.users.intro")).classes("text-gray-600")

    @ui.refreshable
    async def user_list() -> None:
        rows = await run.io_bound(users.list_users, db)
        with ui.column().classes("w-full gap-1"):
            for row in rows:
                with ui.row().classes("w-full items-center gap-3 bg-white rounded p-2").mark(f"user-row-{row.username}"):
                    ui.label(row.username).classes("font-bold w-40")
                    ui.label(t(f"role.{row.role}")).classes("w-16")
                    ui.label(t("common.yes") if row.is_active else t("settings.users.disable")).classes("w-16")
                    ui.label(fmt_local(row.last_login_at)).classes("w-40 text-gray-500")
                    if row.locked_until:
                        ui.label(t("settings.users.locked_until", time=fmt_local(row.locked_until))).classes("text-red-600")
                    ui.space()
                    if row.id != me.id:
                        ui.button(t("settings.users.make_staff" if row.role == "owner" else "settings.users.make_owner"),
                                  on_click=lambda r=row: update(r.id, role="staff" if r.role == "owner" else "owner")) \
                            .props("flat dense no-caps")
                        ui.button(t("settings.users.disable" if row.is_active else "settings.users.enable"),
                                  on_click=lambda r=row: update(r.id, is_active=not r.is_active)) \
                            .props("flat dense no-caps").mark(f"toggle-{row.username}")
                    ui.button(t("settings.users.reset"), on_click=lambda r=row: reset_dialog(r.username)) \
                        .props("flat dense no-caps")

    async def update(user_id: int, **changes) -> None:
        try:
            await run.io_bound(users.update_user, db, user_id=user_id, actor=me, **changes)
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
        user_list.refresh()

    def reset_dialog(username: str) -> None:
        with ui.dialog() as dialog, ui.card():
            ui.label(f"{t('settings.users.reset')}：{username}")
            new_password = ui.input(t("settings.users.new_password"), password=True).props("outlined")

            async def apply() -> None:
                try:
                    await run.io_bound(users.reset_password, db, username=username, password=new_password.value or "",
                                       actor=me.username)
                except ServiceError as exc:
                    ui.notify(exc.message(lang()), type="negative")
                    return
                ui.notify(t("settings.users.password_reset", username=username), type="positive")
                dialog.close()
                user_list.refresh()

            with ui.row():
                ui.button(t("common.confirm"), on_click=apply)
                ui.button(t("common.cancel"), on_click=dialog.close).props("flat")
        dialog.open()

    await user_list()
    with ui.card().classes("w-full max-w-xl").mark("add-user"):
        ui.label(t("settings.users.add")).classes("font-bold")
        with ui.row().classes("w-full items-end"):
            name = ui.input(t("login.username")).props("outlined dense").mark("new-username")
            password = ui.input(t("login.password"), password=True).props("outlined dense").mark("new-password")
            role = ui.select({"staff": t("role.staff"), "owner": t("role.owner")}, value="staff",
                             label=t("settings.users.role")).props("outlined dense").classes("w-28").mark("new-role")

            async def add() -> None:
                try:
                    created = await run.io_bound(users.create_user, db, username=name.value or "",
                                                 password=password.value or "", role=role.value, actor=me.username)
                except ServiceError as exc:
                    ui.notify(exc.message(lang()), type="negative")
                    return
                ui.notify(t("settings.users.created", username=created.username), type="positive")
                name.value = password.value = ""
                user_list.refresh()

            ui.button(t("settings.users.add"), icon="person_add", on_click=add).mark("add-user-submit")


async def _tokens_panel(db, me) -> None:
    ui.label(t("settings.tokens.intro")).classes("text-gray-600")
    shown = ui.column().classes("w-full")

    @ui.refreshable
    async def token_list() -> None:
        rows = await run.io_bound(users.list_api_tokens, db, user_id=None if me.is_owner else me.id)
        for row in rows:
            with ui.row().classes("w-full items-center gap-3 bg-white rounded p-2").mark("token-row"):
                ui.label(row.name).classes("font-bold w-56")
                ui.label(f"{row.prefix}…").classes("font-mono w-36")
                ui.label(fmt_local(row.created_at)).classes("text-gray-500")
                ui.label(f"{t('settings.tokens.last_used')}: {fmt_local(row.last_used_at) or '—'}").classes("text-gray-500")
                ui.space()
                ui.button(t("settings.tokens.revoke"), on_click=lambda r=row: revoke(r.id)).props("flat dense no-caps color=negative")

    async def revoke(token_id: int) -> None:
        await run.io_bound(users.revoke_api_token, db, token_id=token_id, actor=me)
        ui.notify(t("settings.tokens.revoked"))
        token_list.refresh()

    async def create() -> None:
        token = await run.io_bound(users.create_api_token, db, user_id=me.id, name=token_name.value or "token",
                                   actor=me.username)
        shown.clear()
        with shown, ui.card().classes("w-full bg-green-50"):
            ui.label(t("settings.tokens.created"))
            ui.code(token).classes("w-full").mark("new-token")
        token_name.value = ""
        token_list.refresh()

    with ui.row().classes("items-end"):
        token_name = ui.input(t("settings.tokens.name")).props("outlined dense").classes("w-72").mark("token-name")
        ui.button(t("settings.tokens.create"), icon="key", on_click=create).mark("token-create")
    await token_list()


def _general_panel() -> None:
    settings = runtime.get().settings
    with ui.card().classes("w-full max-w-2xl"):
        ui.label(f"{t('settings.general.version')}: {__version__}")
        ui.label(f"{t('settings.general.data_dir')}: {settings.data_dir}").mark("data-dir")
        ui.label(f"{t('settings.general.provider')}: {settings.tracking_provider}").mark("tracking-provider")
        if settings.tracking_provider == "sandbox":
            ui.label(t("settings.general.sandbox_note")).classes("text-gray-600")
