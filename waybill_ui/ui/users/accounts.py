"""The accounts of 设置 → 账号与员工: each with its role, state and last login; the owner changes
another account's role or state and resets anyone's password."""

from __future__ import annotations

from nicegui import ui

from waybill_ui import runtime
from waybill_ui.clock import fmt_local
from waybill_ui.db.models import User
from waybill_ui.services.accounts import users
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.work import io_bound

HEADER = (("username", "w-40"), ("role", "w-16"), ("state", "w-16"), ("last_login", "w-40 gt-xs"))


class AccountList:
    """Drawn into the current container; `reload` draws it again from the database."""

    def __init__(self, me):
        self.db = runtime.get().db
        self.me = me
        self.box = ui.column().classes("w-full")  # the gap of the section around it

    async def reload(self) -> None:
        rows = await io_bound(users.list_users, self.db)
        self.box.clear()
        with self.box, ui.column().classes("w-full gap-1"):
            with ui.row().classes("w-full items-center gap-3 px-2 text-xs text-gray-500 no-wrap").mark("users-header"):
                for column, width in HEADER:
                    ui.label(t(f"settings.users.col.{column}")).classes(width)
            for row in rows:
                self._row(row)

    def _row(self, row: User) -> None:
        with ui.row().classes("w-full items-center gap-3 bg-white rounded p-2").mark(f"user-row-{row.username}"):
            ui.label(row.username).classes("font-bold w-40")
            ui.label(t(f"role.{row.role}")).classes("w-16")
            state = "settings.users.active" if row.is_active else "settings.users.inactive"
            ui.label(t(state)).classes("w-16")
            ui.label(fmt_local(row.last_login_at) or t("settings.users.never")).classes("w-40 text-gray-500 gt-xs")
            ui.space()
            if row.id != self.me.id:  # never one's own role or state
                is_owner = row.role == "owner"
                ui.button(
                    t("settings.users.make_staff" if is_owner else "settings.users.make_owner"),
                    on_click=lambda r=row: self.update(r.id, role="staff" if r.role == "owner" else "owner"),
                ).props("flat dense no-caps")
                ui.button(
                    t("settings.users.disable" if row.is_active else "settings.users.enable"),
                    on_click=lambda r=row: self.update(r.id, is_active=not r.is_active),
                ).props("flat dense no-caps").mark(f"toggle-{row.username}")
            ui.button(t("settings.users.reset"), on_click=lambda r=row: self.reset_dialog(r.username)).props(
                "flat dense no-caps"
            )

    async def update(self, user_id: int, **changes) -> None:
        try:
            await io_bound(users.update_user, self.db, user_id=user_id, actor=self.me, **changes)
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
        await self.reload()

    def reset_dialog(self, username: str) -> None:
        with ui.dialog() as dialog, ui.card():
            ui.label(f"{t('settings.users.reset')}：{username}")
            new_password = ui.input(t("settings.users.new_password"), password=True).props("outlined")

            async def apply() -> None:
                if await self.reset_password(username, new_password.value or ""):
                    dialog.close()
                    await self.reload()

            with ui.row():
                ui.button(t("common.confirm"), on_click=apply)
                ui.button(t("common.cancel"), on_click=dialog.close).props("flat")
        dialog.open()

    async def reset_password(self, username: str, password: str) -> bool:
        try:
            await io_bound(users.reset_password, self.db, username=username, password=password, actor=self.me.username)
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
            return False
        ui.notify(t("settings.users.password_reset", username=username), type="positive")
        return True
