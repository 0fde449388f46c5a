"""What a shipped batch shows: the count shipped and failed, the orders per carrier, the warnings
the carriers gave and the failures (the first SHOWN_FAILURES of them, the rest counted)."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.carriers import codes
from waybill_ui.services.shipping import batch as batch_ship
from waybill_ui.ui.i18n import t
from waybill_ui.ui.orders.batch.state import SHOWN_FAILURES


def show_result(result: batch_ship.BatchResult) -> None:
    """Into the current container."""
    ui.label(t("orders.batch.result", shipped=len(result.shipped), failed=len(result.failed))).classes(
        "font-bold"
    ).mark("batch-summary")
    per_carrier: dict[str, int] = {}
    for item in result.shipped:
        per_carrier[item["carrier"]] = per_carrier.get(item["carrier"], 0) + 1
    if per_carrier:
        ui.label("，".join(f"{codes.name_of(c)} {n}" for c, n in per_carrier.items())).classes("text-sm")
    for item in result.warnings[:SHOWN_FAILURES]:
        ui.label(f"{item['order_no']}: {item['warning']}").classes("text-sm text-red-700 font-bold").mark(
            "batch-result-warning"
        )
    for item in result.failed[:SHOWN_FAILURES]:
        ui.label(f"{item['order_no']}: {item['reason']}").classes("text-sm text-red-700")
    if len(result.failed) > SHOWN_FAILURES:
        ui.label(t("orders.batch.more_failed", count=len(result.failed) - SHOWN_FAILURES)).classes("text-sm")
