"""单号库存: stock per carrier, the number list, outlet import, refund/extend (owner), and the
purchase planner. Updates from jobs (expiry, recycling) and imports refresh the page live."""

from __future__ import annotations


from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.services.pool import stock as pool
from waybill_ui.ui.frame import frame
from waybill_ui.ui.i18n import t
from waybill_ui.ui.live import on_news
from waybill_ui.ui.pool.actions import open_action_dialog
from waybill_ui.ui.pool.import_dialog import ImportDialog
from waybill_ui.ui.pool.numbers_view import NumbersView
from waybill_ui.ui.pool.planner_view import PlannerView
from waybill_ui.ui.pool.stock_view import StockView
from waybill_ui.ui.session import signed_in
from typing import Any


@ui.page("/pool", title="单号库存 · 快递单号管家")
async def pool_page() -> None:
    rt = runtime.get()
    me = signed_in()
    values = await io_bound(pool.settings, rt.db)
    with frame("/pool"):
        with ui.row().classes("w-full items-center"):
            ui.label(t("poolui.title")).classes("text-2xl font-bold").mark("pool-title")
            ui.space()
            ui.button(t("poolui.audit"), icon="history", on_click=lambda: ui.navigate.to("/pool/audit")).props(
                "flat no-caps"
            ).mark("pool-audit-link")
            import_button = ui.button(t("poolui.import"), icon="upload").props("no-caps").mark("pool-import")
        ui.label(t("poolui.intro")).classes("text-gray-600")

        async def refresh_all() -> None:
            await stock.load()
            await numbers.load()
            await plans.load()

        async def on_expiring(carrier: str) -> None:
            await numbers.show_expiring(carrier, int(values["pool.expiry_warn_days"]))

        async def on_action(kind: str, rows: list[dict[str, Any]]) -> None:
            open_action_dialog(kind, rows, actor=me, on_done=refresh_all)

        stock = StockView(actor=me.username, on_expiring=on_expiring)
        numbers = NumbersView(owner=me.is_owner, on_action=on_action)
        plans = PlannerView(can_buy=me.is_owner, horizon_days=int(values["pool.planner_horizon_days"]))
        importer = ImportDialog(actor=me.username, on_done=refresh_all)
        import_button.on_click(importer.open)
        await refresh_all()

    client = ui.context.client
    on_news("pool", lambda _events: _reload(client, stock, numbers))


async def _reload(client, stock: StockView, numbers: NumbersView) -> None:
    with client:
        await stock.load()
        await numbers.load()
