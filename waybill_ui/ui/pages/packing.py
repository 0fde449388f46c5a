"""打包发货: where a shop's packing table starts — the scan station, the courier handover, the
parcels still waiting for a courier at the end of a day (paged on the server), past handovers
and the barcode map. The rules live in services/packing/."""

from __future__ import annotations

from datetime import date

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.carriers.codes import name_of
from waybill_ui.clock import SHANGHAI, fmt_local, utcnow
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.services.packing import handover_lists
from waybill_ui.ui.frame import frame
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.packing.barcode_section import barcode_section
from waybill_ui.ui.packing.pager import Pager


@ui.page("/packing", title="打包发货 · 快递单号管家")
async def packing_page() -> None:
    db = runtime.get().db
    with frame("/packing"):
        ui.label(t("packing.title")).classes("text-2xl font-bold").mark("packing-title")
        with ui.row().classes("gap-2"):
            ui.button(
                t("packing.open_station"), icon="qr_code_scanner", on_click=lambda: ui.navigate.to("/packing/scan")
            ).props("no-caps").mark("packing-station")
            ui.button(
                t("packing.open_handover"), icon="local_shipping", on_click=lambda: ui.navigate.to("/packing/handover")
            ).props("no-caps outline").mark("packing-handover")

        with ui.card().classes("w-full").mark("left-over"):
            ui.label(t("packing.left.title")).classes("text-lg font-bold")
            ui.label(t("packing.left.intro")).classes("text-sm text-gray-600")
            today = utcnow().astimezone(SHANGHAI).date().isoformat()
            with ui.row().classes("items-end gap-2"):
                day = ui.input(t("packing.left.day"), value=today).props("outlined dense type=date").mark("left-day")
                carrier = (
                    ui.input(t("packing.left.carrier"))
                    .props("outlined dense clearable")
                    .classes("w-40")
                    .mark("left-carrier")
                )

            async def load_left(offset: int, limit: int):
                try:
                    chosen = date.fromisoformat(day.value) if day.value else None
                    return await io_bound(
                        handover_lists.left_over,
                        db,
                        day=chosen,
                        carrier=(carrier.value or "").strip() or None,
                        offset=offset,
                        limit=limit,
                    )
                except (ValueError, ServiceError) as exc:
                    ui.notify(
                        exc.message(lang()) if isinstance(exc, ServiceError) else t("packing.left.bad_day"),
                        type="warning",
                    )
                    return None

            def draw_left(rows: list[handover_lists.LeftParcel]) -> None:
                if not rows:
                    ui.label(t("packing.left.none")).classes("text-green-700").mark("left-none")
                for r in rows:
                    with ui.row().classes("w-full gap-3 border-b py-1 text-sm").mark(f"left-{r.number}"):
                        ui.label(name_of(r.carrier)).classes("w-20")
                        ui.link(r.number, f"/orders?q={r.number}").classes("font-mono w-40")
                        ui.label(r.order_no).classes("font-mono w-44 gt-xs")
                        ui.label(fmt_local(r.shipped_at)).classes("w-32")
                        ui.label(t("packing.left.packed" if r.packed else "packing.left.not_packed")).classes(
                            "text-gray-600"
                        )

            left = Pager(load=load_left, draw=draw_left, size=20, mark="left")
            day.on_value_change(lambda: left.go(1))
            carrier.on("keydown.enter", lambda: left.go(1))
            carrier.on("clear", lambda: left.go(1))
            await left.go(1)

        with ui.card().classes("w-full").mark("handover-history"):
            ui.label(t("packing.history.title")).classes("text-lg font-bold")

            async def load_history(offset: int, limit: int):
                return await io_bound(handover_lists.recent, db, offset=offset, limit=limit)

            def draw_history(rows: list[handover_lists.HandoverRow]) -> None:
                if not rows:
                    ui.label(t("packing.history.none")).classes("text-gray-500")
                for r in rows:
                    with ui.row().classes("w-full items-center gap-3 border-b py-1 text-sm").mark(f"handover-{r.id}"):
                        ui.label(f"HO{r.id}").classes("font-mono w-16")
                        ui.label(name_of(r.carrier)).classes("w-20")
                        ui.label(t("packing.history.count", count=r.count)).classes("w-16")
                        ui.label(fmt_local(r.created_at)).classes("w-32")
                        ui.label(r.created_by).classes("gt-xs")
                        ui.link(t("packing.history.sheet"), f"/api/v1/packing/handovers/{r.id}.pdf", new_tab=True)

            await Pager(load=load_history, draw=draw_history, size=10, mark="history").go(1)

        with ui.card().classes("w-full").mark("barcodes"):
            await barcode_section()
