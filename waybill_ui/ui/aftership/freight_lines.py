"""One freight bill's lines by issue, paged on the server, with the dispute list to download
(part of the 运费对账 tab, ui/aftership/freight_tab.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nicegui import ui

from waybill_ui import runtime
from waybill_ui.services.aftership import freight
from waybill_ui.ui.i18n import fen, lang, t
from waybill_ui.ui.work import io_bound
from waybill_ui.ui import paging

ISSUE_FILTERS = ("disputed", "overcharge", "weight", "not_ours", "duplicate", "ok", "missing")
PAGE_SIZE = 50
COLUMNS = (  # table key, text key
    ("row", "row"),
    ("number", "number"),
    ("destination", "destination"),
    ("weight", "weight_kg"),
    ("ours", "our_weight_kg"),
    ("fee", "fee"),
    ("expected", "expected"),
    ("diff", "diff"),
    ("issue", "issue"),
)


def _kg(grams: int | None) -> str:
    return "—" if grams is None else f"{grams / 1000:.2f}"


def line_row(ln) -> dict[str, Any]:
    return {
        "id": ln.id,
        "row": ln.row_no,
        "number": ln.number,
        "destination": ln.destination,
        "weight": _kg(ln.weight_g),
        "ours": _kg(ln.our_weight_g),
        "fee": fen(ln.fee_fen + ln.surcharge_fen),
        "expected": fen(ln.expected_fen),
        "diff": fen(ln.diff_fen) if ln.diff_fen else "",
        "issue": t(f"freight.issue.{ln.issue}"),
    }


def missing_row(m: dict[str, Any]) -> dict:
    """A shipment of the month the bill left out, in the lines' columns."""
    blank = dict.fromkeys(("row", "weight", "ours", "fee", "expected", "diff"), "")
    return {
        **blank,
        "id": m["shipment_id"],
        "number": m["number"],
        "destination": m["province"],
        "issue": t("freight.issue.missing"),
    }


@dataclass
class LinesState:
    bill_id: int
    issue: str = "disputed"  # one of ISSUE_FILTERS


class BillLines:
    """Drawn into the current container; `load` fills the table."""

    def __init__(self, state: LinesState):
        self.db = runtime.get().db
        self.state = state
        with ui.row().classes("w-full items-center gap-2"):
            ui.label(t("freight.lines_of", id=state.bill_id)).classes("text-lg font-bold")
            self.issue = (
                ui.select({k: t(f"freight.issue.{k}") for k in ISSUE_FILTERS}, value=state.issue)
                .props("outlined dense")
                .classes("w-36")
                .mark("freight-issue")
            )
            ui.space()
            for fmt in ("csv", "xlsx"):
                ui.button(t(f"freight.export_{fmt}"), icon="download", on_click=lambda fmt=fmt: self.export(fmt)).props(
                    "outline dense no-caps"
                ).mark(f"freight-export-{fmt}")
        columns = [{"name": k, "label": t(f"freight.col.{c}"), "field": k, "align": "left"} for k, c in COLUMNS]
        self.table = (
            ui.table(
                columns=columns,
                rows=[],
                row_key="id",
                pagination={"page": 1, "rowsPerPage": PAGE_SIZE, "rowsNumber": 0},
            )
            .classes("w-full")
            .props("flat dense")
            .mark("freight-lines")
        )
        self.table.on("request", self.on_request)
        self.issue.on_value_change(lambda e: self.pick_issue(e.value))

    async def load(self, page: int | None = None) -> None:
        state = self.state
        asked, number, size = paging.wanted(self.table, page, PAGE_SIZE)
        if state.issue == "missing":
            missing, total = await io_bound(
                freight.list_missing, self.db, bill_id=state.bill_id, page=number, size=size
            )
            rows = [missing_row(m) for m in missing]
        else:
            found, total = await io_bound(
                freight.list_lines, self.db, bill_id=state.bill_id, issue=state.issue, page=number, size=size
            )
            rows = [line_row(ln) for ln in found]
        paging.show(self.table, rows, asked, total)

    async def pick_issue(self, issue: str) -> None:
        self.state.issue = issue
        await self.load(page=1)

    async def on_request(self, e) -> None:
        paging.take_request(self.table, e)
        await self.load()

    async def export(self, fmt: str) -> None:
        maker = freight.dispute_csv if fmt == "csv" else freight.dispute_xlsx
        bill_id = self.state.bill_id
        data = await io_bound(maker, self.db, bill_id=bill_id, lang=lang())
        ui.download.content(data, f"freight-disputes-{bill_id}.{fmt}")
