"""The 物流跟踪 list's rows, updated in place: news about parcels changes a row's chip, text and
badges without rebuilding the list, so a click, a ticked box or the scroll position survives."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui

from waybill_ui.carriers.codes import name_of
from waybill_ui.carriers.geo import place
from waybill_ui.clock import fmt_local
from waybill_ui.services.alerts import center as alert_center
from waybill_ui.services.tracking import queries as tq
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.tracking_parts import printed_label, status_chip
from typing import Any

SELECTED = "ring-2 ring-orange-300"


class ShipmentLine:
    def __init__(
        self,
        r: tq.ShipmentRow,
        *,
        checked: bool,
        on_check: Callable[[int, bool], None],
        on_select: Callable[[int], object],
    ) -> None:
        self.id = r.id
        with (
            ui.row()
            .classes("w-full items-center gap-2 bg-white rounded p-2 cursor-pointer no-wrap")
            .mark(f"shipment-row-{r.id}") as self.line
        ):
            self.box = (
                ui.checkbox(value=checked, on_change=lambda e: on_check(r.id, e.value))
                .mark(f"check-{r.id}")
                .on("click.stop", lambda: None)
            )
            self.chip_box = ui.row().classes("gap-1 no-wrap")
            with ui.column().classes("gap-0 min-w-0 grow overflow-hidden"):
                with ui.row().classes("gap-x-2 gap-y-0 items-center"):
                    ui.label(f"{name_of(r.carrier_code)} {r.number}").classes("font-mono font-bold")
                    ui.label(f"{r.receiver_name} · {place(r.province, r.city)}").classes("text-gray-600")
                    self.badges = ui.row().classes("gap-1")
                self.last_text = ui.label().classes("text-sm text-gray-600 truncate w-full")
            self.printed_box = ui.row().classes("gt-xs")
            self.when = ui.label().classes("text-xs text-gray-500 gt-xs")
            ui.link(t("tracking.details"), f"/shipments/{r.id}").classes("text-sm").mark(f"open-{r.id}")
        self.line.on("click", lambda: on_select(r.id))
        self.shown: tuple[Any, ...] | None = None
        self.update(r)

    def update(self, r: tq.ShipmentRow) -> None:
        look = (r.status, tuple(r.alert_kinds), r.last_text, r.printed_count, r.last_event_at or r.shipped_at)
        if look == self.shown:
            return
        self.shown = look
        self.chip_box.clear()
        with self.chip_box:
            status_chip(r.status)
        self.badges.clear()
        with self.badges:
            for kind in r.alert_kinds:
                ui.badge(alert_center.kind_label(kind, lang()), color="red").mark(f"row-alert-{kind}")
        self.last_text.set_text(r.last_text or t("tracking.no_events"))
        self.printed_box.clear()
        with self.printed_box:
            printed_label(r.printed_count).mark(f"printed-{r.id}")
        self.when.set_text(fmt_local(r.last_event_at or r.shipped_at))

    def set_checked(self, value: bool) -> None:
        if self.box.value != value:
            self.box.set_value(value)

    def set_selected(self, value: bool) -> None:
        if value:
            self.line.classes(add=SELECTED)
        else:
            self.line.classes(remove=SELECTED)
