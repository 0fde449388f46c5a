"""One number's page (单号详情): its pool record, the shipments that used it, why it is known as a
duplicate, and its history (ui/pages/pool_audit.py builds it)."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.carriers import codes
from waybill_ui.clock import fmt_local
from waybill_ui.services.pool import export as pool_export
from waybill_ui.services.pool import numbers as pool_numbers
from waybill_ui.ui.i18n import fen, lang, t
from waybill_ui.ui.pool.common import action_label, status_label


def facts_card(d: pool_numbers.NumberDetail) -> None:
    r = d.row
    if not r:
        return
    with ui.card().classes("w-full").mark("number-facts"):
        ui.label(
            t(
                "poolui.number.facts",
                carrier=codes.name_of(d.carrier),
                status=status_label(r["status"]),
                origin=t(f"pool.origin.{r['origin']}"),
            )
        ).classes("text-lg")
        if r["expires_at"]:
            ui.label(t("poolui.number.expires", date=fmt_local(r["expires_at"])))
        ui.label(t("poolui.number.added", date=fmt_local(r["created_at"])))
        if r["cost_fen"]:
            ui.label(t("poolui.number.cost", amount=fen(r["cost_fen"])))
        if r["recycled_at"]:
            ui.label(t("poolui.number.recycled", date=fmt_local(r["recycled_at"])))


def shipments_card(d: pool_numbers.NumberDetail) -> None:
    if not d.shipments:
        return
    with ui.card().classes("w-full").mark("number-shipments"):
        ui.label(t("poolui.number.shipments")).classes("font-bold")
        for s in d.shipments:
            text = t(
                "poolui.number.shipment", order_no=s["order_no"], date=fmt_local(s["shipped_at"]), status=s["status"]
            )
            if s["cancelled_at"]:
                reason = s["cancel_reason"] or "—"
                text += t("poolui.number.cancelled", date=fmt_local(s["cancelled_at"]), reason=reason)
            ui.label(text)


def known_card(d: pool_numbers.NumberDetail) -> None:
    if not d.known:
        return
    with ui.card().classes("w-full").mark("number-known"):
        ui.label(t("poolui.number.known")).classes("font-bold")
        for k in d.known:
            ui.label(k.reason(lang()))


def history_card(d: pool_numbers.NumberDetail) -> None:
    with ui.card().classes("w-full").mark("number-history"):
        ui.label(t("poolui.number.history")).classes("font-bold")
        if not d.history:
            ui.label(t("poolui.number.no_history")).classes("text-gray-500")
        with ui.timeline(side="right").classes("w-full"):
            for h in d.history:
                change = f"{status_label(h['from_status']) or '—'} → {status_label(h['to_status'])}"
                ui.timeline_entry(
                    f"{change} · {pool_export.reason_text(h['reason'], lang())}",
                    title=action_label(h["action"]),
                    subtitle=f"{fmt_local(h['at'], '%Y-%m-%d %H:%M:%S')} · {h['actor']}",
                ).mark("history-entry")


def number_detail(d: pool_numbers.NumberDetail) -> None:
    ui.label(t("poolui.number.title", number=d.number)).classes("text-2xl font-bold font-mono").mark("number-title")
    facts_card(d)
    shipments_card(d)
    known_card(d)
    history_card(d)
