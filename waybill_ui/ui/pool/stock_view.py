"""Stock per carrier: counts by status, expiring soon, usage rate, days left, low-stock notice,
and the voided numbers still waiting to be recycled."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui.runtime import providers_of
from waybill_ui import runtime
from waybill_ui.services.ewaybill import accounts as ewaybill_accounts
from waybill_ui.services.pool import recycling as pool_recycling
from waybill_ui.services.pool import watch as pool_watch
from waybill_ui.ui.i18n import t
from typing import Any


def _days(days: float | None) -> str:
    if days is None:
        return t("poolui.days_left_none")
    return "> 365" if days > 365 else f"{days:.1f}"


def _quota_text(account) -> str:
    if account is None:
        return "—"
    return "?" if account.quota is None else str(account.quota)


def _rows(stock, verdicts, accounts: dict[str, Any]) -> list[dict]:
    rows = []
    for s in stock:
        v = verdicts.get(s.carrier)
        a = accounts.get(s.carrier)
        rows.append(
            {
                "carrier": s.carrier,
                "name": f"{s.name}（{s.carrier}）",
                "available": s.available,
                "ewaybill": _quota_text(a),
                "ewaybill_low": bool(a and a.is_low),
                "used": s.used,
                "voided": s.voided,
                "expired": s.expired,
                "refunded": s.refunded,
                "expiring": s.expiring_soon,
                "rate": f"{s.rate_per_day:.1f}",
                "days_left": _days(s.days_left),
                "low": bool(v and v.low),
                "notice": t("poolui.low") if v and v.low else "",
            }
        )
    listed = {s.carrier for s in stock}
    for carrier, a in accounts.items():  # a carrier served only by its e-waybill account
        if carrier not in listed:
            rows.append(
                {
                    "carrier": carrier,
                    "name": f"{a.carrier_name}（{carrier}）",
                    "available": 0,
                    "ewaybill": _quota_text(a),
                    "ewaybill_low": a.is_low,
                    "used": 0,
                    "voided": 0,
                    "expired": 0,
                    "refunded": 0,
                    "expiring": 0,
                    "rate": "—",
                    "days_left": "—",
                    "low": False,
                    "notice": "",
                }
            )
    return rows


class StockView:
    def __init__(self, *, actor: str, on_expiring: Callable[[str], Awaitable[None] | None]):
        self.db = runtime.get().db
        self.actor = actor
        self.on_expiring = on_expiring
        self.container = ui.column().classes("w-full gap-2").mark("pool-stock")

    async def load(self) -> None:
        stock, verdicts, values = await io_bound(pool_watch.overview, self.db)
        accounts = {a.carrier: a for a in await io_bound(ewaybill_accounts.list_accounts, self.db)}
        pending = sum(s.recycle_pending for s in stock)
        self.container.clear()
        with self.container:
            ui.label(t("poolui.stats.title")).classes("text-lg font-bold")
            if not stock and not accounts:
                ui.label(t("poolui.stats.empty")).classes("text-gray-600").mark("pool-empty")
                return
            columns = [{"name": "name", "label": t("pool.col.carrier"), "field": "name", "align": "left"}]
            columns += [
                {"name": "available", "label": t("poolui.col.available"), "field": "available"},
                {"name": "ewaybill", "label": t("ewaybill.pool.quota"), "field": "ewaybill"},
            ]
            columns += [
                {"name": k, "label": t(f"poolui.col.{k}"), "field": k}
                for k in ("used", "voided", "expired", "refunded")
            ]
            columns += [
                {
                    "name": "expiring",
                    "label": t("poolui.col.expiring", days=values["pool.expiry_warn_days"]),
                    "field": "expiring",
                },
                {"name": "rate", "label": t("poolui.col.rate"), "field": "rate"},
                {"name": "days_left", "label": t("poolui.col.days_left"), "field": "days_left"},
                {"name": "notice", "label": t("poolui.col.state"), "field": "notice"},
            ]
            table = (
                ui.table(columns=columns, rows=_rows(stock, verdicts, accounts), row_key="carrier")
                .classes("w-full")
                .props("flat bordered dense")
                .mark("pool-stock-table")
            )
            table.add_slot(
                "body-cell-notice",
                """
                <q-td :props="props">
                  <q-badge v-if="props.row.low" color="negative" :label="props.value" />
                </q-td>""",
            )
            table.add_slot(
                "body-cell-ewaybill",
                """
                <q-td :props="props">
                  <span :class="props.row.ewaybill_low ? 'text-negative text-bold' : ''">{{ props.value }}</span>
                </q-td>""",
            )
            table.add_slot(
                "body-cell-expiring",
                """
                <q-td :props="props">
                  <q-btn v-if="props.value > 0" flat dense no-caps color="warning" :label="props.value"
                         @click="() => $parent.$emit('expiring', props.row.carrier)" />
                  <span v-else>0</span>
                </q-td>""",
            )
            table.on("expiring", lambda e: self.on_expiring(e.args))
            if pending:
                with ui.row().classes("items-center gap-2 text-gray-600").mark("pool-recycle"):
                    ui.icon("recycling")
                    ui.label(t("poolui.recycle_pending", count=pending))
                    ui.button(t("poolui.recycle_now"), on_click=self.recycle).props("flat dense no-caps").mark(
                        "pool-recycle-now"
                    )

    async def recycle(self) -> None:
        rt = runtime.get()
        result = await pool_recycling.recycle_pending(rt.db, providers_of(rt).market, actor=self.actor)
        ui.notify(
            t("poolui.recycled", recycled=result.recycled, failed=result.failed),
            type="positive" if not result.failed else "warning",
        )
        await self.load()
