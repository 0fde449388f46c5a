"""One shipment: details, live timeline, refresh now, the phone tail a privacy carrier needs,
its alerts with 告知买家, and the notices given."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.carriers.codes import CARRIERS, name_of
from waybill_ui.clock import fmt_local
from waybill_ui.services.alerts import center as alert_center
from waybill_ui.services.alerts import buyer_notices
from waybill_ui.services.tracking import push_store
from waybill_ui.services.tracking import queries as tq
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.ui.frame import frame
from waybill_ui.ui.components.labels import print_labels
from waybill_ui.carriers.geo import place
from waybill_ui.services.tracking.provider_health import friendly_error
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.live import ids_in, on_news
from waybill_ui.ui.tracking.refresh import refresh_and_report
from waybill_ui.ui.session import actor
from waybill_ui.ui.tracking_parts import open_notice_dialog, status_chip, timeline
from typing import Any


def _fact(label: str, value: str, marker: str = "") -> None:
    with ui.row().classes("gap-2 no-wrap"):
        ui.label(label).classes("text-gray-500 w-28 shrink-0")
        element = ui.label(value or "—")
        if marker:
            element.mark(marker)


@ui.page("/shipments/{shipment_id}", title="运单详情 · 快递单号管家")
async def shipment_page(shipment_id: int) -> None:
    db = runtime.get().db
    with frame("/tracking"):
        ui.link(f"← {t('tracking.page.back')}", "/tracking").classes("text-sm")
        body = ui.column().classes("w-full gap-4").mark("shipment-page")

    async def load() -> None:
        try:
            d = await io_bound(tq.detail, db, shipment_id)
        except ServiceError as exc:
            body.clear()
            with body:
                ui.label(exc.message(lang())).classes("text-red-600").mark("shipment-missing")
            return
        open_alerts, _ = await io_bound(alert_center.list_alerts, db, status="open", shipment_id=shipment_id)
        notices, _ = await io_bound(buyer_notices.list_notices, db, shipment_id=shipment_id, size=20)
        pushed = await io_bound(push_store.subscription_of, db, shipment_id)
        body.clear()
        with body:
            with ui.row().classes("w-full items-center gap-3"):
                ui.label(f"{name_of(d.row.carrier_code)} {d.row.number}").classes("text-2xl font-bold font-mono").mark(
                    "shipment-number"
                )
                status_chip(d.row.status)
                ui.space()
                ui.button(t("labels.print"), icon="print", on_click=lambda: print_labels([shipment_id])).props(
                    "outline"
                ).mark("shipment-print")
                ui.button(t("tracking.refresh_now"), icon="refresh", on_click=refresh).mark("shipment-refresh")
                ui.button(
                    t("returns.intercept_title"),
                    icon="pan_tool",  # 售后 page, number filled in
                    on_click=lambda n=d.row.number: ui.navigate.to(f"/aftership?number={n}"),
                ).props("outline").mark("shipment-intercept")
            with ui.row().classes("w-full items-start gap-4 md:flex-nowrap"):
                with ui.card().classes("w-full md:w-[28rem] shrink-0 gap-1"):
                    _fact(t("tracking.page.order"), d.row.order_no, "shipment-order")
                    _fact(t("tracking.col.receiver"), f"{d.row.receiver_name}（{d.buyer_nick}）")
                    _fact(t("tracking.page.address"), place(d.row.province, d.row.city, d.district, d.address))
                    _fact(t("tracking.page.items"), d.items)
                    _fact(t("tracking.col.shipped"), fmt_local(d.row.shipped_at))
                    _fact(t("tracking.page.picked_up"), fmt_local(d.picked_up_at))
                    _fact(t("tracking.page.delivered"), fmt_local(d.delivered_at))
                    ui.label(t("tracking.last_checked", time=fmt_local(d.row.last_checked_at) or "—")).classes(
                        "text-xs text-gray-500"
                    )
                    ui.label(
                        t("tracking.next_check", time=fmt_local(d.row.next_check_at))
                        if d.row.next_check_at
                        else t("tracking.no_next_check")
                    ).classes("text-xs text-gray-500").mark("next-check")
                    if pushed:
                        ui.label(
                            t(
                                "push.shipment",
                                state=t(f"settings.push.state.{pushed.state}"),
                                code=pushed.code or "—",
                                callbacks=pushed.callbacks,
                                when=fmt_local(pushed.last_callback_at) or "—",
                            )
                        ).classes("text-xs text-gray-500").mark("push-subscription")
                    if d.row.last_error:
                        ui.label(t("tracking.last_error", error=friendly_error(d.row.last_error, lang()))).classes(
                            "text-xs text-red-600"
                        ).mark("last-error")
                    with (
                        ui.expansion(t("common.details"))
                        .classes("w-full text-xs text-gray-500")
                        .mark("shipment-tech-details")
                    ):
                        _fact(t("tracking.page.raw_state"), d.raw_state or "—")
                        if d.row.last_error:
                            ui.label(d.row.last_error).classes("font-mono break-all")
                    carrier = CARRIERS.get(d.row.carrier_code)
                    if (carrier and carrier.needs_phone) or d.row.last_error.startswith("phone_required"):
                        with ui.row().classes("items-end"):
                            phone = (
                                ui.input(t("tracking.page.phone_tail"), value=d.phone_tail)
                                .props("outlined dense")
                                .classes("w-64")
                                .mark("phone-tail")
                            )
                            ui.button(t("tracking.page.phone_save"), on_click=lambda: save_phone(phone.value)).props(
                                "dense"
                            ).mark("phone-save")
                with ui.card().classes("grow min-w-0"):
                    ui.label(t("tracking.page.timeline")).classes("font-bold")
                    timeline(d.events)
            if open_alerts:
                with ui.card().classes("w-full").mark("shipment-alerts"):
                    ui.label(t("tracking.page.alerts")).classes("font-bold")
                    for a in open_alerts:
                        with ui.row().classes("w-full items-center gap-2"):
                            ui.badge(alert_center.kind_label(a.kind, lang()), color="red")
                            ui.label(alert_center.localized_message(a, lang())).classes("grow")
                            ui.button(
                                t("alerts.notice"),
                                icon="chat",
                                on_click=lambda a=a: open_notice_dialog(a.id, on_logged=load),
                            ).props("dense outline").mark(f"notice-{a.id}")
            if notices:
                with ui.card().classes("w-full").mark("shipment-notices"):
                    ui.label(t("tracking.page.notices")).classes("font-bold")
                    for n in notices:
                        ui.label(f"{fmt_local(n.created_at)} · {n.created_by}：{n.text}").classes("text-sm")

    async def refresh() -> None:
        await refresh_and_report([shipment_id])
        await load()

    async def save_phone(value: str) -> None:
        try:
            await io_bound(tq.set_phone_tail, db, shipment_id=shipment_id, phone=value or "", actor=actor())
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="warning")
            return
        ui.notify(t("tracking.page.phone_saved"), type="positive")
        await load()

    async def news(payloads: list[Any]) -> None:
        if shipment_id in ids_in(payloads):
            await load()

    on_news("shipments", news)
    await load()
