"""单号操作记录: every status change of every number, filtered, paged on the server and exported;
and one number's page with its pool record, shipments, duplicate check and history.

The list is `AuditView` (ui/pool/audit_view.py), the number's cards are in ui/pool/number_detail.py;
the pages below put them in the frame."""

from __future__ import annotations

from nicegui import ui

from waybill_ui import runtime
from waybill_ui.services.common.errors import NotFound
from waybill_ui.services.pool import numbers as pool_numbers
from waybill_ui.ui.frame import frame
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.pool.audit_view import AuditView
from waybill_ui.ui.pool.number_detail import number_detail
from waybill_ui.ui.work import io_bound

__all__ = ["pool_audit_page", "pool_number_page"]


def _back() -> None:
    ui.button(t("poolui.audit.back"), icon="arrow_back", on_click=lambda: ui.navigate.to("/pool")).props("flat no-caps")


@ui.page("/pool/audit", title="单号操作记录 · 快递单号管家")
async def pool_audit_page() -> None:
    with frame("/pool"):
        with ui.row().classes("w-full items-center"):
            ui.label(t("poolui.audit.title")).classes("text-2xl font-bold").mark("audit-title")
            ui.space()
            _back()
        ui.label(t("poolui.audit.intro")).classes("text-gray-600")
        view = AuditView()
        await view.load()


@ui.page("/pool/number/{carrier}/{number}", title="单号详情 · 快递单号管家")
async def pool_number_page(carrier: str, number: str) -> None:
    db = runtime.get().db
    with frame("/pool"):
        _back()
        try:
            d = await io_bound(pool_numbers.number_detail, db, carrier=carrier.upper(), number=number)
        except NotFound as exc:
            ui.label(exc.message(lang())).classes("text-lg").mark("number-not-found")
            return
        number_detail(d)
