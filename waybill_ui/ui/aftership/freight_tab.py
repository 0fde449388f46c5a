"""运费对账 tab: import a bill (with the column-mapping dialog when the headers are unusual),
totals per carrier and month, the bills, one bill's lines by issue (paged on the server), the
shipments it left out, and the dispute list to send back.

Put together from small parts: the import form and mapping dialog (freight_import.py) and one
bill's lines (freight_lines.py); `FreightTab` below only wires them."""

from __future__ import annotations

from dataclasses import dataclass

from nicegui import ui

from waybill_ui import runtime
from waybill_ui.carriers import codes
from waybill_ui.clock import fmt_local
from waybill_ui.services.aftership import freight
from waybill_ui.ui.aftership.freight_import import BillImport
from waybill_ui.ui.aftership.freight_lines import ISSUE_FILTERS, BillLines, LinesState
from waybill_ui.ui.i18n import t
from waybill_ui.ui.work import io_bound

__all__ = ["ISSUE_FILTERS", "FreightState", "FreightTab", "build"]
BILLS_SHOWN = 24


@dataclass
class FreightState:
    bill: int | None = None  # the bill whose lines are open below the list


class FreightTab:
    def __init__(self, state: FreightState):
        self.db = runtime.get().db
        self.state = state
        BillImport(imported=self.imported)
        ui.label(t("freight.totals")).classes("text-lg font-bold")
        self.totals = ui.column().classes("w-full gap-1").mark("freight-totals")
        ui.label(t("freight.bills")).classes("text-lg font-bold")
        self.bills = ui.column().classes("w-full gap-1").mark("freight-bills")
        self.detail = ui.column().classes("w-full").mark("freight-detail")

    async def imported(self, bill_id: int) -> None:
        await self.refresh()
        await self.show_bill(bill_id)

    async def refresh(self) -> None:
        summary = await io_bound(freight.summary_by_month, self.db)
        rows, _ = await io_bound(freight.list_bills, self.db, page=1, size=BILLS_SHOWN)
        self.totals.clear()
        with self.totals:
            for s in summary:
                ui.label(
                    t(
                        "freight.summary_line",
                        carrier=codes.name_of(s["carrier"]),
                        month=s["month"],
                        lines=s["lines"],
                        billed=f"{s['billed_fen'] / 100:.2f}",
                        expected=f"{s['expected_fen'] / 100:.2f}",
                        over=f"{s['overcharge_fen'] / 100:.2f}",
                        missing=s["missing"],
                    )
                ).classes("text-sm")
            if not summary:
                ui.label(t("freight.none")).classes("text-gray-600")
        self.bills.clear()
        with self.bills:
            for b in rows:
                ui.button(
                    f"#{b.id} {codes.name_of(b.carrier_code)} {b.month} · {b.filename} · "
                    f"{fmt_local(b.imported_at, '%Y-%m-%d %H:%M')}",
                    on_click=lambda b=b: self.show_bill(b.id),
                ).props("flat no-caps dense align=left").classes("w-full").mark(f"freight-bill-{b.id}")

    async def show_bill(self, bill_id: int) -> None:
        self.state.bill = bill_id
        self.detail.clear()
        with self.detail:
            lines = BillLines(LinesState(bill_id=bill_id))
        await lines.load()


async def build() -> None:
    tab = FreightTab(FreightState())
    await tab.refresh()
