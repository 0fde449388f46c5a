"""What the 批量发货 dialog lists before and after shipping.

Before: one row per carrier with its stock or e-waybill quota (a buy link where pool stock is
short), then the request warnings, the rules' reasons and the orders that cannot go. After: the
count shipped and failed, the orders per carrier, the carriers' warnings and the failures (the
first SHOWN_FAILURES of them, the rest counted)."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.carriers import codes
from waybill_ui.services.shipping import batch as batch_ship
from waybill_ui.ui.i18n import t
from waybill_ui.ui.orders.batch.state import REASON_ORDERS_SHOWN, SHOWN_FAILURES


def show_preview(preview: batch_ship.BatchPreview) -> None:
    """Into the current container."""
    for group in preview.groups:
        group_row(group)
    if preview.warnings:
        with (
            ui.expansion(t("orders.batch.request_warnings", count=len(preview.warnings)), value=True)
            .classes("w-full text-sm text-red-700 font-bold")
            .mark("batch-request-warnings")
        ):
            for item in preview.warnings[:SHOWN_FAILURES]:
                ui.label(f"{item['order_no']}: {item['warning']}").classes("font-normal")
    if preview.reasons:
        _reasons(preview.reasons)
    if preview.not_shippable:
        with (
            ui.expansion(t("orders.batch.not_shippable", count=len(preview.not_shippable)))
            .classes("w-full text-sm")
            .mark("batch-not-shippable")
        ):
            for item in preview.not_shippable[:SHOWN_FAILURES]:
                ui.label(f"{item['order_no']}: {item['reason']}")


def uncovered(preview: batch_ship.BatchPreview) -> int:
    """Orders whose carrier does not serve their address (an override reason can ship them)."""
    return sum(1 for item in preview.not_shippable if item["code"] == "not_served")


def shippable(preview: batch_ship.BatchPreview) -> int:
    return sum(g.orders for g in preview.groups)


def group_row(group: batch_ship.CarrierGroup) -> None:
    with ui.row().classes("w-full items-center gap-3 bg-gray-50 rounded p-2").mark(f"batch-group-{group.carrier}"):
        ui.label(codes.name_of(group.carrier)).classes("font-bold w-28")
        # merged orders share a number and a split order takes one per parcel: then both are said
        parcels = "_parcels" if group.needed != group.orders else ""
        if group.ewaybill:  # its numbers come from the provider's quota, not the pool
            key = "ewaybill.batch.group_unknown" if group.unknown else "ewaybill.batch.group"
            ui.label(t(key + parcels, orders=group.orders, numbers=group.needed, quota=group.stock)).mark(
                f"batch-quota-{group.carrier}"
            )
        else:
            ui.label(t("orders.batch.group" + parcels, orders=group.orders, numbers=group.needed, stock=group.stock))
        if not group.short:
            ui.icon("check_circle", color="positive")
        elif group.ewaybill:
            ui.label(t("ewaybill.batch.short", short=group.short)).classes("text-red-700").mark(
                f"batch-short-{group.carrier}"
            )
        else:
            ui.label(t("orders.batch.short", short=group.short)).classes("text-red-700")
            ui.link(t("orders.ship.buy"), "/market").mark(f"batch-buy-{group.carrier}")


def _reasons(reasons: dict[str, list[str]]) -> None:
    with ui.expansion(t("orders.batch.reasons")).classes("w-full text-sm").mark("batch-reasons"):
        for reason, order_nos in list(reasons.items())[:20]:
            ui.label(
                t(
                    "orders.batch.reason_line",
                    reason=reason,
                    count=len(order_nos),
                    orders="、".join(order_nos[:REASON_ORDERS_SHOWN]),
                    more="…" if len(order_nos) > REASON_ORDERS_SHOWN else "",
                )
            )


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
