"""Confirming the 发货 dialog: ship the order with what it holds — an e-waybill issued by the
provider, the held pool number or the typed one — and say what was shipped."""

from __future__ import annotations

from nicegui import ui

from waybill_ui import runtime
from waybill_ui.carriers import codes
from waybill_ui.services.ewaybill import issue as ewaybill
from waybill_ui.services.shipping import single as shipping
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.orders.ship.form import ShipForm
from waybill_ui.ui.orders.ship.state import ShipState
from waybill_ui.ui.session import actor
from waybill_ui.ui.work import io_bound


async def ship(context: shipping.DialogContext, form: ShipForm, state: ShipState) -> shipping.Shipped:
    """Raises ServiceError when the order cannot be shipped so."""
    db, order = runtime.get().db, context.order
    if form.pool and state.ewaybill:
        return await ewaybill.issue_and_ship(
            db,
            order_no=order.order_no,
            carrier=form.carrier.value,
            actor=actor(),
            lang=lang(),
            shop_id=order.shop_id,
            provider_for=ewaybill.runtime_provider_for(runtime.get()),
        )
    hold, typed = state.hold, form.typed_number()
    return await io_bound(
        shipping.ship_order,
        db,
        order_no=order.order_no,
        carrier=form.carrier.value,
        number=typed or None,
        reservation=hold.token if hold and not typed else None,
        actor=actor(),
        lang=lang(),
        override_reason=form.override.value or "",
        shop_id=order.shop_id,
    )


def announce(result: shipping.Shipped) -> None:
    if len(result.parcels) > 1:
        numbers = "、".join(p[2] for p in result.parcels)
        text = t("orders.ship.done_parcels", order_no=result.order_no, count=len(result.parcels), numbers=numbers)
    elif len(result.order_nos) > 1:
        text = t("orders.ship.done_group", orders="、".join(result.order_nos), number=result.number)
    else:
        carrier = codes.name_of(result.carrier)
        text = t("orders.ship.done", order_no=result.order_no, carrier=carrier, number=result.number)
    ui.notify(text, type="positive")
    if result.warning:
        ui.notify(result.warning, type="warning", timeout=8000)
