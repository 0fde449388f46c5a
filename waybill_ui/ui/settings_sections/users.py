"""Accounts and staff (owner only).

Put together from small parts in `ui/users/`: the accounts (accounts.py), the login waits
(login_waits.py) and the add-account form (add_form.py); `render` below only wires them."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.ui.i18n import t
from waybill_ui.ui.users.accounts import AccountList
from waybill_ui.ui.users.add_form import AddAccount
from waybill_ui.ui.users.login_waits import LoginWaits

TAB_KEY = "settings.tab.users"
ORDER = 10
OWNER_ONLY = True


async def render(me) -> None:
    ui.label(t("settings.users.intro")).classes("text-gray-600")
    accounts = AccountList(me)
    await accounts.reload()
    waits = LoginWaits(me)
    await waits.reload()
    AddAccount(me, added=accounts.reload)
