"""The facts card of one shipment: order, receiver, address, items, times, when it is checked
next, its push subscription, the last error (and the raw details behind it), and the phone tail
a privacy carrier needs before it answers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from waybill_ui.carriers.codes import CARRIERS
from waybill_ui.carriers.geo import place
from waybill_ui.clock import fmt_local
from waybill_ui.services.tracking import push_store
from waybill_ui.services.tracking import queries as tq
from waybill_ui.services.tracking.provider_health import friendly_error
from waybill_ui.ui.i18n import lang, t

SavePhone = Callable[[str], Awaitable[None]]


def fact(label: str, value: str, marker: str = "") -> None:
    with ui.row().classes("gap-2 no-wrap"):
        ui.label(label).classes("text-gray-500 w-28 shrink-0")
        element = ui.label(value or "—")
        if marker:
            element.mark(marker)


def facts_card(d: tq.ShipmentDetail, pushed: push_store.SubscriptionView | None, save_phone: SavePhone) -> None:
    with ui.card().classes("w-full md:w-[28rem] shrink-0 gap-1"):
        fact(t("tracking.page.order"), d.row.order_no, "shipment-order")
        fact(t("tracking.col.receiver"), f"{d.row.receiver_name}（{d.buyer_nick}）")
        fact(t("tracking.page.address"), place(d.row.province, d.row.city, d.district, d.address))
        fact(t("tracking.page.items"), d.items)
        fact(t("tracking.col.shipped"), fmt_local(d.row.shipped_at))
        fact(t("tracking.page.picked_up"), fmt_local(d.picked_up_at))
        fact(t("tracking.page.delivered"), fmt_local(d.delivered_at))
        _checks(d, pushed)
        _errors(d)
        carrier = CARRIERS.get(d.row.carrier_code)
        if (carrier and carrier.needs_phone) or d.row.last_error.startswith("phone_required"):
            _phone_tail(d, save_phone)


def _checks(d: tq.ShipmentDetail, pushed: push_store.SubscriptionView | None) -> None:
    ui.label(t("tracking.last_checked", time=fmt_local(d.row.last_checked_at) or "—")).classes("text-xs text-gray-500")
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


def _errors(d: tq.ShipmentDetail) -> None:
    if d.row.last_error:
        ui.label(t("tracking.last_error", error=friendly_error(d.row.last_error, lang()))).classes(
            "text-xs text-red-600"
        ).mark("last-error")
    with ui.expansion(t("common.details")).classes("w-full text-xs text-gray-500").mark("shipment-tech-details"):
        fact(t("tracking.page.raw_state"), d.raw_state or "—")
        if d.row.last_error:
            ui.label(d.row.last_error).classes("font-mono break-all")


def _phone_tail(d: tq.ShipmentDetail, save_phone: SavePhone) -> None:
    with ui.row().classes("items-end"):
        phone = (
            ui.input(t("tracking.page.phone_tail"), value=d.phone_tail)
            .props("outlined dense")
            .classes("w-64")
            .mark("phone-tail")
        )
        ui.button(t("tracking.page.phone_save"), on_click=lambda: save_phone(phone.value)).props("dense").mark(
            "phone-save"
        )
