"""物流跟踪: shipped parcels with status chips, filters and search (paged on the server), a live
timeline for the chosen parcel, refresh now for a selection, and "track any number"."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui.runtime import providers_of
from waybill_ui import runtime
from waybill_ui.carriers.codes import CARRIERS, name_of
from waybill_ui.clock import SHANGHAI, fmt_local
from waybill_ui.services.alerts import center as alert_center
from waybill_ui.services.alerts import rules as alert_rules
from waybill_ui.services.tracking import refresh as tracking
from waybill_ui.services.tracking import config as tracking_config
from waybill_ui.services.tracking import queries as tq
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.ui.frame import frame
from waybill_ui.ui.components.labels import print_labels
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.live import ids_in, on_news
from waybill_ui.ui.tracking_parts import any_number_box, status_chip, status_label, timeline
from waybill_ui.ui.tracking_rows import ShipmentLine
from typing import Any

PAGE_SIZE = 20


def _day(text: str | None, *, end: bool = False) -> datetime | None:
    """A date typed in the shop's time zone; `end` gives the start of the next day."""
    if not text:
        return None
    try:
        day = datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        return None
    return datetime.combine(day + timedelta(days=1 if end else 0), time(), tzinfo=SHANGHAI)


async def refresh_and_report(ids: list[int] | None) -> None:
    """Refresh now (the given ids, or every due one) and say what happened."""
    rt = runtime.get()
    cfg = await io_bound(tracking_config.load_for_runtime, rt)
    if ids is None:
        summary = await tracking.refresh_due(rt.db, providers_of(rt).tracking, cfg=cfg)
    else:
        summary = await tracking.refresh_now(rt.db, providers_of(rt).tracking, ids=ids, cfg=cfg)
    ui.notify(t("tracking.refresh_done", **summary.as_dict()), type="positive" if not summary.failed else "warning")


