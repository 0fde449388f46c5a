"""售后 (issue 22): after the parcel leaves — freight bills (owner), interceptions and returns,
and the channels alerts are sent to (owner). One page, one tab per part."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.ui.aftership import channels_tab, freight_tab, returns_tab
from waybill_ui.ui.frame import frame
from waybill_ui.ui.i18n import t
from waybill_ui.ui.session import principal


@ui.page("/aftership", title="售后 · 快递单号管家")
async def aftership_page(tab: str = "returns", number: str = "") -> None:
    me = principal()
    with frame("/aftership"):
        ui.label(t("aftership.title")).classes("text-2xl font-bold").mark("aftership-title")
        with ui.tabs().classes("w-full").props("align=left no-caps") as tabs:
            returns = ui.tab("returns", label=t("returns.tab")).mark("tab-returns")
            bills = ui.tab("freight", label=t("freight.title")).mark("tab-freight")
            channels = ui.tab("channels", label=t("channels.tab")).mark("tab-channels")
        with ui.tab_panels(tabs, value=tab if tab in ("returns", "freight", "channels") else "returns").classes(
            "w-full"
        ):
            with ui.tab_panel(returns):
                await returns_tab.build(prefill=number[:40])
            with ui.tab_panel(bills):
                if me and me.is_owner:
                    await freight_tab.build()
                else:
                    ui.label(t("aftership.owner_only")).classes("text-gray-600").mark("freight-owner-only")
            with ui.tab_panel(channels):
                if me and me.is_owner:
                    await channels_tab.build()
                else:
                    ui.label(t("aftership.owner_only")).classes("text-gray-600").mark("channels-owner-only")
