"""设置: every group of settings, each from its own module in ui/settings_sections."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.ui.frame import frame
from waybill_ui.ui.i18n import t
from waybill_ui.ui.session import principal
from waybill_ui.ui.settings_sections import sections


@ui.page("/settings", title="设置 · 快递单号管家")
async def settings_page(tab: str | None = None) -> None:
    me = principal()
    with frame("/settings"):
        ui.label(t("settings.title")).classes("text-2xl font-bold")
        visible = [s for s in sections() if me.is_owner or not s.OWNER_ONLY]
        if not me.is_owner:
            ui.label(t("settings.staff_view")).classes("text-gray-600").mark("staff-view")
        with ui.tabs().mark("settings-tabs") as tabs:
            tab_of = {s.__name__.rsplit(".", 1)[-1]: ui.tab(t(s.TAB_KEY)).mark(f"tab-{s.__name__.rsplit('.', 1)[-1]}")
                      for s in visible}
        first = tab_of.get(tab or "") or next(iter(tab_of.values()))
        with ui.tab_panels(tabs, value=first).classes("w-full bg-transparent"):
            for section in visible:
                with ui.tab_panel(tab_of[section.__name__.rsplit(".", 1)[-1]]):
                    await section.render(me)
