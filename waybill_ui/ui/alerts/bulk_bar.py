"""The bar above the alert list: tick this page or every matching alert, and acknowledge or
resolve the ticked ones in one go (services/alerts/center.py: bulk)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from nicegui import ui

from waybill_ui import runtime
from waybill_ui.services.alerts import center as alert_center
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.ui.alerts.state import AlertsState
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.session import actor
from waybill_ui.ui.work import io_bound


@dataclass(frozen=True)
class BarActions:
    select_page: Callable[[bool], None]
    choose_all: Callable[[], None]
    clear: Callable[[], None]
    acknowledge: Callable[[], Awaitable[object]]
    resolve: Callable[[], None]


class BulkBar:
    def __init__(self, state: AlertsState, actions: BarActions):
        self.state = state
        with ui.row().classes("w-full items-center gap-2").mark("alerts-bulk-bar"):
            self.page_box = ui.checkbox(
                t("alerts.bulk.select_page"), on_change=lambda e: actions.select_page(e.value)
            ).mark("alerts-select-page")
            self.select_all = (
                ui.button(on_click=actions.choose_all).props("flat dense no-caps").mark("alerts-select-all")
            )
            self.picked = ui.label().classes("font-bold").mark("alerts-selected")
            ui.button(t("alerts.bulk.clear"), on_click=actions.clear).props("flat dense no-caps")
            ui.space()
            ui.button(t("alerts.bulk.acknowledge"), on_click=actions.acknowledge).props("dense outline no-caps").mark(
                "alerts-bulk-ack"
            )
            ui.button(t("alerts.bulk.resolve"), icon="task_alt", on_click=actions.resolve).props("dense no-caps").mark(
                "alerts-bulk-resolve"
            )

    def show(self) -> None:
        chosen = self.state.selection
        self.picked.set_text(t("alerts.bulk.selected", count=chosen.size))
        self.select_all.set_text(t("alerts.bulk.select_all", count=chosen.total))
        self.select_all.set_visibility(self.state.status != "resolved" and not chosen.everything and chosen.total > 0)


async def apply_bulk(state: AlertsState, action: str, note: str = "") -> bool:
    """Acknowledge or resolve what `state` has ticked; says what happened and whether it did."""
    if not state.selection.size:
        ui.notify(t("alerts.bulk.none"), type="warning")
        return False
    try:
        changed = await io_bound(
            alert_center.bulk,
            runtime.get().db,
            action=action,
            actor=actor(),
            note=note,
            ids=state.selection.ids(),
            status=state.status,
            kind=state.kind,
        )
    except ServiceError as exc:
        ui.notify(exc.message(lang()), type="warning")
        return False
    ui.notify(t(f"alerts.bulk.done_{action}", count=changed), type="positive")
    return True
