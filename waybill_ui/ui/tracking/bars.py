"""The two bars above the parcel list: refresh now / print for the ticked parcels and this page,
and ticking this page, every matching parcel, or none."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from nicegui import ui

from waybill_ui.ui.i18n import t


@dataclass(frozen=True)
class BarActions:
    refresh_checked: Callable[[], Awaitable[None]]
    print_checked: Callable[[], Awaitable[None]]
    refresh_page: Callable[[], Awaitable[None]]
    check_page: Callable[[bool], None]
    check_all: Callable[[], Awaitable[None]]
    clear: Callable[[], None]


class ActionBars:
    def __init__(self, actions: BarActions):
        with ui.row().classes("w-full items-center gap-2"):
            self.refresh_checked = (
                ui.button(t("tracking.refresh_selected", count=0), icon="refresh", on_click=actions.refresh_checked)
                .props("outline")
                .mark("refresh-selected")
            )
            ui.button(t("labels.print"), icon="print", on_click=actions.print_checked).props("outline").mark(
                "print-selected"
            )
            ui.button(t("tracking.refresh_page"), icon="refresh", on_click=actions.refresh_page).props("flat").mark(
                "refresh-page"
            )
            self.total = ui.label().classes("text-gray-600").mark("tracking-total")
        with ui.row().classes("w-full items-center gap-2").mark("tracking-selection"):
            self.page_box = (
                ui.checkbox(t("tracking.check_page"), on_change=lambda e: actions.check_page(e.value))
                .props("dense")
                .mark("check-page")
            )
            ui.button(t("tracking.check_all"), on_click=actions.check_all).props("flat dense no-caps").mark("check-all")
            self.picked = ui.label(t("tracking.checked", count=0)).classes("font-bold").mark("tracking-checked")
            ui.button(t("tracking.check_clear"), on_click=actions.clear).props("flat dense no-caps").mark("check-clear")

    def show_checked(self, count: int) -> None:
        self.refresh_checked.text = t("tracking.refresh_selected", count=count)
        self.picked.set_text(t("tracking.checked", count=count))

    def show_total(self, total: int) -> None:
        self.total.text = t("common.page_of", total=total)
