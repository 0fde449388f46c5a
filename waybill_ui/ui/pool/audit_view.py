"""The 单号操作记录 list: filters, a table paged on the server, and the CSV export of what the
filters match (ui/pages/pool_audit.py builds it)."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from waybill_ui import runtime
from waybill_ui.carriers import codes
from waybill_ui.clock import fmt_local, utcnow
from waybill_ui.services.pool import export as pool_export
from waybill_ui.services.pool import history as pool_audit
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.pool.common import action_label, carrier_options, date_input, day_end, day_start, status_label
from waybill_ui.ui.work import io_bound
from waybill_ui.ui import paging

PAGE_SIZE = 50
COLUMNS = (  # name, text key
    ("at", "pool.audit.col.at"),
    ("actor", "pool.audit.col.actor"),
    ("carrier_name", "pool.audit.col.carrier"),
    ("number", "pool.audit.col.number"),
    ("action", "pool.audit.col.action"),
    ("change", None),  # "from → to", two texts
    ("reason", "pool.audit.col.reason"),
)
NUMBER_SLOT = """
            <q-td :props="props">
              <a :href="'/pool/number/' + props.row.carrier + '/' + props.row.number" class="text-primary font-mono">
                {{ props.value }}</a>
            </q-td>"""


def audit_row(r: dict[str, Any]) -> dict:
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


def _columns() -> list[dict[str, Any]]:
    change = f"{t('pool.audit.col.from')} → {t('pool.audit.col.to')}"
    return [{"name": name, "label": t(key) if key else change, "field": name, "align": "left"} for name, key in COLUMNS]


class AuditView:
    def __init__(self) -> None:
        self.db = runtime.get().db
        with ui.row().classes("w-full items-end gap-2"):
            self._filter_bar()
        pagination = {"page": 1, "rowsPerPage": PAGE_SIZE, "rowsNumber": 0}
        self.table = (
            ui.table(columns=_columns(), rows=[], row_key="id", pagination=pagination)
            .classes("w-full")
            .props("flat dense")
            .mark("audit-table")
        )
        self.table.add_slot("body-cell-number", NUMBER_SLOT)
        self.table.on("request", self.on_request)
        for element in (self.carrier, self.action, self.since, self.until):
            element.on_value_change(lambda _: self.load(page=1))
        for element in (self.actor, self.q):
            element.on("keydown.enter", lambda _: self.load(page=1))

    def _filter_bar(self) -> None:
        self.carrier = (
            ui.select(carrier_options(with_all=True), value="", label=t("poolui.filter.carrier"))
            .props("outlined dense")
            .classes("w-44")
            .mark("audit-carrier")
        )
        actions = {"": t("poolui.filter.all"), **{a: action_label(a) for a in pool_audit.ACTIONS}}
        self.action = (
            ui.select(actions, value="", label=t("poolui.audit.action"))
            .props("outlined dense")
            .classes("w-32")
            .mark("audit-action")
        )
        self.actor = (
            ui.input(t("poolui.audit.actor")).props("outlined dense clearable").classes("w-40").mark("audit-actor")
        )
        self.since = date_input(t("poolui.audit.since"), "audit-since")
        self.until = date_input(t("poolui.audit.until"), "audit-until")
        self.q = ui.input(t("poolui.filter.q")).props("outlined dense clearable").classes("w-48").mark("audit-q")
        ui.button(icon="search", on_click=lambda: self.load(page=1)).props("flat dense").mark("audit-search")
        ui.space()
        ui.button(t("poolui.export"), icon="download", on_click=self.export).props("outline dense no-caps").mark(
            "audit-export"
        )

    def filters(self) -> pool_audit.AuditFilter:
        return pool_audit.AuditFilter(
            carrier=self.carrier.value or None,
            action=self.action.value or None,
            actor=(self.actor.value or "").strip() or None,
            q=(self.q.value or "").strip() or None,
            since=day_start(self.since.value),
            until=day_end(self.until.value),
        )

    async def load(self, page: int | None = None) -> None:
        asked, number, size = paging.wanted(self.table, page, PAGE_SIZE)
        rows, total = await io_bound(pool_audit.list_audit, self.db, filters=self.filters(), page=number, size=size)
        paging.show(self.table, [audit_row(r) for r in rows], asked, total)

    async def on_request(self, e) -> None:
        paging.take_request(self.table, e)
        await self.load()

    async def export(self) -> None:
        data = await io_bound(pool_export.audit_csv, self.db, filters=self.filters(), lang=lang())
        ui.download.content(data, f"waybill-audit-{utcnow():%Y%m%d-%H%M}.csv", "text/csv")
