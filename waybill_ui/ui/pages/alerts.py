"""预警 center: every open alert of every kind (tracking, stock, expiry, purchases), acknowledge,
resolve with a note, 告知买家 for parcel alerts, and the log of notices given. Live."""

from __future__ import annotations

from nicegui import ui

from typing import Any
from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.carriers.codes import name_of
from waybill_ui.clock import fmt_local
from waybill_ui.services.alerts import center as alert_center
from waybill_ui.services.alerts import buyer_notices
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.ui.frame import frame
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.live import on_news
from waybill_ui.ui.session import actor
from waybill_ui.ui.tracking_parts import open_notice_dialog

PAGE_SIZE = 20


@ui.page("/alerts", title="预警 · 快递单号管家")
async def alerts_page(status: str = "open", kind: str = "") -> None:
    db = runtime.get().db
    state: dict[str, Any] = {
        "status": status if status in alert_center.STATUS_FILTERS else "open",
        "kind": kind or None,
        "page": 1,
        "log_page": 1,
        "selected": set(),
        "all": False,
        "total": 0,
        "shown": [],
    }
    with frame("/alerts"):
        ui.label(t("alerts.title")).classes("text-2xl font-bold")
        ui.label(t("alerts.intro")).classes("text-gray-600")
        kind_chips = ui.row().classes("w-full gap-1").mark("kind-chips")
        status_toggle = (
            ui.toggle(
                {s: t(f"alerts.status.{s}") for s in alert_center.STATUS_FILTERS},
                value=state["status"],
                on_change=lambda e: pick(status=e.value),
            )
            .props("no-caps")
            .mark("status-toggle")
        )
        total_label = ui.label().classes("text-gray-600").mark("alerts-total")
        with ui.row().classes("w-full items-center gap-2").mark("alerts-bulk-bar"):
            page_box = ui.checkbox(t("alerts.bulk.select_page"), on_change=lambda e: select_page(e.value)).mark(
                "alerts-select-page"
            )
            select_all = ui.button(on_click=lambda: choose_all()).props("flat dense no-caps").mark("alerts-select-all")
            picked = ui.label().classes("font-bold").mark("alerts-selected")
            ui.button(t("alerts.bulk.clear"), on_click=lambda: clear_selection()).props("flat dense no-caps")
            ui.space()
            ui.button(t("alerts.bulk.acknowledge"), on_click=lambda: bulk("acknowledge")).props(
                "dense outline no-caps"
            ).mark("alerts-bulk-ack")
            ui.button(t("alerts.bulk.resolve"), icon="task_alt", on_click=lambda: bulk_resolve_dialog()).props(
                "dense no-caps"
            ).mark("alerts-bulk-resolve")
        listing = ui.column().classes("w-full gap-2").mark("alert-list")
        pager = ui.pagination(1, 1, direction_links=True, on_change=lambda e: go_to(e.value)).mark("alerts-pager")
        with ui.expansion(t("alerts.notice_log"), icon="history").classes("w-full bg-white").mark("notice-log"):
            log_list = ui.column().classes("w-full gap-1")
            log_pager = ui.pagination(1, 1, direction_links=True, on_change=lambda e: log_go(e.value))

    async def reload() -> None:
        try:
            rows, total = await io_bound(
                alert_center.list_alerts,
                db,
                status=state["status"],
                kind=state["kind"],
                page=state["page"],
                size=PAGE_SIZE,
            )
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="warning")
            return
        counts = await io_bound(alert_center.open_counts, db)
        render_kinds(counts)
        total_label.text = t("common.page_of", total=total)
        state["total"], state["shown"] = total, [a.id for a in rows]
        show_selection()
        pager.max = max(1, -(-total // PAGE_SIZE))
        listing.clear()
        with listing:
            if not rows:
                ui.label(t("alerts.empty")).classes("text-gray-500 p-4").mark("alerts-empty")
            for a in rows:
                render_alert(a)
        await reload_log()

    def render_kinds(counts: dict[str, int]) -> None:
        kind_chips.clear()
        with kind_chips:
            ui.chip(f"{t('alerts.all_kinds')} {sum(counts.values())}", on_click=lambda: pick(kind=None)).props(
                f"clickable color=primary {'' if not state['kind'] else 'outline'}"
            ).mark("kind-all")
            for k, n in sorted(counts.items(), key=lambda kv: -kv[1]):
                ui.chip(f"{alert_center.kind_label(k, lang())} {n}", on_click=lambda k=k: pick(kind=k)).props(
                    f"clickable color=red {'' if state['kind'] == k else 'outline'}"
                ).mark(f"kind-{k}")

    def render_alert(a: alert_center.AlertRow) -> None:
        with ui.card().classes("w-full").mark(f"alert-{a.id}"):
            with ui.row().classes("w-full items-center gap-2"):
                if a.status != "resolved":
                    ui.checkbox(
                        value=state["all"] or a.id in state["selected"], on_change=lambda e, a=a: tick(a.id, e.value)
                    ).props("dense").mark(f"alert-pick-{a.id}")
                ui.badge(
                    alert_center.kind_label(a.kind, lang()), color="grey" if a.status == "resolved" else "red"
                ).mark(f"alert-kind-{a.kind}")
                if a.carrier_code:
                    ui.label(name_of(a.carrier_code)).classes("text-gray-600")
                ui.label(fmt_local(a.created_at)).classes("text-xs text-gray-500")
                ui.label(t(f"alerts.status.{a.status}")).classes("text-xs text-gray-500")
                ui.space()
                if a.shipment_id:
                    ui.link(t("alerts.open_shipment"), f"/shipments/{a.shipment_id}").mark(f"alert-shipment-{a.id}")
                    ui.button(
                        t("alerts.notice"),
                        icon="chat",
                        on_click=lambda a=a: open_notice_dialog(a.id, on_logged=reload_log),
                    ).props("dense outline").mark(f"notice-{a.id}")
                if a.status == "open":
                    ui.button(t("alerts.acknowledge"), on_click=lambda a=a: acknowledge(a.id)).props("dense flat").mark(
                        f"ack-{a.id}"
                    )
                if a.status != "resolved":
                    ui.button(t("alerts.resolve"), icon="task_alt", on_click=lambda a=a: resolve_dialog(a.id)).props(
                        "dense"
                    ).mark(f"resolve-{a.id}")
            ui.label(alert_center.localized_message(a, lang())).mark(f"alert-message-{a.id}")
            if a.acknowledged_by and a.status == "acknowledged":
                ui.label(t("alerts.by", who=a.acknowledged_by, time=fmt_local(a.acknowledged_at))).classes(
                    "text-xs text-gray-500"
                )
            if a.status == "resolved":
                ui.label(f"{t('alerts.by', who=a.resolved_by, time=fmt_local(a.resolved_at))}：{a.note}").classes(
                    "text-xs text-gray-500"
                )

    async def reload_log() -> None:
        rows, total = await io_bound(buyer_notices.list_notices, db, page=state["log_page"], size=PAGE_SIZE)
        log_pager.max = max(1, -(-total // PAGE_SIZE))
        log_list.clear()
        with log_list:
            if not rows:
                ui.label(t("alerts.notice_log_empty")).classes("text-gray-500")
            for n in rows:
                ui.label(f"{fmt_local(n.created_at)} · {n.created_by} · {n.order_no}：{n.text}").classes(
                    "text-sm"
                ).mark("notice-log-row")

    async def acknowledge(alert_id: int) -> None:
        try:
            await io_bound(alert_center.acknowledge, db, alert_id=alert_id, actor=actor())
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="warning")
        else:
            ui.notify(t("alerts.acknowledged"))
        await reload()

    def resolve_dialog(alert_id: int) -> None:
        with ui.dialog() as dialog, ui.card().classes("w-[28rem] max-w-full").mark("resolve-dialog"):
            ui.label(t("alerts.resolve_title")).classes("font-bold")
            note = (
                ui.textarea(t("alerts.note"))
                .props("outlined autogrow maxlength=500")
                .classes("w-full")
                .mark("resolve-note")
            )

            async def apply() -> None:
                try:
                    await io_bound(alert_center.resolve, db, alert_id=alert_id, note=note.value or "", actor=actor())
                except ServiceError as exc:
                    ui.notify(exc.message(lang()), type="warning")
                    return
                dialog.close()
                ui.notify(t("alerts.resolved"), type="positive")
                await reload()

            with ui.row():
                ui.button(t("common.confirm"), on_click=apply).mark("resolve-confirm")
                ui.button(t("common.cancel"), on_click=dialog.close).props("flat")
        dialog.open()

    def tick(alert_id: int, value: bool) -> None:
        if state["all"] and not value:  # leaving "all" mode: keep what is ticked on this page
            state["all"] = False
            state["selected"] = set(state["shown"])
        (state["selected"].add if value else state["selected"].discard)(alert_id)
        show_selection()

    def select_page(value: bool) -> None:
        if value:
            state["selected"] |= set(state["shown"])
            listing_checks(True)
        show_selection()

    def listing_checks(value: bool) -> None:
        for box in listing.descendants():
            if isinstance(box, ui.checkbox) and box.value != value:
                box.value = value

    def choose_all() -> None:
        state["all"], state["selected"] = True, set()
        listing_checks(True)
        show_selection()

    def clear_selection() -> None:
        state["all"], state["selected"] = False, set()
        listing_checks(False)
        page_box.value = False
        show_selection()

    def selection_size() -> int:
        return state["total"] if state["all"] else len(state["selected"])

    def show_selection() -> None:
        picked.set_text(t("alerts.bulk.selected", count=selection_size()))
        select_all.set_text(t("alerts.bulk.select_all", count=state["total"]))
        select_all.set_visibility(state["status"] != "resolved" and not state["all"] and state["total"] > 0)

    async def bulk(action: str, note: str = "") -> bool:
        if not selection_size():
            ui.notify(t("alerts.bulk.none"), type="warning")
            return False
        ids = None if state["all"] else sorted(state["selected"])
        try:
            changed = await io_bound(
                alert_center.bulk,
                db,
                action=action,
                actor=actor(),
                note=note,
                ids=ids,
                status=state["status"],
                kind=state["kind"],
            )
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="warning")
            return False
        ui.notify(t(f"alerts.bulk.done_{action}", count=changed), type="positive")
        clear_selection()
        await reload()
        return True

    def bulk_resolve_dialog() -> None:
        if not selection_size():
            ui.notify(t("alerts.bulk.none"), type="warning")
            return
        with ui.dialog() as dialog, ui.card().classes("w-[28rem] max-w-full").mark("bulk-resolve-dialog"):
            ui.label(t("alerts.bulk.resolve_title", count=selection_size())).classes("font-bold")
            note = (
                ui.textarea(t("alerts.note"))
                .props("outlined autogrow maxlength=500")
                .classes("w-full")
                .mark("bulk-resolve-note")
            )

            async def apply() -> None:
                if await bulk("resolve", note.value or ""):
                    dialog.close()

            with ui.row():
                ui.button(t("common.confirm"), on_click=apply).mark("bulk-resolve-confirm")
                ui.button(t("common.cancel"), on_click=dialog.close).props("flat")
        dialog.open()

    async def pick(**changes) -> None:
        clear_selection()
        state.update(changes)
        state["page"] = 1
        if status_toggle.value != state["status"]:
            status_toggle.value = state["status"]
        await reload()

    async def go_to(page: int | None) -> None:
        if page and page != state["page"]:
            state["page"] = page
            await reload()

    async def log_go(page: int | None) -> None:
        if page and page != state["log_page"]:
            state["log_page"] = page
            await reload_log()

    on_news("alerts", lambda payloads: reload())
    await reload()
