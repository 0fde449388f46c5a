"""One shipment: details, live timeline, refresh now, the phone tail a privacy carrier needs,
its alerts with 告知买家, and the notices given.

The page is put together from small parts in `ui/shipment/`: the typed state (state.py), the
facts card with the phone tail (facts.py) and the head, alerts and notices (cards.py);
`ShipmentView` below only wires them."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from waybill_ui import runtime
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.services.tracking import queries as tq
from waybill_ui.ui.frame import frame
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.live import ids_in, on_news
from waybill_ui.ui.session import actor
from waybill_ui.ui.shipment.cards import alerts_card, head, notices_card
from waybill_ui.ui.shipment.facts import facts_card
from waybill_ui.ui.shipment.state import ShipmentState
from waybill_ui.ui.tracking.refresh import refresh_and_report
from waybill_ui.ui.tracking_parts import timeline
from waybill_ui.ui.work import io_bound


class ShipmentView:
    def __init__(self, state: ShipmentState):
        self.db = runtime.get().db
        self.state = state
        ui.link(f"← {t('tracking.page.back')}", "/tracking").classes("text-sm")
        self.body = ui.column().classes("w-full gap-4").mark("shipment-page")

    async def load(self) -> None:
        state = self.state
        try:
            d = await io_bound(state.load, self.db)
        except ServiceError as exc:
            self.body.clear()
            with self.body:
                ui.label(exc.message(lang())).classes("text-red-600").mark("shipment-missing")
            return
        self.body.clear()
        with self.body:
            head(state.shipment_id, d, self.refresh)
            with ui.row().classes("w-full items-start gap-4 md:flex-nowrap"):
                facts_card(d, state.pushed, self.save_phone)
                with ui.card().classes("grow min-w-0"):
                    ui.label(t("tracking.page.timeline")).classes("font-bold")
                    timeline(d.events)
            if state.open_alerts:
                alerts_card(state.open_alerts, on_logged=self.load)
            if state.notices:
                notices_card(state.notices)

    async def refresh(self) -> None:
        await refresh_and_report([self.state.shipment_id])
        await self.load()

    async def save_phone(self, value: str) -> None:
        try:
            await io_bound(
                tq.set_phone_tail, self.db, shipment_id=self.state.shipment_id, phone=value or "", actor=actor()
            )
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="warning")
            return
        ui.notify(t("tracking.page.phone_saved"), type="positive")
        await self.load()

    async def news(self, payloads: list[Any]) -> None:
        if self.state.shipment_id in ids_in(payloads):
            await self.load()


@ui.page("/shipments/{shipment_id}", title="运单详情 · 快递单号管家")
async def shipment_page(shipment_id: int) -> None:
    with frame("/tracking"):
        view = ShipmentView(ShipmentState(shipment_id=shipment_id))
    on_news("shipments", view.news)
    await view.load()
