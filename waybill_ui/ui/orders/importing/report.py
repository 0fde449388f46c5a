"""The report of a read or an import: the summary line and the table of rows refused (the first
SHOWN_PROBLEMS of them, the rest counted)."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from waybill_ui.services.orders import importing as orders_import
from waybill_ui.ui.i18n import lang, t

SHOWN_PROBLEMS = 200


def problem_rows(report: orders_import.ImportReport) -> list[dict[str, Any]]:
    return [
        {"id": i, "row": p.row, "order_no": p.order_no, "reason": p.reason(lang())}
        for i, p in enumerate(report.rejected[:SHOWN_PROBLEMS])
    ]


def preview_text(report: orders_import.ImportReport) -> str:
    """What a read found: new, updated, already shipped and refused rows, and the encoding."""
    return t(
        "orders.import.preview",
        new=report.imported,
        updated=report.updated,
        shipped=report.skipped_shipped,
        rejected=len(report.rejected),
        encoding=report.encoding,
    ) + (t("orders.import.needs_address", count=report.needs_address) if report.needs_address else "")


class ProblemTable:
    """The rows refused, hidden while there are none."""

    def __init__(self) -> None:
        columns = [
            {"name": "row", "label": t("orders.import.col.row"), "field": "row", "align": "left"},
            {"name": "order_no", "label": t("orders.import.col.order_no"), "field": "order_no", "align": "left"},
            {
                "name": "reason",
                "label": t("orders.import.col.reason"),
                "field": "reason",
                "align": "left",
                "style": "white-space: normal",
            },
        ]
        self.title = ui.label(t("orders.import.problems")).classes("text-red-700")
        self.table = (
            ui.table(columns=columns, rows=[], row_key="id", pagination=10)
            .classes("w-full")
            .props("dense flat")
            .mark("import-problems")
        )
        self.more = ui.label().classes("text-sm text-gray-600")
        for element in (self.title, self.table, self.more):
            element.set_visibility(False)

    def show(self, report: orders_import.ImportReport) -> None:
        rows = problem_rows(report)
        self.table.rows = rows
        self.table.update()
        for element in (self.title, self.table):
            element.set_visibility(bool(rows))
        hidden = len(report.rejected) - len(rows)
        self.more.set_text(t("orders.import.more_problems", count=hidden) if hidden > 0 else "")
        self.more.set_visibility(hidden > 0)
