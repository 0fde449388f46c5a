"""The panel beside the list: the chosen parcel's number, status, last check and timeline, with
"refresh now" for it."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui

from waybill_ui import runtime
from waybill_ui.carriers.codes import name_of
from waybill_ui.clock import fmt_local
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.services.tracking import queries as tq
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.tracking_parts import status_chip, timeline
from waybill_ui.ui.work import io_bound


class TimelinePanel:
    def __init__(self, *, refresh: Callable[[list[int]], object]):
        """`refresh(ids)`: refresh now, then show the list and this panel again."""
        self.refresh = refresh
        with ui.card().classes("w-full md:w-[26rem] shrink-0").mark("timeline-panel"):
            self.body = ui.column().classes("w-full")
            with self.body:
                ui.label(t("tracking.select_hint")).classes("text-gray-500")

    async def show(self, shipment_id: int | None) -> None:
        if shipment_id is None:
            return
        try:
            d = await io_bound(tq.detail, runtime.get().db, shipment_id)
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="warning")
            return
        self.body.clear()
        with self.body:
            self._head(d, shipment_id)
            timeline(d.events)

    def _head(self, d: tq.ShipmentDetail, shipment_id: int) -> None:
        with ui.row().classes("w-full items-center"):
            ui.label(f"{name_of(d.row.carrier_code)} {d.row.number}").classes("font-bold font-mono").mark(
                "panel-number"
            )
            ui.space()
            status_chip(d.row.status)
        ui.label(t("tracking.last_checked", time=fmt_local(d.row.last_checked_at) or "—")).classes(
            "text-xs text-gray-500"
        )
        if d.row.last_error:
            ui.label(t("tracking.last_error", error=d.row.last_error)).classes("text-xs text-red-600")
        with ui.row():
            ui.button(t("tracking.refresh_now"), icon="refresh", on_click=lambda: self.refresh([shipment_id])).props(
                "dense outline"
            ).mark("panel-refresh")
            ui.link(t("tracking.details"), f"/shipments/{shipment_id}")
