"""One alert as a card, and the chips that filter the list by kind."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from nicegui import ui

from waybill_ui.carriers.codes import name_of
from waybill_ui.clock import fmt_local
from waybill_ui.services.alerts import center as alert_center
from waybill_ui.ui.alerts.state import AlertSelection
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.tracking_parts import open_notice_dialog


@dataclass(frozen=True)
class CardActions:
    """What a card's controls do; the view owns the list and reloads it."""

    tick: Callable[[int, bool], None]
    acknowledge: Callable[[int], Awaitable[None]]
    resolve: Callable[[int], None]
    notice_logged: Callable[[], Awaitable[None]]


def kind_chips(box: ui.row, counts: dict[str, int], kind: str | None, pick: Callable[[str | None], object]) -> None:
    """ "All kinds" and one chip per kind with open alerts, most first; `kind` is the one chosen."""
    box.clear()
    with box:
        ui.chip(f"{t('alerts.all_kinds')} {sum(counts.values())}", on_click=lambda: pick(None)).props(
            f"clickable color=primary {'' if not kind else 'outline'}"
        ).mark("kind-all")
        for k, n in sorted(counts.items(), key=lambda kv: -kv[1]):
            ui.chip(f"{alert_center.kind_label(k, lang())} {n}", on_click=lambda k=k: pick(k)).props(
                f"clickable color=red {'' if kind == k else 'outline'}"
            ).mark(f"kind-{k}")


def alert_card(a: alert_center.AlertRow, selection: AlertSelection, actions: CardActions) -> None:
    with ui.card().classes("w-full").mark(f"alert-{a.id}"):
        with ui.row().classes("w-full items-center gap-2"):
            _head(a, selection, actions)
        ui.label(alert_center.localized_message(a, lang())).mark(f"alert-message-{a.id}")
        if a.acknowledged_by and a.status == "acknowledged":
            ui.label(t("alerts.by", who=a.acknowledged_by, time=fmt_local(a.acknowledged_at))).classes(
                "text-xs text-gray-500"
            )
        if a.status == "resolved":
            ui.label(f"{t('alerts.by', who=a.resolved_by, time=fmt_local(a.resolved_at))}：{a.note}").classes(
                "text-xs text-gray-500"
            )


def _head(a: alert_center.AlertRow, selection: AlertSelection, actions: CardActions) -> None:
    if a.status != "resolved":
        ui.checkbox(value=selection.has(a.id), on_change=lambda e: actions.tick(a.id, e.value)).props("dense").mark(
            f"alert-pick-{a.id}"
        )
    ui.badge(alert_center.kind_label(a.kind, lang()), color="grey" if a.status == "resolved" else "red").mark(
        f"alert-kind-{a.kind}"
    )
    if a.carrier_code:
        ui.label(name_of(a.carrier_code)).classes("text-gray-600")
    ui.label(fmt_local(a.created_at)).classes("text-xs text-gray-500")
    ui.label(t(f"alerts.status.{a.status}")).classes("text-xs text-gray-500")
    ui.space()
    if a.shipment_id:
        ui.link(t("alerts.open_shipment"), f"/shipments/{a.shipment_id}").mark(f"alert-shipment-{a.id}")
        ui.button(
            t("alerts.notice"), icon="chat", on_click=lambda: open_notice_dialog(a.id, on_logged=actions.notice_logged)
        ).props("dense outline").mark(f"notice-{a.id}")
    if a.status == "open":
        ui.button(t("alerts.acknowledge"), on_click=lambda: actions.acknowledge(a.id)).props("dense flat").mark(
            f"ack-{a.id}"
        )
    if a.status != "resolved":
        ui.button(t("alerts.resolve"), icon="task_alt", on_click=lambda: actions.resolve(a.id)).props("dense").mark(
            f"resolve-{a.id}"
        )
