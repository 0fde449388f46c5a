"""Pieces the tracking, shipment and alert pages share: status chips, the print count, the timeline, the
"track any number" box and the buyer-notice dialog."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui.runtime import providers_of
from waybill_ui import runtime
from waybill_ui.carriers import formats
from waybill_ui.carriers.codes import CARRIERS, name_of
from waybill_ui.carriers.protocol import ProviderError
from waybill_ui.clock import fmt_local
from waybill_ui.services.alerts import buyer_notices
from waybill_ui.services.tracking import refresh as tracking
from waybill_ui.services.tracking import queries as tq
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.session import actor

# status -> (Quasar colour, Material icon)
LOOK: dict[str, tuple[str, str]] = {
    "pending": ("grey-7", "schedule"),
    "picked_up": ("blue-grey", "inventory"),
    "in_transit": ("blue", "local_shipping"),
    "out_for_delivery": ("orange", "delivery_dining"),
    "available_for_pickup": ("purple", "storefront"),
    "delivered": ("positive", "check_circle"),
    "failed_attempt": ("amber-9", "report"),
    "exception": ("negative", "error"),
    "returning": ("deep-orange", "undo"),
    "returned": ("brown", "assignment_return"),
    "refused": ("red-9", "block"),
    "cancelled": ("grey", "cancel"),
    "expired": ("grey-6", "hourglass_disabled"),
}


def status_label(status: str) -> str:
    return t(f"tracking.status.{status}")


def status_chip(status: str) -> ui.chip:
    color, icon = LOOK.get(status, ("grey", "help"))
    return (
        ui.chip(status_label(status), icon=icon, color=color, text_color="white")
        .props("dense square")
        .mark(f"status-{status}")
    )


def printed_label(printed_count: int) -> ui.label:
    """How many times the parcel's label was printed; 未打印 (in orange) when never."""
    if printed_count:
        return ui.label(t("tracking.printed", count=printed_count)).classes("text-xs text-gray-500 whitespace-nowrap")
    return ui.label(t("tracking.not_printed")).classes("text-xs text-orange-600 whitespace-nowrap")


def timeline(events, *, newest_first: bool = True) -> None:
    """`events` oldest first (EventRow or TrackEvent); shown newest on top like a carrier's page."""
    if not events:
        ui.label(t("tracking.no_events")).classes("text-gray-500").mark("timeline-empty")
        return
    items = list(reversed(events)) if newest_first else list(events)
    with ui.timeline(side="right", layout="dense").classes("w-full").mark("timeline"):
        for i, e in enumerate(items):
            color, icon = LOOK.get(str(e.status), ("grey", "circle"))
            title = f"{status_label(str(e.status))} · {e.location}" if e.location else status_label(str(e.status))
            ui.timeline_entry(
                e.text,
                title=title,
                subtitle=fmt_local(e.time, "%Y-%m-%d %H:%M:%S"),
                icon=icon,
                color=color if i == 0 else "grey-5",
            ).mark("timeline-entry")


def any_number_box() -> None:
    """Type or scan any number: carriers suggested from its format, then asked directly."""
    rt = runtime.get()
    with ui.card().classes("w-full").mark("any-number"):
        ui.label(t("tracking.any.title")).classes("font-bold")
        with ui.row().classes("w-full items-end gap-2"):
            number = (
                ui.input(t("tracking.any.number"))
                .props("outlined dense clearable")
                .classes("w-72 max-w-full")
                .mark("any-number-input")
            )
            carrier = (
                ui.select({c: f"{v.name}（{c}）" for c, v in CARRIERS.items()}, label=t("tracking.any.carrier"))
                .props("outlined dense")
                .classes("w-48")
                .mark("any-number-carrier")
            )
            phone = ui.input(t("tracking.any.phone")).props("outlined dense").classes("w-48").mark("any-number-phone")
            go = ui.button(t("tracking.any.query"), icon="search").mark("any-number-query")
        hint = ui.row().classes("items-center gap-1").mark("any-number-suggestions")
        answer = ui.column().classes("w-full")

        def suggest() -> None:
            hint.clear()
            found = formats.suggest_carriers(number.value or "")
            with hint:
                if not (number.value or "").strip():
                    return
                if not found:
                    ui.label(t("tracking.any.unknown")).classes("text-gray-500")
                    return
                ui.label(t("tracking.any.suggested")).classes("text-gray-600")
                for code in found:
                    ui.chip(name_of(code), on_click=lambda c=code: carrier.set_value(c)).props("dense clickable").mark(
                        f"suggest-{code}"
                    )
            if carrier.value not in found:
                carrier.value = found[0]
            phone.set_visibility(CARRIERS[carrier.value].needs_phone if carrier.value else False)

        number.on_value_change(suggest)
        carrier.on_value_change(
            lambda: phone.set_visibility(bool(carrier.value and CARRIERS[carrier.value].needs_phone))
        )
        phone.set_visibility(False)

        async def query() -> None:
            answer.clear()
            cleaned = formats.clean(number.value or "")
            if not cleaned or not carrier.value:
                ui.notify(t("tracking.no_number" if not cleaned else "tracking.bad_carrier"), type="warning")
                return
            go.props("loading")
            try:
                result = await tracking.track_any(
                    providers_of(rt).tracking, carrier=carrier.value, number=cleaned, phone=phone.value or ""
                )
            except ProviderError as exc:
                key = "tracking.phone_required" if exc.code == "phone_required" else "tracking.provider_failed"
                ui.notify(t(key, carrier=name_of(carrier.value), error=str(exc)), type="warning")
                return
            finally:
                go.props(remove="loading")
            ours = await io_bound(tq.find_by_number, rt.db, cleaned)
            with answer:
                if ours:
                    with ui.row().classes("items-center"):
                        ui.label(t("tracking.any.is_ours"))
                        ui.link(cleaned, f"/shipments/{ours}").mark("any-number-ours")
                if result.status:
                    status_chip(str(result.status))
                    timeline(result.events)
                else:
                    ui.label(t("tracking.any.no_result")).classes("text-gray-500").mark("any-number-none")

        go.on_click(query)
        number.on("keydown.enter", query)


async def open_notice_dialog(alert_id: int, on_logged=None) -> None:
    """The buyer message for an alert, editable, copied to the clipboard and logged in one click."""
    db = runtime.get().db
    try:
        text = await io_bound(buyer_notices.draft, db, alert_id=alert_id)
    except ServiceError as exc:
        ui.notify(exc.message(lang()), type="warning")
        return
    with ui.dialog() as dialog, ui.card().classes("w-[36rem] max-w-full").mark("notice-dialog"):
        ui.label(t("alerts.notice_title")).classes("font-bold")
        area = ui.textarea(value=text).props("outlined autogrow").classes("w-full").mark("notice-text")

        async def copy() -> None:
            ui.clipboard.write(area.value or "")
            try:
                await io_bound(buyer_notices.log_notice, db, alert_id=alert_id, text=area.value or "", actor=actor())
            except ServiceError as exc:
                ui.notify(exc.message(lang()), type="warning")
                return
            ui.notify(t("alerts.notice_copied"), type="positive")
            dialog.close()
            if on_logged:
                await on_logged()

        with ui.row():
            ui.button(t("alerts.notice_copy"), icon="content_copy", on_click=copy).mark("notice-copy")
            ui.button(t("common.cancel"), on_click=dialog.close).props("flat")
    dialog.open()
