"""The orders page's 拣货单 / 发货单 buttons: the selection (or the whole matching list when
"select all" is on — a batch) → one PDF (services/packing/pick_list.py), printed from the hidden
frame like labels, with a link to open it."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.services.packing import pick_list
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.packing.pdf import print_pdf


def _make(db, order_ids: list[int], slips: bool) -> tuple[bytes, int] | None:
    picks, slip_pages = pick_list.collect(db, order_ids=order_ids)
    if not slip_pages:
        return None
    pdf = pick_list.render_slips(slip_pages) if slips else pick_list.render_pick_list(picks)
    return pdf, len(slip_pages)


async def print_pick_list(order_ids: list[int], *, slips: bool = False) -> str | None:
    db = runtime.get().db
    try:
        made = await io_bound(_make, db, order_ids, slips)
    except ServiceError as exc:
        ui.notify(exc.message(lang()), type="warning")
        return None
    if made is None:
        ui.notify(t("pick.no_items"), type="warning")
        return None
    pdf, count = made
    url = await print_pdf(pdf)
    what = t("orders.action.slips" if slips else "orders.action.pick_list")
    ui.notify(t("pick.printing", count=count, what=what), type="positive")
    return url
