"""Accounts and staff (owner only)."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.clock import fmt_local
from waybill_ui.services.accounts import login_throttle
from waybill_ui.services.accounts import users
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.ui.i18n import lang, t

TAB_KEY = "settings.tab.users"
ORDER = 10
OWNER_ONLY = True


async def render(me) -> None:
    db = runtime.get().db
    ui.label(t("settings.users.intro")).classes("text-gray-600")

    @ui.refreshable
    async def user_list() -> None:
        rows = await io_bound(users.list_users, db)
        with ui.column().classes("w-full gap-1"):
            with ui.row().classes("w-full items-center gap-3 px-2 text-xs text-gray-500 no-wrap").mark("users-header"):
                ui.label(t("settings.users.col.username")).classes("w-40")
                ui.label(t("settings.users.col.role")).classes("w-16")
                ui.label(t("settings.users.col.state")).classes("w-16")
                ui.label(t("settings.users.col.last_login")).classes("w-40 gt-xs")
            for row in rows:
                with (
                    ui.row().classes("w-full items-center gap-3 bg-white rounded p-2").mark(f"user-row-{row.username}")
                ):
                    ui.label(row.username).classes("font-bold w-40")
                    ui.label(t(f"role.{row.role}")).classes("w-16")
                    ui.label(t("settings.users.active") if row.is_active else t("settings.users.inactive")).classes(
                        "w-16"
                    )
                    ui.label(fmt_local(row.last_login_at) or t("settings.users.never")).classes(
                        "w-40 text-gray-500 gt-xs"
                    )
                    ui.space()
                    if row.id != me.id:
                        ui.button(
                            t("settings.users.make_staff" if row.role == "owner" else "settings.users.make_owner"),
                            on_click=lambda r=row: update(r.id, role="staff" if r.role == "owner" else "owner"),
                        ).props("flat dense no-caps")
                        ui.button(
                            t("settings.users.disable" if row.is_active else "settings.users.enable"),
                            on_click=lambda r=row: update(r.id, is_active=not r.is_active),
                        ).props("flat dense no-caps").mark(f"toggle-{row.username}")
                    ui.button(t("settings.users.reset"), on_click=lambda r=row: reset_dialog(r.username)).props(
                        "flat dense no-caps"
                    )

    @ui.refreshable
    async def login_waits() -> None:
        """Usernames someone typed wrong passwords for (known or not): the owner can clear the wait."""
        blocked = await io_bound(login_throttle.list_blocked, db)
        if not blocked:
            return
        with ui.card().classes("w-full").mark("login-waits"):
            ui.label(t("settings.users.waits")).classes("font-bold")
            for entry in blocked:
                with ui.row().classes("w-full items-center gap-3").mark(f"login-wait-{entry.username}"):
                    ui.label(
                        t(
                            "settings.users.wait_row",
                            username=entry.username,
                            address=entry.address,
                            failures=entry.failures,
                            time=fmt_local(entry.blocked_until),
                        )
                    ).classes("text-red-600")
                    ui.button(t("settings.users.unlock"), on_click=lambda e=entry: unlock(e.username)).props(
                        "flat dense no-caps"
                    ).mark(f"unlock-{entry.username}")

    async def unlock(username: str) -> None:
        await io_bound(users.clear_login_wait, db, username=username, actor=me)
        ui.notify(t("settings.users.unlocked", username=username), type="positive")
        login_waits.refresh()

    async def update(user_id: int, **changes) -> None:
        try:
            await io_bound(users.update_user, db, user_id=user_id, actor=me, **changes)
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
        user_list.refresh()

    def reset_dialog(username: str) -> None:
        with ui.dialog() as dialog, ui.card():
            ui.label(f"{t('settings.users.reset')}：{username}")
            new_password = ui.input(t("settings.users.new_password"), password=True).props("outlined")

            async def apply() -> None:
                try:
                    await io_bound(
                        users.reset_password,
                        db,
                        username=username,
                        password=new_password.value or "",
                        actor=me.username,
                    )
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
    await login_waits()
    with ui.card().classes("w-full max-w-xl").mark("add-user"):
        ui.label(t("settings.users.add")).classes("font-bold")
        with ui.row().classes("w-full items-end"):
            name = ui.input(t("login.username")).props("outlined dense").mark("new-username")
            password = ui.input(t("login.password"), password=True).props("outlined dense").mark("new-password")
            role = (
                ui.select(
                    {"staff": t("role.staff"), "owner": t("role.owner")}, value="staff", label=t("settings.users.role")
                )
                .props("outlined dense")
                .classes("w-28")
                .mark("new-role")
            )

            async def add() -> None:
                try:
                    created = await io_bound(
                        users.create_user,
                        db,
                        username=name.value or "",
                        password=password.value or "",
                        role=role.value,
                        actor=me.username,
                    )
                except ServiceError as exc:
                    ui.notify(exc.message(lang()), type="negative")
                    return
                ui.notify(t("settings.users.created", username=created.username), type="positive")
                name.value = password.value = ""
                user_list.refresh()

            ui.button(t("settings.users.add"), icon="person_add", on_click=add).mark("add-user-submit")
