"""设置: every settings section, each from its own module in ui/settings_sections, in groups
(shop and accounts, buying and stock, shipping and labels, tracking and alerts, system), each
group introduced in plain words."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.ui.frame import frame
from waybill_ui.ui.i18n import t
from waybill_ui.ui.session import signed_in
from waybill_ui.ui.settings_sections import grouped, name_of, sections


@ui.page("/settings", title="设置 · 快递单号管家")
async def settings_page(tab: str | None = None) -> None:
    me = signed_in()
    with frame("/settings"):
        ui.label(t("settings.title")).classes("text-2xl font-bold")
        ui.label(t("settings.intro")).classes("text-gray-600")
        visible = [s for s in sections() if me.is_owner or not s.OWNER_ONLY]
        if not me.is_owner:
            ui.label(t("settings.staff_view")).classes("text-gray-600").mark("staff-view")
        groups = grouped(visible)
        names = [name_of(s) for s in visible]
        first = tab if tab in names else names[0]
        # side by side from 768 px; on a phone the menu sits above the section it opens
        with ui.row().classes("w-full items-start gap-4 flex-wrap md:flex-nowrap"):
            tab_groups = []
            with ui.column().classes("w-full md:w-56 shrink-0 gap-0 bg-white rounded p-2").mark("settings-tabs"):
                for group, members in groups:
                    ui.label(t(f"settings.group.{group}")).classes("text-xs font-bold text-gray-500 mt-2 px-2").mark(
                        f"group-{group}"
                    )
                    # nicegui takes a tab's name as the value (its docs say so); its annotation lists Tab/TabPanel only
                    with (
                        ui.tabs(value=first)  # type: ignore[arg-type]
                        .props("vertical dense no-caps inline-label active-bg-color=orange-1")
                        .classes("w-full")
                    ) as tabs:
                        for section in members:
                            ui.tab(name_of(section), t(section.TAB_KEY)).mark(f"tab-{name_of(section)}")
                    tab_groups.append(tabs)
            with (
                ui.tab_panels(value=first)
                .props("vertical animated=false")
                .classes("flex-1 basis-72 min-w-0 bg-transparent")
                .mark("settings-panels") as panels
            ):
                for group, members in groups:
                    for section in members:
                        with ui.tab_panel(name_of(section)).classes("p-0 gap-2"):
                            with ui.column().classes("w-full gap-0 mb-2").mark(f"intro-{group}"):
                                ui.label(t(f"settings.group.{group}")).classes("text-lg font-bold")
                                ui.label(t(f"settings.group.{group}.intro")).classes("text-sm text-gray-600")
                            await section.render(me)
        for tabs in tab_groups:  # one panel shows at a time, whichever group's tab was clicked
            tabs.bind_value(panels, "value")
        # on a phone the chosen section opens below the menu: bring it into sight
        panels.on_value_change(
            lambda: ui.run_javascript(
                f"if (window.innerWidth < 768) getHtmlElement({panels.id}).scrollIntoView({{behavior: 'smooth'}})"
            )
        )
