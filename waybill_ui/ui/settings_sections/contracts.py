"""Shipping origin and own contract prices (与快递公司建立长期合作), owner only.

Put together from small parts in `ui/contracts/parts.py` (origin card, contract list, add form);
`render` below only wires them."""

from __future__ import annotations

from nicegui import ui

from waybill_ui import runtime
from waybill_ui.services.market import catalogue
from waybill_ui.ui.contracts.parts import ContractForm, ContractList, origin_card
from waybill_ui.ui.i18n import t
from waybill_ui.ui.work import io_bound

TAB_KEY = "settings.tab.contracts"
ORDER = 30
OWNER_ONLY = True


async def render(me) -> None:
    await origin_card(me)
    ui.label(t("contract.intro")).classes("text-gray-600")
    listing = ContractList(me)
    await listing.reload()
    carriers = {c.code: f"{c.name}（{c.code}）" for c, _ in await io_bound(catalogue.list_carriers, runtime.get().db)}
    ContractForm(me, carriers, saved=listing.reload)
