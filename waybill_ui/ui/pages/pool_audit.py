"""单号操作记录: every status change of every number, filtered, paged on the server and exported;
and one number's page with its pool record, shipments, duplicate check and history."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.carriers import codes
from waybill_ui.clock import fmt_local, utcnow
from waybill_ui.services.pool import stock as pool
from waybill_ui.services.pool import history as pool_audit
from waybill_ui.services.pool import export as pool_export
from waybill_ui.services.common.errors import NotFound
from waybill_ui.ui.frame import frame
from waybill_ui.ui.i18n import fen, lang, t
from waybill_ui.ui.pool.common import action_label, carrier_options, date_input, day_end, day_start, status_label
from typing import Any


def _row(r: dict[str, Any]) -> dict:
    return {
        "id": r["id"],
        "at": fmt_local(r["at"], "%Y-%m-%d %H:%M:%S"),
        "actor": r["actor"],
        "carrier": r["carrier"],
        "carrier_name": codes.name_of(r["carrier"]),
        "number": r["number"],
        "action": action_label(r["action"]),
        "change": f"{status_label(r['from_status']) or '—'} → {status_label(r['to_status'])}",
        "reason": pool_export.reason_text(r["reason"], lang()),
    }


@ui.page("/pool/audit", title="单号操作记录 · 快递单号管家")
async def pool_audit_page() -> None:
    db = runtime.get().db
    with frame("/pool"):
        with ui.row().classes("w-full items-center"):
            ui.label(t("poolui.audit.title")).classes("text-2xl font-bold").mark("audit-title")
            ui.space()
            ui.button(t("poolui.audit.back"), icon="arrow_back", on_click=lambda: ui.navigate.to("/pool")).props(
                "flat no-caps"
            )
        ui.label(t("poolui.audit.intro")).classes("text-gray-600")
        with ui.row().classes("w-full items-end gap-2"):
            carrier = (
                ui.select(carrier_options(with_all=True), value="", label=t("poolui.filter.carrier"))
                .props("outlined dense")
                .classes("w-44")
                .mark("audit-carrier")
            )
            action = (
                ui.select(
                    {"": t("poolui.filter.all"), **{a: action_label(a) for a in pool_audit.ACTIONS}},
                    value="",
                    label=t("poolui.audit.action"),
                )
                .props("outlined dense")
                .classes("w-32")
                .mark("audit-action")
            )
            actor = (
                ui.input(t("poolui.audit.actor")).props("outlined dense clearable").classes("w-40").mark("audit-actor")
            )
            since = date_input(t("poolui.audit.since"), "audit-since")
            until = date_input(t("poolui.audit.until"), "audit-until")
            q = ui.input(t("poolui.filter.q")).props("outlined dense clearable").classes("w-48").mark("audit-q")
            ui.button(icon="search", on_click=lambda: load(page=1)).props("flat dense").mark("audit-search")
            ui.space()
            ui.button(t("poolui.export"), icon="download", on_click=lambda: export()).props(
                "outline dense no-caps"
            ).mark("audit-export")
        columns = [
            {"name": "at", "label": t("pool.audit.col.at"), "field": "at", "align": "left"},
            {"name": "actor", "label": t("pool.audit.col.actor"), "field": "actor", "align": "left"},
            {"name": "carrier_name", "label": t("pool.audit.col.carrier"), "field": "carrier_name", "align": "left"},
            {"name": "number", "label": t("pool.audit.col.number"), "field": "number", "align": "left"},
            {"name": "action", "label": t("pool.audit.col.action"), "field": "action", "align": "left"},
            {
                "name": "change",
                "label": f"{t('pool.audit.col.from')} → {t('pool.audit.col.to')}",
                "field": "change",
                "align": "left",
            },
            {"name": "reason", "label": t("pool.audit.col.reason"), "field": "reason", "align": "left"},
        ]
        table = (
            ui.table(columns=columns, rows=[], row_key="id", pagination={"page": 1, "rowsPerPage": 50, "rowsNumber": 0})
            .classes("w-full")
            .props("flat dense")
            .mark("audit-table")
        )
        table.add_slot(
            "body-cell-number",
            """
            <q-td :props="props">
              <a :href="'/pool/number/' + props.row.carrier + '/' + props.row.number" class="text-primary font-mono">
                {{ props.value }}</a>
            </q-td>""",
        )

        def filters() -> pool_audit.AuditFilter:
            return pool_audit.AuditFilter(
                carrier=carrier.value or None,
                action=action.value or None,
                actor=(actor.value or "").strip() or None,
                q=(q.value or "").strip() or None,
                since=day_start(since.value),
                until=day_end(until.value),
            )

        async def load(page: int | None = None) -> None:
            p = dict(table.pagination)
            if page is not None:
                p["page"] = page
            rows, total = await io_bound(
                pool_audit.list_audit, db, filters=filters(), page=p["page"], size=p["rowsPerPage"] or 50
            )
            table.rows = [_row(r) for r in rows]
            table.pagination = {**p, "rowsNumber": total}
            table.update()

        async def on_request(e) -> None:
            table.pagination = {
                **table.pagination,
                **(e.args.get("pagination", {}) if isinstance(e.args, dict) else {}),
            }
            await load()

        async def export() -> None:
            data = await io_bound(pool_export.audit_csv, db, filters=filters(), lang=lang())
            ui.download.content(data, f"waybill-audit-{utcnow():%Y%m%d-%H%M}.csv", "text/csv")

        table.on("request", on_request)
        for element in (carrier, action, since, until):
            element.on_value_change(lambda _: load(page=1))
        for element in (actor, q):
            element.on("keydown.enter", lambda _: load(page=1))
        await load()


@ui.page("/pool/number/{carrier}/{number}", title="单号详情 · 快递单号管家")
async def pool_number_page(carrier: str, number: str) -> None:
    db = runtime.get().db
    with frame("/pool"):
        ui.button(t("poolui.audit.back"), icon="arrow_back", on_click=lambda: ui.navigate.to("/pool")).props(
            "flat no-caps"
        )
        try:
            d = await io_bound(pool.number_detail, db, carrier=carrier.upper(), number=number)
        except NotFound as exc:
            ui.label(exc.message(lang())).classes("text-lg").mark("number-not-found")
            return
        ui.label(t("poolui.number.title", number=d.number)).classes("text-2xl font-bold font-mono").mark("number-title")
        if d.row:
            r = d.row
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
        if d.shipments:
            with ui.card().classes("w-full").mark("number-shipments"):
                ui.label(t("poolui.number.shipments")).classes("font-bold")
                for s in d.shipments:
                    text = t(
                        "poolui.number.shipment",
                        order_no=s["order_no"],
                        date=fmt_local(s["shipped_at"]),
                        status=s["status"],
                    )
                    if s["cancelled_at"]:
                        text += t(
                            "poolui.number.cancelled",
                            date=fmt_local(s["cancelled_at"]),
                            reason=s["cancel_reason"] or "—",
                        )
                    ui.label(text)
        if d.known:
            with ui.card().classes("w-full").mark("number-known"):
                ui.label(t("poolui.number.known")).classes("font-bold")
                for k in d.known:
                    ui.label(k.reason(lang()))
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
