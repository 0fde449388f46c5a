"""电子面单账号 (owner only): add, list (quota as reported and as counted, never a secret), refresh
the quota from the provider, delete.

Put together from small parts in `ui/ewaybill_accounts/parts.py` (account list, add form);
`render` below only wires them."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.ui.ewaybill_accounts.parts import AccountForm, AccountList
from waybill_ui.ui.i18n import t

TAB_KEY = "settings.tab.ewaybill"
GROUP = "shipping"
ORDER = 30
OWNER_ONLY = True


async def render(me) -> None:
    ui.label(t("ewaybill.settings.intro")).classes("text-gray-600")
    accounts = AccountList(me)
    await accounts.reload()
    AccountForm(me, added=accounts.reload)
