"""物流查询: the tracking provider and its keys (saved here, environment as default), what is in
effect and where it came from, and "test the connection" on the values in the form.

Put together from small parts in `ui/provider_settings/`: what is in effect (in_effect.py) and the
form (form.py); `render` below only wires them."""

from __future__ import annotations

from nicegui import ui

from waybill_ui import runtime
from waybill_ui.services.settings import providers as ps
from waybill_ui.ui.i18n import t
from waybill_ui.ui.provider_settings.form import ProviderForm
from waybill_ui.ui.provider_settings.in_effect import InEffect
from waybill_ui.ui.work import io_bound

TAB_KEY = "settings.tab.providers"
ORDER = 30
OWNER_ONLY = True


async def render(me) -> None:
    ui.label(t("settings.providers.intro")).classes("text-gray-600")
    effect = InEffect()
    saved = await io_bound(ps.stored, runtime.get().db)
    ProviderForm(me, saved, saved=effect.reload)
    await effect.reload()
