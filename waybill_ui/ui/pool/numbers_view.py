"""The number list: filters, a table paged and sorted on the server, CSV export, and (for the
owner) selection for refund or extension."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta

from nicegui import ui

from waybill_ui.ui.work import Newest, io_bound
from waybill_ui import runtime
from waybill_ui.carriers import codes
from waybill_ui.clock import fmt_local, utcnow
from waybill_ui.services.pool import numbers as pool_numbers
from waybill_ui.services.pool import export as pool_export
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.pool.common import carrier_options, date_input, day_end, day_start, origin_options, status_options
from typing import Any

PAGE_SIZES = [20, 50, 100, 200]


def _display(row: dict[str, Any]) -> dict:
    return {
        "id": row["id"],
        "carrier": row["carrier"],
        "carrier_name": codes.name_of(row["carrier"]),
        "number": row["number"],
        "status": row["status"],
        "status_label": t(f"pool.status.{row['status']}"),
        "origin": t(f"pool.origin.{row['origin']}"),
        "expires_at": fmt_local(row["expires_at"]),
        "created_at": fmt_local(row["created_at"]),
        "order_no": row["order_no"] or "",
        "held": t("poolui.held") if row["held"] else "",
    }


COLUMNS: tuple[tuple[str, str, str | None, bool], ...] = (  # name, text key, align, sortable
    ("carrier_name", "pool.col.carrier", "left", False),
    ("number", "pool.col.number", "left", True),
    ("status_label", "pool.col.status", "left", False),
    ("origin", "pool.col.origin", "left", False),
    ("expires_at", "pool.col.expires_at", None, True),
    ("created_at", "pool.col.created_at", None, True),
    ("order_no", "pool.col.order_no", "left", False),
)
NUMBER_SLOT = """
                <q-td :props="props">
                  <a :href="'/pool/number/' + props.row.carrier + '/' + props.row.number"
                     class="text-primary font-mono">{{ props.value }}</a>
                  <q-badge v-if="props.row.held" color="orange" class="q-ml-xs" :label="props.row.held" />
                </q-td>"""
STATUS_SLOT = """
                <q-td :props="props">
                  <q-badge :color="{available: 'positive', used: 'primary', voided: 'grey', expired: 'warning',
                                    refunded: 'info'}[props.row.status]" :label="props.value" />
                </q-td>"""


def _columns() -> list[dict[str, Any]]:
    columns: list[dict[str, Any]] = []
    for name, key, align, sortable in COLUMNS:
        column: dict[str, Any] = {"name": name, "label": t(key), "field": name}
        if align:
            column["align"] = align
        if sortable:
            column["sortable"] = True
        columns.append(column)
    return columns


@dataclass
class ListState:
    quiet: bool = False  # several filters are being set at once: no reload per field
    cursors: dict[int, str] = field(default_factory=dict)  # page number → keyset cursor for `query`
    query: tuple | None = None  # the filter, sort and page size the cursors belong to


class NumbersView:
    def __init__(self, *, owner: bool, on_action: Callable[[str, list[dict[str, Any]]], Awaitable[None]]):
        self.db = runtime.get().db
        self.newest = Newest()  # reloads: a late answer to an older one is dropped (ui/work.py)
        self.state = ListState()
        self.owner = owner
        self.on_action = on_action
        with ui.card().classes("w-full").mark("pool-numbers"):
            ui.label(t("poolui.list.title")).classes("text-lg font-bold")
            with ui.row().classes("w-full items-end gap-2"):
                self._filter_bar()
            self.table = self._table(owner)
            if owner:
                self._owner_actions()

    def _filter_bar(self) -> None:
        def select(options, label: str, width: str, marker: str) -> ui.select:
            return (
                ui.select(options, value="", label=t(label), on_change=self.search)
                .props("outlined dense")
                .classes(width)
                .mark(marker)
            )

        self.carrier = select(carrier_options(with_all=True), "poolui.filter.carrier", "w-44", "filter-carrier")
        self.status = select(status_options(), "poolui.filter.status", "w-32", "filter-status")
        self.origin = select(origin_options(), "poolui.filter.origin", "w-32", "filter-origin")
        self.expires_from = date_input(t("poolui.filter.expires_from"), "filter-expires-from")
        self.expires_to = date_input(t("poolui.filter.expires_to"), "filter-expires-to")
        self.expires_from.on("change", self.search)
        self.expires_to.on("change", self.search)
        self.q = ui.input(t("poolui.filter.q")).props("outlined dense clearable").classes("w-48").mark("filter-q")
        self.q.on("keydown.enter", self.search)
        ui.button(icon="search", on_click=self.search).props("flat dense").mark("filter-search")
        ui.button(t("poolui.filter.clear"), on_click=self.clear).props("flat dense no-caps")
        ui.space()
        ui.button(t("poolui.export"), icon="download", on_click=self.export).props("outline dense no-caps").mark(
            "pool-export"
        )

    def _table(self, owner: bool) -> ui.table:
        pagination = {"page": 1, "rowsPerPage": 20, "rowsNumber": 0, "sortBy": "expires_at", "descending": False}
        table = (
            ui.table(
                columns=_columns(),
                rows=[],
                row_key="id",
                selection="multiple" if owner else None,
                pagination=pagination,
            )
            .classes("w-full")
            .props(f"flat dense :rows-per-page-options='{PAGE_SIZES}'")
            .mark("pool-table")
        )
        table.add_slot("body-cell-number", NUMBER_SLOT)
        table.add_slot("body-cell-status_label", STATUS_SLOT)
        table.on("request", self._on_request)
        return table

    def _owner_actions(self) -> None:
        with ui.row().classes("items-center gap-2"):
            self.selected_label = ui.label(t("poolui.owner_actions_hint")).classes("text-gray-600")
            ui.button(t("poolui.refund"), icon="undo", on_click=lambda: self._act("refund")).props(
                "outline dense no-caps"
            ).mark("pool-refund")
            ui.button(t("poolui.extend"), icon="update", on_click=lambda: self._act("extend")).props(
                "outline dense no-caps"
            ).mark("pool-extend")
        self.table.on(
            "selection",
            lambda _: self.selected_label.set_text(t("poolui.selected", count=len(self.table.selected))),
        )

    def filters(self) -> pool_numbers.NumberFilter:
        return pool_numbers.NumberFilter(
            carrier=self.carrier.value or None,
            status=self.status.value or None,
            origin=self.origin.value or None,
            expires_from=day_start(self.expires_from.value),
            expires_to=day_end(self.expires_to.value),
            q=(self.q.value or "").strip() or None,
        )

    async def load(self, page: int | None = None) -> None:
        p = dict(self.table.pagination)
        if page is not None:
            p["page"] = page
        filters, size = self.filters(), p["rowsPerPage"] or 20
        sort, descending, number = p.get("sortBy") or "expires_at", bool(p.get("descending")), int(p["page"])
        query = (repr(filters), sort, descending, size)
        state = self.state
        if query != state.query:  # another filter, sort or page size: cursors start again
            state.query, state.cursors = query, {}
        # next/previous go by cursor (same cost at any depth); a jumped-to page by number
        ticket = self.newest.start()
        found = await io_bound(
            pool_numbers.list_numbers,
            self.db,
            filters=filters,
            page=number,
            size=size,
            sort=sort,
            descending=descending,
            cursor=state.cursors.get(number),
        )
        if not self.newest.is_current(ticket):  # a live update and a new filter, say
            return
        rows, total = found.rows, found.total
        if found.next_cursor:
            state.cursors[number + 1] = found.next_cursor
        if found.prev_cursor and number > 1:
            state.cursors[number - 1] = found.prev_cursor
        self.table.rows = [_display(r) for r in rows]
        self.table.selected = []
        self.table.pagination = {**p, "rowsNumber": total}
        self.table.update()

    async def _on_request(self, e) -> None:
        requested = e.args.get("pagination", {}) if isinstance(e.args, dict) else {}
        self.table.pagination = {**self.table.pagination, **requested}
        await self.load()

    async def search(self, *_) -> None:
        if not self.state.quiet:
            await self.load(page=1)

    def _set(self, **values) -> None:
        """Set several filters without a reload per field."""
        self.state.quiet = True
        try:
            for name, value in values.items():
                getattr(self, name).value = value
        finally:
            self.state.quiet = False

    async def clear(self) -> None:
        self._set(carrier="", status="", origin="", expires_from=None, expires_to=None, q=None)
        await self.load(page=1)

    async def show_expiring(self, carrier: str, warn_days: int) -> None:
        """From the stock table: this carrier's usable numbers expiring within the warning window."""
        self._set(
            carrier=carrier,
            status="available",
            origin="",
            expires_from=None,
            q=None,
            expires_to=fmt_local(utcnow() + timedelta(days=warn_days), "%Y-%m-%d"),
        )
        await self.load(page=1)

    async def export(self) -> None:
        data = await io_bound(pool_export.numbers_csv, self.db, filters=self.filters(), lang=lang())
        ui.download.content(data, f"waybills-{utcnow():%Y%m%d-%H%M}.csv", "text/csv")
        ui.notify(t("poolui.exported", count=max(0, data.count(b"\n") - 1)))

    async def _act(self, kind: str) -> None:
        await self.on_action(kind, list(self.table.selected))
