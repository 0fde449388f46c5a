"""The two "resolve with a note" dialogs: for one alert, and for the ticked ones."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from waybill_ui import runtime
from waybill_ui.services.alerts import center as alert_center
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.session import actor
from waybill_ui.ui.work import io_bound


def _note_box(marker: str) -> ui.textarea:
    return ui.textarea(t("alerts.note")).props("outlined autogrow maxlength=500").classes("w-full").mark(marker)


def open_resolve_dialog(alert_id: int, on_done: Callable[[], Awaitable[None]]) -> None:
    db = runtime.get().db
    with ui.dialog() as dialog, ui.card().classes("w-[28rem] max-w-full").mark("resolve-dialog"):
        ui.label(t("alerts.resolve_title")).classes("font-bold")
        note = _note_box("resolve-note")

        async def apply() -> None:
            try:
                await io_bound(alert_center.resolve, db, alert_id=alert_id, note=note.value or "", actor=actor())
            except ServiceError as exc:
                ui.notify(exc.message(lang()), type="warning")
                return
            dialog.close()
            ui.notify(t("alerts.resolved"), type="positive")
            await on_done()

        with ui.row():
            ui.button(t("common.confirm"), on_click=apply).mark("resolve-confirm")
            ui.button(t("common.cancel"), on_click=dialog.close).props("flat")
    dialog.open()


def open_bulk_resolve_dialog(count: int, resolve: Callable[[str], Awaitable[bool]]) -> None:
    """`resolve(note)` resolves the `count` ticked alerts and says whether it did."""
    with ui.dialog() as dialog, ui.card().classes("w-[28rem] max-w-full").mark("bulk-resolve-dialog"):
        ui.label(t("alerts.bulk.resolve_title", count=count)).classes("font-bold")
        note = _note_box("bulk-resolve-note")

        async def apply() -> None:
            if await resolve(note.value or ""):
                dialog.close()

        with ui.row():
            ui.button(t("common.confirm"), on_click=apply).mark("bulk-resolve-confirm")
            ui.button(t("common.cancel"), on_click=dialog.close).props("flat")
    dialog.open()
