"""The return records (paged on the server) with 签收入库, and the return rate per carrier and
province over the last 30 days (part of the 拦截与退货 tab, ui/aftership/returns_tab.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from nicegui import ui

from waybill_ui import runtime
from waybill_ui.carriers import codes
from waybill_ui.clock import fmt_local, utcnow
from waybill_ui.services.aftership import returns
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.session import actor
from waybill_ui.ui.work import io_bound
from waybill_ui.ui import paging

PAGE_SIZE = 25
RATES_SHOWN = 15
RATE_DAYS = 30
COLUMNS = ("order", "number", "carrier", "province", "reason", "status", "opened")


@dataclass
class ReturnsState:
    status: str = "open"  # "open", "received" or "" for all


def return_row(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": r["id"],
        "order": r["order_no"],
        "number": r["number"],
        "carrier": codes.name_of(r["carrier"]),
        "province": r["province"],
        "reason": t(f"returns.reason.{r['reason']}"),
        "status": t(f"returns.status.{r['status']}"),
        "opened": fmt_local(r["opened_at"], "%Y-%m-%d %H:%M"),
        "open": r["status"] == "open",
    }


class ReturnsList:
    """`received()` runs after a return was marked received (the rates change)."""

    def __init__(self, state: ReturnsState, *, received: Callable[[], Awaitable[None]]):
        self.db = runtime.get().db
        self.state = state
        self.received = received
        ui.label(t("returns.list_title")).classes("text-lg font-bold")
        filters = {"open": "returns.filter.open", "received": "returns.filter.received", "": "returns.filter.all"}
        self.status = (
            ui.toggle({k: t(v) for k, v in filters.items()}, value=state.status)
            .props("no-caps dense")
            .mark("returns-filter")
        )
        columns = [{"name": k, "label": t(f"returns.col.{k}"), "field": k, "align": "left"} for k in COLUMNS]
        columns.append({"name": "action", "label": "", "field": "id"})
        pagination = {"page": 1, "rowsPerPage": PAGE_SIZE, "rowsNumber": 0}
        self.table = (
            ui.table(columns=columns, rows=[], row_key="id", pagination=pagination)
            .classes("w-full")
            .props("flat dense")
            .mark("returns-table")
        )
        self.table.add_slot(
            "body-cell-action",
            f"""
        <q-td :props="props">
          <q-btn v-if="props.row.open" dense no-caps color="primary" label="{t("returns.receive")}"
                 @click="$parent.$emit('receive', props.row.id)" />
        </q-td>""",
        )
        self.table.on("request", self.on_request)
        self.table.on("receive", self.receive)
        self.status.on_value_change(lambda e: self.pick_status(e.value))

    async def load(self, page: int | None = None) -> None:
        asked, number, size = paging.wanted(self.table, page, PAGE_SIZE)
        rows, total = await io_bound(
            returns.list_returns, self.db, status=self.state.status or None, page=number, size=size
        )
        paging.show(self.table, [return_row(r) for r in rows], asked, total)

    async def pick_status(self, status: str | None) -> None:
        self.state.status = status or ""
        await self.load(page=1)

    async def on_request(self, e) -> None:
        paging.take_request(self.table, e)
        await self.load()

    async def receive(self, e) -> None:
        try:
            await io_bound(returns.mark_received, self.db, return_id=int(e.args), actor=actor())
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
        else:
            ui.notify(t("returns.received_ok"), type="positive")
        await self.load()
        await self.received()


class ReturnRates:
    def __init__(self) -> None:
        self.db = runtime.get().db
        ui.label(t("returns.rates_title")).classes("text-lg font-bold")
        self.box = ui.row().classes("w-full gap-8 items-start").mark("returns-rates")

    async def load(self) -> None:
        now = utcnow()
        found = {
            by: await io_bound(returns.return_rates, self.db, by=by, since=now - timedelta(days=RATE_DAYS), until=now)
            for by in ("carrier", "province")
        }
        self.box.clear()
        with self.box:
            for by, title in (("carrier", "returns.rates_by_carrier"), ("province", "returns.rates_by_province")):
                with ui.column().classes("gap-0"):
                    ui.label(t(title)).classes("font-bold")
                    for r in found[by][:RATES_SHOWN]:
                        key = codes.name_of(r["key"]) if by == "carrier" else r["key"]
                        rate = f"{r['rate'] * 100:.1f}%"
                        ui.label(
                            t("returns.rate_line", key=key, shipped=r["shipped"], returns=r["returns"], rate=rate)
                        ).classes("text-sm")
