"""Usernames someone typed wrong passwords for (known or not), waiting before the next try
(services/accounts/login_throttle.py); the owner can clear the wait."""

from __future__ import annotations

from nicegui import ui

from waybill_ui import runtime
from waybill_ui.clock import fmt_local
from waybill_ui.services.accounts import login_throttle, users
from waybill_ui.ui.i18n import t
from waybill_ui.ui.work import io_bound


class LoginWaits:
    """Drawn into the current container (nothing when no one waits); `reload` draws it again."""

    def __init__(self, me):
        self.db = runtime.get().db
        self.me = me
        self.box = ui.column().classes("w-full")  # the gap of the section around it

    async def reload(self) -> None:
        blocked = await io_bound(login_throttle.list_blocked, self.db)
        self.box.clear()
        self.box.set_visibility(bool(blocked))  # no empty gap on the page when no one waits
        if not blocked:
            return
        with self.box, ui.card().classes("w-full").mark("login-waits"):
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
                    ui.button(t("settings.users.unlock"), on_click=lambda e=entry: self.unlock(e.username)).props(
                        "flat dense no-caps"
                    ).mark(f"unlock-{entry.username}")

    async def unlock(self, username: str) -> None:
        await io_bound(users.clear_login_wait, self.db, username=username, actor=self.me)
        ui.notify(t("settings.users.unlocked", username=username), type="positive")
        await self.reload()
