"""The head of the 运单详情 page (number, status, print, refresh, intercept) and the cards below
the facts: the shipment's open alerts with 告知买家, and the notices already given."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from waybill_ui.carriers.codes import name_of
from waybill_ui.clock import fmt_local
from waybill_ui.services.alerts import buyer_notices
from waybill_ui.services.alerts import center as alert_center
from waybill_ui.services.tracking import queries as tq
from waybill_ui.ui.components.labels import print_labels
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.tracking_parts import open_notice_dialog, status_chip

Reload = Callable[[], Awaitable[None]]


def head(shipment_id: int, d: tq.ShipmentDetail, refresh: Reload) -> None:
    with ui.row().classes("w-full items-center gap-3"):
        ui.label(f"{name_of(d.row.carrier_code)} {d.row.number}").classes("text-2xl font-bold font-mono").mark(
            "shipment-number"
        )
        status_chip(d.row.status)
        ui.space()
        ui.button(t("labels.print"), icon="print", on_click=lambda: print_labels([shipment_id])).props("outline").mark(
            "shipment-print"
        )
        ui.button(t("tracking.refresh_now"), icon="refresh", on_click=refresh).mark("shipment-refresh")
        ui.button(
            t("returns.intercept_title"),
            icon="pan_tool",  # 售后 page, number filled in
            on_click=lambda n=d.row.number: ui.navigate.to(f"/aftership?number={n}"),
        ).props("outline").mark("shipment-intercept")


def alerts_card(open_alerts: list[alert_center.AlertRow], on_logged: Reload) -> None:
    with ui.card().classes("w-full").mark("shipment-alerts"):
        ui.label(t("tracking.page.alerts")).classes("font-bold")
        for a in open_alerts:
            with ui.row().classes("w-full items-center gap-2"):
                ui.badge(alert_center.kind_label(a.kind, lang()), color="red")
                ui.label(alert_center.localized_message(a, lang())).classes("grow")
                ui.button(
                    t("alerts.notice"),
                    icon="chat",
                    on_click=lambda a=a: open_notice_dialog(a.id, on_logged=on_logged),
                ).props("dense outline").mark(f"notice-{a.id}")


def notices_card(notices: list[buyer_notices.NoticeRow]) -> None:
    with ui.card().classes("w-full").mark("shipment-notices"):
        ui.label(t("tracking.page.notices")).classes("font-bold")
        for n in notices:
            ui.label(f"{fmt_local(n.created_at)} · {n.created_by}：{n.text}").classes("text-sm")