@ui.page("/tracking", title="物流跟踪 · 快递单号管家")
async def tracking_page(status: str = "", carrier: str = "", alert: str = "", q: str = "") -> None:
    db = runtime.get().db
    state: dict[str, Any] = {
        "page": 1,
        "rows": [],
        "selected": None,
        "checked": set(),
        "visible": set(),
        "status": status or None,
    }

    with frame("/tracking"):
        with ui.row().classes("w-full items-center"):
            ui.label(t("tracking.title")).classes("text-2xl font-bold")
            ui.space()
            due_button = ui.button(t("tracking.refresh_due"), icon="update").props("outline").mark("refresh-due")
        ui.label(t("tracking.intro")).classes("text-gray-600")
        any_number_box()
        chips = ui.row().classes("w-full gap-1").mark("status-chips")
        with ui.row().classes("w-full items-end gap-2").mark("tracking-filters"):
            carrier_select = (
                ui.select(
                    {"": t("tracking.all"), **{c: v.name for c, v in CARRIERS.items()}},
                    value=carrier if carrier in CARRIERS else "",
                    label=t("tracking.filter.carrier"),
                )
                .props("outlined dense")
                .classes("w-36")
                .mark("filter-carrier")
            )
            kinds = {
                "": t("tracking.all"),
                "any": t("tracking.filter.alert_any"),
                "none": t("tracking.filter.alert_none"),
                **{k: alert_center.kind_label(k, lang()) for k in alert_rules.SHIPMENT_KINDS},
            }
            alert_select = (
                ui.select(kinds, value=alert if alert in kinds else "", label=t("tracking.filter.alert"))
                .props("outlined dense")
                .classes("w-36")
                .mark("filter-alert")
            )
            since = (
                ui.input(t("tracking.filter.since"))
                .props("outlined dense type=date stack-label")
                .classes("w-40")
                .mark("filter-since")
            )
            until = (
                ui.input(t("tracking.filter.until"))
                .props("outlined dense type=date stack-label")
                .classes("w-40")
                .mark("filter-until")
            )
            search = (
                ui.input(t("tracking.filter.search"), value=q)
                .props("outlined dense clearable")
                .classes("w-64")
                .mark("filter-search")
            )
            unprinted = (
                ui.checkbox(t("tracking.filter.unprinted"), on_change=lambda: reload(first_page=True))
                .props("dense")
                .mark("filter-unprinted")
            )
            ui.button(t("tracking.filter.apply"), icon="filter_alt", on_click=lambda: reload(first_page=True)).mark(
                "filter-apply"
            )
            ui.button(t("tracking.filter.reset"), on_click=lambda: reset()).props("flat").mark("filter-reset")
        with ui.row().classes("w-full items-center gap-2"):
            selected_button = (
                ui.button(t("tracking.refresh_selected", count=0), icon="refresh")
                .props("outline")
                .mark("refresh-selected")
            )
            ui.button(t("labels.print"), icon="print", on_click=lambda: print_checked()).props("outline").mark(
                "print-selected"
            )
            page_button = ui.button(t("tracking.refresh_page"), icon="refresh").props("flat").mark("refresh-page")
            total_label = ui.label().classes("text-gray-600").mark("tracking-total")
        with ui.row().classes("w-full items-center gap-2").mark("tracking-selection"):
            page_box = (
                ui.checkbox(t("tracking.check_page"), on_change=lambda e: check_page(e.value))
                .props("dense")
                .mark("check-page")
            )
            ui.button(t("tracking.check_all"), on_click=lambda: check_all_matching()).props("flat dense no-caps").mark(
                "check-all"
            )
            picked = ui.label(t("tracking.checked", count=0)).classes("font-bold").mark("tracking-checked")
            ui.button(t("tracking.check_clear"), on_click=lambda: clear_checked()).props("flat dense no-caps").mark(
                "check-clear"
            )
        with ui.row().classes("w-full md:flex-nowrap items-start gap-4"):
            with ui.column().classes("grow gap-1 min-w-0"):
                listing = ui.column().classes("w-full gap-1").mark("shipment-list")
                pager = ui.pagination(1, 1, direction_links=True, on_change=lambda e: go_to(e.value)).mark("pager")
            with ui.card().classes("w-full md:w-[26rem] shrink-0").mark("timeline-panel"):
                panel = ui.column().classes("w-full")
                with panel:
                    ui.label(t("tracking.select_hint")).classes("text-gray-500")

    def filters() -> tq.Filters:
        return tq.Filters(
            status=state["status"],
            carrier=carrier_select.value or None,
            alert=alert_select.value or None,
            q=search.value or None,
            since=_day(since.value),
            until=_day(until.value, end=True),
            unprinted=bool(unprinted.value),
        )

    async def reload(first_page: bool = False) -> None:
        if first_page:
            state["page"] = 1
        f = filters()
        try:
            rows, total = await io_bound(tq.list_shipments, db, f, page=state["page"], size=PAGE_SIZE)
            counts = await io_bound(tq.status_counts, db, f)
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="warning")
            return
        render_chips(counts)
        render_rows(rows)
        total_label.text = t("common.page_of", total=total)
        pager.max = max(1, -(-total // PAGE_SIZE))
        if pager.value != state["page"]:
            pager.value = state["page"]

    def render_chips(counts: dict[str, int]) -> None:
        chips.clear()
        with chips:
            everything = sum(counts.values())
            ui.chip(f"{t('tracking.all')} {everything}", on_click=lambda: pick_status(None)).props(
                f"clickable {'' if state['status'] else 'outline'} color=primary"
            ).mark("chip-all")
            for code in tq.STATUSES:
                if code in counts or code == state["status"]:
                    chosen = code == state["status"]
                    ui.chip(
                        f"{status_label(code)} {counts.get(code, 0)}", on_click=lambda c=code: pick_status(c)
                    ).props(f"clickable {'' if chosen else 'outline'} color=primary").mark(f"chip-{code}")

    lines: dict[int, ShipmentLine] = {}

    def render_rows(rows: list[tq.ShipmentRow]) -> None:
        state["rows"], state["visible"] = rows, {r.id for r in rows}
        if rows and [r.id for r in rows] == list(lines):  # the same parcels: update them in place
            for r in rows:
                lines[r.id].update(r)
            return
        listing.clear()
        lines.clear()
        with listing:
            if not rows:
                ui.label(t("tracking.empty")).classes("text-gray-500 p-4").mark("tracking-empty")
            for r in rows:
                lines[r.id] = ShipmentLine(r, checked=is_checked(r.id), on_check=check, on_select=select)
                lines[r.id].set_selected(r.id == state["selected"])
        page_box.value = bool(rows) and all(is_checked(r.id) for r in rows)

    async def show_timeline() -> None:
        sid = state["selected"]
        if sid is None:
            return
        try:
            d = await io_bound(tq.detail, db, sid)
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="warning")
            return
        panel.clear()
        with panel:
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
                ui.button(t("tracking.refresh_now"), icon="refresh", on_click=lambda: refresh_ids([sid])).props(
                    "dense outline"
                ).mark("panel-refresh")
                ui.link(t("tracking.details"), f"/shipments/{sid}")
            timeline(d.events)

    async def select(sid: int) -> None:
        state["selected"] = sid
        for line_id, line in lines.items():
            line.set_selected(line_id == sid)
        await show_timeline()

    def is_checked(sid: int) -> bool:
        return sid in state["checked"]

    def check(sid: int, value: bool) -> None:
        (state["checked"].add if value else state["checked"].discard)(sid)
        show_checked()

    def show_checked() -> None:
        selected_button.text = t("tracking.refresh_selected", count=len(state["checked"]))
        picked.set_text(t("tracking.checked", count=len(state["checked"])))

    def check_page(value: bool) -> None:
        if value == (bool(lines) and all(is_checked(i) for i in lines)):
            return
        for sid, line in lines.items():
            (state["checked"].add if value else state["checked"].discard)(sid)
            line.set_checked(value)
        show_checked()

    async def check_all_matching() -> None:
        ids = await io_bound(tq.matching_ids, db, filters())
        state["checked"] = set(ids)
        for _sid, line in lines.items():
            line.set_checked(True)
        page_box.value = True
        show_checked()

    def clear_checked() -> None:
        state["checked"] = set()
        for line in lines.values():
            line.set_checked(False)
        page_box.value = False
        show_checked()

    async def print_checked() -> None:
        if not state["checked"]:
            ui.notify(t("labels.none_selected"), type="warning")
            return
        await print_labels(sorted(state["checked"]))
        await reload()  # print counts changed

    async def refresh_ids(ids: list[int] | None) -> None:
        await refresh_and_report(ids)
        await reload()
        await show_timeline()

    async def pick_status(code: str | None) -> None:
        state["status"] = code
        await reload(first_page=True)

    async def go_to(page: int | None) -> None:
        if page and page != state["page"]:
            state["page"] = page
            await reload()

    async def reset() -> None:
        state["status"] = None
        carrier_select.value = alert_select.value = ""
        since.value = until.value = search.value = ""
        if unprinted.value:
            unprinted.set_value(False)  # its change handler reloads the list
        else:
            await reload(first_page=True)

    async def news(payloads: list[Any]) -> None:
        changed = ids_in(payloads)
        await reload()
        if state["selected"] in changed:
            await show_timeline()

    selected_button.on_click(lambda: refresh_ids(sorted(state["checked"])) if state["checked"] else None)
    page_button.on_click(lambda: refresh_ids(sorted(state["visible"])))
    due_button.on_click(lambda: refresh_ids(None))
    search.on("keydown.enter", lambda: reload(first_page=True))
    on_news("shipments", news)
    await reload()
