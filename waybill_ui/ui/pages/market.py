"""物流市场: the carrier catalogue. (Ratings, quotes and checkout come with the market issue.)"""

from __future__ import annotations

from nicegui import run, ui

from waybill_ui import runtime
from waybill_ui.carriers.protocol import ProviderError
from waybill_ui.services import catalogue
from waybill_ui.ui.frame import frame
from waybill_ui.ui.i18n import fen, t

ZONES = ("local", "region", "national", "remote")


def _rows(entries) -> list[dict]:
    rows = []
    for carrier, packages in entries:
        row = {"code": carrier.code, "carrier": f"{carrier.name}（{carrier.code}）",
               "days": int(carrier.transit_days.get("national", 0)),
               "excluded": "、".join(carrier.provinces_excluded) or t("market.all_served"),
               "packages": "；".join(t("market.package", quantity=p.quantity, price=fen(p.price_fen),
                                       validity=p.validity_days) for p in packages)}
        for zone in ZONES:
            row[zone] = fen(carrier.prices.get(zone, {}).get("first_fen"))
        rows.append(row)
    return rows


@ui.page("/market", title="物流市场 · 快递单号管家")
async def market_page() -> None:
    rt = runtime.get()
    with frame("/market"):
        with ui.row().classes("w-full items-center"):
            ui.label(t("market.title")).classes("text-2xl font-bold")
            ui.space()
            refresh_button = ui.button(t("common.refresh"), icon="refresh").props("outline").mark("market-refresh")
        ui.label(t("market.intro")).classes("text-gray-600")
        columns = [{"name": "carrier", "label": t("market.col.carrier"), "field": "carrier", "align": "left"}]
        columns += [{"name": z, "label": t(f"market.col.{z}"), "field": z} for z in ZONES]
        columns += [{"name": "days", "label": t("market.col.days"), "field": "days", "sortable": True},
                    {"name": "excluded", "label": t("market.col.excluded"), "field": "excluded", "align": "left"},
                    {"name": "packages", "label": t("market.col.packages"), "field": "packages", "align": "left",
                     "style": "white-space: normal; min-width: 280px"}]
        table = ui.table(columns=columns, rows=[], row_key="code").classes("w-full").mark("carrier-table")
        empty = ui.label(t("market.empty")).classes("text-gray-500").mark("market-empty")

        async def load() -> None:
            rows = _rows(await run.io_bound(catalogue.list_carriers, rt.db))
            table.rows = rows
            table.update()
            empty.set_visibility(not rows)

        async def refresh() -> None:
            refresh_button.props("loading")
            try:
                count = await catalogue.refresh(rt.db, provider=rt.providers.market)
                ui.notify(t("market.refreshed", count=count), type="positive")
            except ProviderError as exc:
                ui.notify(t("market.refresh_failed", error=str(exc)), type="warning")
            finally:
                refresh_button.props(remove="loading")
            await load()

        refresh_button.on_click(refresh)
        await load()
        if not table.rows:  # first start: the catalogue job may not have run yet
            await refresh()
