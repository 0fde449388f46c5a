"""The form of 设置 → 账号与员工 that adds an account (staff by default)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from waybill_ui import runtime
from waybill_ui.services.accounts import users
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.work import io_bound


class AddAccount:
    """`added()` runs after an account is created."""

    def __init__(self, me, added: Callable[[], Awaitable[None]]):
        self.me = me
        self.added = added
        with ui.card().classes("w-full max-w-xl").mark("add-user"):
            ui.label(t("settings.users.add")).classes("font-bold")
            with ui.row().classes("w-full items-end"):
                self.name = ui.input(t("login.username")).props("outlined dense").mark("new-username")
                self.password = (
                    ui.input(t("login.password"), password=True).props("outlined dense").mark("new-password")
                )
                roles = {"staff": t("role.staff"), "owner": t("role.owner")}
                self.role = (
                    ui.select(roles, value="staff", label=t("settings.users.role"))
                    .props("outlined dense")
                    .classes("w-28")
                    .mark("new-role")
                )
                ui.button(t("settings.users.add"), icon="person_add", on_click=self.add).mark("add-user-submit")

    async def add(self) -> None:
        try:
            created = await io_bound(
                users.create_user,
                runtime.get().db,
                username=self.name.value or "",
                password=self.password.value or "",
                role=self.role.value,
                actor=self.me.username,
            )
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
            return
        ui.notify(t("settings.users.created", username=created.username), type="positive")
        self.name.value = self.password.value = ""
        await self.added()
