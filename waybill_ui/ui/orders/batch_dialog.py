"""批量发货 dialog: preview grouped by carrier with a stock check (and a buy link where stock is
short), confirm, progress, a result summary and the marketplace batch-ship file."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.carriers import codes
from waybill_ui.clock import SHANGHAI, utcnow
from waybill_ui.services.shipping import dispatch as batch_dispatch
from waybill_ui.services.shipping import batch as batch_ship
from waybill_ui.services.ewaybill import issue as ewaybill
from waybill_ui.services.orders import shipback as exports
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.ui.components.labels import print_labels
from waybill_ui.ui.orders.packing_actions import print_pick_list
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.orders.progress import Progress
from waybill_ui.ui.session import actor
from typing import Any

SHOWN_FAILURES = 200
REASON_ORDERS_SHOWN = 5


async def open_batch_dialog(order_ids: list[int], on_done: Callable[[], Awaitable[None] | None]) -> None:
    db = runtime.get().db
    state: dict[str, Any] = {"preview": None, "batch_id": None, "shipped": []}

    with ui.dialog().props("persistent") as dialog, ui.card().classes("w-[48rem] max-w-full").mark("batch-dialog"):
        ui.label(t("orders.batch.title", count=len(order_ids))).classes("text-lg font-bold")
        with ui.row().classes("w-full items-center gap-4"):
            mode = (
                ui.toggle({"rules": t("orders.batch.by_rules"), "one": t("orders.batch.one_carrier")}, value="rules")
                .props("no-caps dense")
                .mark("batch-mode")
            )
            carrier = (
                ui.select({c: v.name for c, v in codes.CARRIERS.items()}, label=t("orders.ship.carrier"))
                .props("outlined dense")
                .classes("w-48")
                .mark("batch-carrier")
            )
        override = (
            ui.input(t("coverage.override_reason"), placeholder=t("coverage.override_hint"))
            .props("outlined dense debounce=600")
            .classes("w-full")
            .mark("batch-override-reason")
        )
        groups_box = ui.column().classes("w-full gap-1").mark("batch-groups")
        progress = Progress("batch-progress")
        result_box = ui.column().classes("w-full gap-1").mark("batch-result")
        with ui.row().classes("w-full justify-end"):
            close_button = ui.button(t("common.cancel"), on_click=lambda: finish()).props("flat").mark("batch-close")
            ui.button(
                t("orders.action.pick_list"), icon="checklist", on_click=lambda: print_pick_list(order_ids)
            ).props("flat no-caps").mark("batch-pick-list")  # the batch's 拣货单 (docs/packing.md)
            download = (
                ui.button(t("orders.batch.download"), icon="download", on_click=lambda: fetch_file())
                .props("outline")
                .mark("batch-download")
            )
            print_all = (
                ui.button(
                    t("labels.print_all"),
                    icon="print",
                    on_click=lambda: print_labels([item["shipment_id"] for item in state["shipped"]]),
                )
                .props("outline")
                .mark("batch-print")
            )
            confirm = ui.button(icon="local_shipping", on_click=lambda: ship()).mark("batch-confirm")
    download.set_visibility(False)
    print_all.set_visibility(False)
    carrier.set_visibility(False)
    override.set_visibility(False)

    async def refresh_preview() -> None:
        groups_box.clear()
        confirm.disable()
        chosen = carrier.value if mode.value == "one" else None
        if mode.value == "one" and not chosen:
            with groups_box:
                ui.label(t("orders.batch.pick_carrier")).classes("text-gray-600")
            return
        preview = await io_bound(
            batch_ship.preview_batch,
            db,
            order_ids=order_ids,
            carrier=chosen,
            override_reason=override.value or "",
            lang=lang(),
        )
        state["preview"] = preview
        shippable = sum(g.orders for g in preview.groups)
        with groups_box:
            for group in preview.groups:
                with (
                    ui.row()
                    .classes("w-full items-center gap-3 bg-gray-50 rounded p-2")
                    .mark(f"batch-group-{group.carrier}")
                ):
                    ui.label(codes.name_of(group.carrier)).classes("font-bold w-28")
                    if group.ewaybill:  # its numbers come from the provider's quota, not the pool
                        ui.label(
                            t(
                                "ewaybill.batch.group_unknown" if group.unknown else "ewaybill.batch.group",
                                orders=group.orders,
                                quota=group.stock,
                            )
                        ).mark(f"batch-quota-{group.carrier}")
                    else:
                        ui.label(t("orders.batch.group", orders=group.orders, stock=group.stock))
                    if group.short:
                        if group.ewaybill:
                            ui.label(t("ewaybill.batch.short", short=group.short)).classes("text-red-700").mark(
                                f"batch-short-{group.carrier}"
                            )
                        else:
                            ui.label(t("orders.batch.short", short=group.short)).classes("text-red-700")
                            ui.link(t("orders.ship.buy"), "/market").mark(f"batch-buy-{group.carrier}")
                    else:
                        ui.icon("check_circle", color="positive")
            if preview.warnings:
                with (
                    ui.expansion(t("orders.batch.request_warnings", count=len(preview.warnings)), value=True)
                    .classes("w-full text-sm text-red-700 font-bold")
                    .mark("batch-request-warnings")
                ):
                    for item in preview.warnings[:SHOWN_FAILURES]:
                        ui.label(f"{item['order_no']}: {item['warning']}").classes("font-normal")
            if preview.reasons:
                with ui.expansion(t("orders.batch.reasons")).classes("w-full text-sm").mark("batch-reasons"):
                    for reason, order_nos in list(preview.reasons.items())[:20]:
                        ui.label(
                            t(
                                "orders.batch.reason_line",
                                reason=reason,
                                count=len(order_nos),
                                orders="、".join(order_nos[:REASON_ORDERS_SHOWN]),
                                more="…" if len(order_nos) > REASON_ORDERS_SHOWN else "",
                            )
                        )
            if preview.not_shippable:
                with (
                    ui.expansion(t("orders.batch.not_shippable", count=len(preview.not_shippable)))
                    .classes("w-full text-sm")
                    .mark("batch-not-shippable")
                ):
                    for item in preview.not_shippable[:SHOWN_FAILURES]:
                        ui.label(f"{item['order_no']}: {item['reason']}")
            uncovered = sum(1 for item in preview.not_shippable if item["code"] == "not_served")
            override.set_visibility(bool(uncovered) or bool((override.value or "").strip()))
        confirm.set_text(t("orders.batch.confirm", count=shippable))
        confirm.set_enabled(shippable > 0)

    async def ship() -> None:
        confirm.disable()
        close_button.disable()
        progress.start()
        try:
            chosen = carrier.value if mode.value == "one" else None
            # pool numbers or e-waybills, whichever each order's carrier uses (services/shipping/dispatch.py)
            result = await batch_dispatch.ship_batch(
                db,
                order_ids=order_ids,
                actor=actor(),
                carrier=chosen,
                progress=progress,
                lang=lang(),
                provider_for=ewaybill.runtime_provider_for(runtime.get()),
                override_reason=(override.value or "") if chosen else "",
            )
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
            if exc.params.get("link"):
                with result_box:
                    ui.label(exc.message(lang())).classes("text-red-700")
                    ui.link(t("senders.set_now"), exc.params["link"]).mark("batch-fix-link")
            confirm.enable()
            return
        finally:
            progress.stop()
            close_button.enable()
        state["batch_id"] = result.batch_id
        state["shipped"] = result.shipped
        groups_box.clear()
        confirm.set_visibility(False)
        mode.disable()
        carrier.disable()
        close_button.set_text(t("orders.batch.close"))
        with result_box:
            ui.label(t("orders.batch.result", shipped=len(result.shipped), failed=len(result.failed))).classes(
                "font-bold"
            ).mark("batch-summary")
            per_carrier: dict[str, int] = {}
            for item in result.shipped:
                per_carrier[item["carrier"]] = per_carrier.get(item["carrier"], 0) + 1
            if per_carrier:
                ui.label("，".join(f"{codes.name_of(c)} {n}" for c, n in per_carrier.items())).classes("text-sm")
            for item in getattr(result, "warnings", [])[:SHOWN_FAILURES]:
                ui.label(f"{item['order_no']}: {item['warning']}").classes("text-sm text-red-700 font-bold").mark(
                    "batch-result-warning"
                )
            for item in result.failed[:SHOWN_FAILURES]:
                ui.label(f"{item['order_no']}: {item['reason']}").classes("text-sm text-red-700")
            if len(result.failed) > SHOWN_FAILURES:
                ui.label(t("orders.batch.more_failed", count=len(result.failed) - SHOWN_FAILURES)).classes("text-sm")
        download.set_visibility(bool(result.shipped))
        print_all.set_visibility(bool(result.shipped))
        outcome = on_done()  # the list behind the dialog drops the shipped orders and the selection now
        if outcome is not None:
            await outcome
        ui.notify(
            t("orders.batch.result", shipped=len(result.shipped), failed=len(result.failed)),
            type="positive" if result.shipped else "warning",
        )

    async def fetch_file() -> None:
        try:
            data = await io_bound(exports.batch_ship_csv, db, batch_id=state["batch_id"])
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
            return
        ui.download.content(data, exports.filename(utcnow().astimezone(SHANGHAI)), "text/csv")

    async def finish() -> None:
        dialog.close()
        dialog.delete()

    async def on_mode() -> None:
        carrier.set_visibility(mode.value == "one")
        await refresh_preview()

    mode.on_value_change(on_mode)
    carrier.on_value_change(refresh_preview)
    override.on_value_change(refresh_preview)
    dialog.open()
    await refresh_preview()
