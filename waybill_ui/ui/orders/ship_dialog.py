"""发货 dialog for one order: carrier pre-selected by the matching rules (with the reason), a pool
number held while the dialog is open (released on cancel, close or timeout), or a typed/scanned
number with carriers suggested from its pattern."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import app, ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.carriers import codes, formats
from waybill_ui.carriers.geo import place
from waybill_ui.services.ewaybill import issue as ewaybill
from waybill_ui.services.shipping import single as shipping
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.ui.components.labels import print_labels
from waybill_ui.ui.i18n import fen, lang, t
from waybill_ui.ui.orders.unsure_box import unsure_box
from waybill_ui.ui.session import actor
from typing import Any


async def open_ship_dialog(
    order_no: str, on_done: Callable[[], Awaitable[None] | None], shop_id: int | None = None
) -> None:
    db = runtime.get().db
    try:
        context = await io_bound(shipping.dialog_context, db, order_no=order_no, lang=lang(), shop_id=shop_id)
    except ServiceError as exc:
        ui.notify(exc.message(lang()), type="negative")
        return
    order, decision, stock = context.order, context.decision, context.stock
    state: dict[str, Any] = {"hold": None, "done": False}

    page = ui.context.client
    with ui.dialog().props("persistent") as dialog, ui.card().classes("w-[36rem] max-w-full").mark("ship-dialog"):
        ui.label(t("orders.ship.title", order_no=order.order_no)).classes("text-lg font-bold")
        with ui.column().classes("gap-0 text-sm"):
            ui.label(f"{order.receiver_name}  {order.phone or order.landline}").mark("ship-receiver")
            ui.label(place(order.province, order.city, order.district, order.address, sep=" "))
            ui.label(f"{order.items} ×{order.item_count}  {fen(order.amount_fen)}").classes("text-gray-600")
            if order.buyer_message:
                ui.label(t("orders.ship.message", message=order.buyer_message)).classes("text-orange-700")
            if order.seller_memo:
                ui.label(t("orders.ship.memo", memo=order.seller_memo)).classes("text-orange-700")
            if context.group:  # merged: one number for every order of the parcel
                ui.label(t("orders.ship.group", orders="、".join(context.group))).classes(
                    "text-teal-800 font-bold"
                ).mark("ship-group")
            if context.parcels > 1:  # split: one number per parcel still to ship
                ui.label(t("orders.ship.parcels", count=context.parcels, left=context.parcels_left)).classes(
                    "text-teal-800 font-bold"
                ).mark("ship-parcels")

        def option(code: str, name: str) -> str:
            if code in context.quota:  # issued by the provider: its quota, not pool stock
                quota = context.quota[code]
                text = t("ewaybill.dialog.option", name=name, quota="?" if quota is None else quota)
            else:
                text = t("orders.ship.carrier_option", name=name, stock=stock.get(code, 0))
            return (
                t("coverage.option_not_served", name=text, province=order.province)
                if code in context.not_serving
                else text
            )

        options = {code: option(code, c.name) for code, c in codes.CARRIERS.items()}
        carrier = (
            ui.select(
                options, value=decision.carrier if decision.carrier in options else None, label=t("orders.ship.carrier")
            )
            .props("outlined dense")
            .classes("w-full")
            .mark("ship-carrier")
        )
        reason = ui.label(decision.reason(lang())).classes("text-sm text-gray-600").mark("ship-reason")
        request_warning = (
            ui.label()
            .classes("text-base font-bold text-red-700 bg-red-50 rounded p-2 w-full")
            .mark("ship-request-warning")
        )
        override = (
            ui.input(t("coverage.override_reason"), placeholder=t("coverage.override_hint"))
            .props("outlined dense")
            .classes("w-full")
            .mark("ship-override-reason")
        )
        mode = (
            ui.toggle({"pool": t("orders.ship.mode_pool"), "typed": t("orders.ship.mode_typed")}, value="pool")
            .props("no-caps dense")
            .mark("ship-mode")
        )

        with ui.column().classes("w-full gap-1") as pool_box:
            held_label = ui.label().classes("font-mono text-lg").mark("ship-held-number")
            with ui.row().classes("items-center gap-2") as empty_box:
                ui.label().classes("text-red-700").mark("ship-no-stock").bind_text_from(
                    carrier, "value", lambda v: t("orders.ship.no_stock", carrier=codes.name_of(v or ""))
                )
                ui.link(t("orders.ship.buy"), "/market").mark("ship-buy-link")
        with ui.column().classes("w-full gap-1") as typed_box:
            number = (
                ui.input(t("orders.ship.number"), placeholder=t("orders.ship.number_hint"))
                .props("outlined dense autofocus clearable")
                .classes("w-full font-mono")
                .mark("ship-number")
            )
            suggestions = ui.row().classes("gap-1 items-center").mark("ship-suggestions")
        error = ui.label().classes("text-red-700 text-sm").mark("ship-error")
        fix_link = ui.link(t("senders.set_now"), "/settings").classes("text-sm").mark("ship-fix-link")
        fix_link.set_visibility(False)
        unsure = unsure_box(order.order_no, lambda result: shipped(result))
        with ui.row().classes("w-full justify-end items-center gap-2 flex-wrap"):
            print_after = ui.checkbox(
                t("labels.print_after_ship"), value=app.storage.user.get("print_after_ship", True)
            ).mark("ship-print-after")
            ui.space()
            ui.button(t("common.cancel"), on_click=lambda: close()).props("flat").mark("ship-cancel")
            confirm = ui.button(t("orders.ship.confirm"), icon="local_shipping", on_click=lambda: submit()).mark(
                "ship-confirm"
            )

    async def release() -> None:
        hold, state["hold"] = state["hold"], None
        if hold is not None:
            await io_bound(shipping.release_hold, db, token=hold.token)

    def show_checks(code: str | None) -> None:
        warning = context.warning_for(code, lang())
        request_warning.set_text(warning)
        request_warning.set_visibility(bool(warning))
        uncovered = bool(code) and code in context.not_serving
        override.set_visibility(uncovered)
        if uncovered:
            override.props(
                f'hint="{t("coverage.not_served", carrier=codes.name_of(code or ""), province=order.province)}"'
            )

    async def hold_for(code: str | None) -> None:
        reason.set_text(
            decision.reason(lang())
            if code == decision.carrier or not decision.carrier
            else t("orders.ship.manual_choice", carrier=codes.name_of(decision.carrier), reason=decision.reason(lang()))
        )
        show_checks(code)
        await release()
        empty_box.set_visibility(False)
        held_label.set_text("")
        state["ewaybill"] = False
        if not code or mode.value != "pool":
            return
        if await io_bound(ewaybill.has_account, db, code):  # the provider issues it on confirm
            state["ewaybill"] = True
            held_label.set_text(t("ewaybill.dialog.will_issue", carrier=codes.name_of(code)))
            return
        hold = await io_bound(shipping.hold_number, db, carrier=code)
        if state["done"]:  # the dialog closed while we waited
            if hold:
                await io_bound(shipping.release_hold, db, token=hold.token)
            return
        state["hold"] = hold
        if hold is None:
            empty_box.set_visibility(True)
        else:
            minutes = int(shipping.HOLD_TTL.total_seconds() // 60)
            held_label.set_text(t("orders.ship.held", number=hold.number, minutes=minutes))

    def suggest() -> None:
        suggestions.clear()
        value = formats.clean(number.value or "")
        if len(value) < 6:
            return
        with suggestions:
            found = formats.suggest_carriers(value)
            ui.label(t("orders.ship.suggest") if found else t("orders.ship.no_suggestion")).classes(
                "text-sm text-gray-600"
            )
            for code in found:
                ui.chip(codes.name_of(code), on_click=lambda c=code: carrier.set_value(c)).props(
                    "dense clickable"
                ).mark(f"suggest-{code}")

    async def on_mode() -> None:
        pool_box.set_visibility(mode.value == "pool")
        typed_box.set_visibility(mode.value == "typed")
        await hold_for(carrier.value)

    async def close() -> None:
        state["done"] = True
        timeout.deactivate()
        await release()
        dialog.close()
        dialog.delete()

    async def lapse() -> None:
        ui.notify(t("orders.ship.lapsed"), type="warning")
        await close()

    async def submit() -> None:
        error.set_text("")
        if not carrier.value and mode.value == "typed":
            error.set_text(t("orders.ship.pick_carrier"))
            return
        hold = state["hold"]
        typed = (number.value or "").strip() if mode.value == "typed" else ""
        if mode.value == "pool" and hold is None and not state.get("ewaybill"):
            error.set_text(t("orders.ship.no_stock", carrier=codes.name_of(carrier.value or "")))
            return
        if carrier.value in context.not_serving and not (override.value or "").strip():
            error.set_text(t("coverage.override_needed", carrier=codes.name_of(carrier.value), province=order.province))
            return
        confirm.props("loading")
        try:
            if mode.value == "pool" and state.get("ewaybill"):
                result = await ewaybill.issue_and_ship(
                    db,
                    order_no=order.order_no,
                    carrier=carrier.value,
                    actor=actor(),
                    lang=lang(),
                    shop_id=order.shop_id,
                    provider_for=ewaybill.runtime_provider_for(runtime.get()),
                )
            else:
                result = await io_bound(
                    shipping.ship_order,
                    db,
                    order_no=order.order_no,
                    carrier=carrier.value,
                    number=typed or None,
                    reservation=hold.token if hold and not typed else None,
                    actor=actor(),
                    lang=lang(),
                    override_reason=override.value or "",
                    shop_id=order.shop_id,
                )
        except ServiceError as exc:
            error.set_text(exc.message(lang()))
            if exc.params.get("link"):
                fix_link.props["href"] = exc.params["link"]
                fix_link.update()
                fix_link.set_visibility(True)
            unsure.set_visibility(exc.code == "ewaybill_unsure")
            if exc.code == "hold_lapsed":
                state["hold"] = None
                await hold_for(carrier.value)
            return
        finally:
            confirm.props(remove="loading")
        await shipped(result)

    async def shipped(result) -> None:
        state["hold"] = None  # used, nothing to release
        if len(result.parcels) > 1:
            ui.notify(
                t(
                    "orders.ship.done_parcels",
                    order_no=result.order_no,
                    count=len(result.parcels),
                    numbers="、".join(p[2] for p in result.parcels),
                ),
                type="positive",
            )
        elif len(result.order_nos) > 1:
            ui.notify(
                t("orders.ship.done_group", orders="、".join(result.order_nos), number=result.number), type="positive"
            )
        else:
            ui.notify(
                t(
                    "orders.ship.done",
                    order_no=result.order_no,
                    carrier=codes.name_of(result.carrier),
                    number=result.number,
                ),
                type="positive",
            )
        if result.warning:
            ui.notify(result.warning, type="warning", timeout=8000)
        await close()
        app.storage.user["print_after_ship"] = bool(print_after.value)
        if print_after.value:
            with page.content:  # the ship dialog is gone: the print dialog belongs to the page
                await print_labels([p[0] for p in result.parcels] or [result.id])
        outcome = on_done()
        if outcome is not None:
            await outcome

    carrier.on_value_change(lambda e: hold_for(e.value))
    mode.on_value_change(on_mode)
    number.on_value_change(suggest)
    with dialog:  # the timer lives and dies with the dialog
        timeout = ui.timer(shipping.HOLD_TTL.total_seconds(), lapse, once=True)
    ui.context.client.on_disconnect(release)
    typed_box.set_visibility(False)
    dialog.open()
    await hold_for(carrier.value)
