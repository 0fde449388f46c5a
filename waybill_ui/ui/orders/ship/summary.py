"""The top of the 发货 dialog: who and what is shipped, the buyer's message and the seller's memo,
the merged or split parcel; and the carrier choices with their stock or e-waybill quota."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.carriers import codes
from waybill_ui.carriers.geo import place
from waybill_ui.services.shipping import single as shipping
from waybill_ui.ui.i18n import fen, t


def order_summary(context: shipping.DialogContext) -> None:
    order = context.order
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
            ui.label(t("orders.ship.group", orders="、".join(context.group))).classes("text-teal-800 font-bold").mark(
                "ship-group"
            )
        if context.parcels > 1:  # split: one number per parcel still to ship
            ui.label(t("orders.ship.parcels", count=context.parcels, left=context.parcels_left)).classes(
                "text-teal-800 font-bold"
            ).mark("ship-parcels")


def carrier_options(context: shipping.DialogContext) -> dict[str, str]:
    """Every carrier, named with its pool stock (or its e-waybill quota) and whether it serves the province."""
    return {code: _option(context, code, c.name) for code, c in codes.CARRIERS.items()}


def _option(context: shipping.DialogContext, code: str, name: str) -> str:
    if code in context.quota:  # issued by the provider: its quota, not pool stock
        quota = context.quota[code]
        text = t("ewaybill.dialog.option", name=name, quota="?" if quota is None else quota)
    else:
        text = t("orders.ship.carrier_option", name=name, stock=context.stock.get(code, 0))
    if code in context.not_serving:
        return t("coverage.option_not_served", name=text, province=context.order.province)
    return text
