"""工作台: what needs doing today (orders waiting, alerts, stock running out, purchases still
syncing) and how the last 30 days went, in four charts. Every figure links to the page that
deals with it. The page follows the shop's news on the runtime bus while it is open."""

from __future__ import annotations


from nicegui import ui

from typing import Any
from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.clock import epoch, fmt_local
from waybill_ui.services.reports import dashboard
from waybill_ui.services.settings import senders
from waybill_ui.services.alerts.center import kind_label
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.texts import TEXTS
from waybill_ui.ui import live
from waybill_ui.ui import dashboard_charts
from waybill_ui.ui.frame import frame
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.session import principal, signed_in
from waybill_ui.ui.components.first_run import open_first_run

TOPICS = ("orders", "shipments", "alerts", "pool", "purchases", "returns")
MIN_GAP_S = 5.0  # news arriving in a burst (a batch ship) refreshes the page once
PERIODIC_S = 60.0  # "today" and expiry move on with the clock even without news


def status_label(status: str) -> str:
    return t(f"status.{status}") if f"status.{status}" in TEXTS else t(f"dash.status.{status}")


def _figure(label: str, value: int, href: str, marker: str, *, note: str = "", warn: bool = False) -> None:
    with ui.link(target=href).classes("no-underline text-inherit"):
        with ui.card().classes("w-48 p-3 cursor-pointer hover:shadow-md").mark(marker):
            ui.label(label).classes("text-sm text-gray-600")
            ui.label(f"{value:,}").classes("text-3xl font-bold " + ("text-orange-600" if warn and value else ""))
            if note:
                ui.label(note).classes("text-xs text-gray-500")


def _days(days: float | None) -> str:
    if days is None:
        return t("dash.days_never")
    return "> 365" if days > 365 else f"{days:.1f}"


def _stock_card(snap: dashboard.Snapshot) -> None:
    with ui.card().classes("flex-1 min-w-[22rem]").mark("dash-stock"):
        with ui.row().classes("w-full items-center"):
            ui.label(t("dash.stock")).classes("text-lg font-bold")
            ui.space()
            ui.link(t("nav.pool"), "/pool").classes("text-sm")
        if not snap.stock:
            ui.label(t("dash.stock.none")).classes("text-gray-600")
            return
        columns = [
            {"name": "name", "label": t("reports.col.carrier"), "field": "name", "align": "left"},
            {"name": "available", "label": t("dash.stock.available"), "field": "available"},
            {"name": "rate", "label": t("dash.stock.rate"), "field": "rate"},
            {"name": "days_left", "label": t("dash.stock.days_left"), "field": "days_left"},
            {"name": "expiring", "label": t("dash.stock.expiring"), "field": "expiring"},
        ]
        rows = [
            {
                "name": s.name,
                "available": s.available,
                "rate": f"{s.rate_per_day:.1f}",
                "days_left": _days(s.days_left),
                "expiring": s.expiring_soon,
            }
            for s in snap.stock
        ]
        ui.table(columns=columns, rows=rows, row_key="name").props("flat dense").classes("w-full").mark(
            "dash-stock-table"
        )


def _chips_card(title: str, marker: str, items: list[tuple[str, int, str]], empty: str) -> None:
    with ui.card().classes("flex-1 min-w-[18rem]").mark(marker):
        ui.label(title).classes("text-lg font-bold")
        if not items:
            ui.label(empty).classes("text-gray-600")
            return
        with ui.row().classes("gap-2"):
            for label, count, href in items:
                with ui.link(target=href).classes("no-underline"):
                    ui.chip(f"{label} {count:,}").props("clickable outline color=primary").mark(f"{marker}-item")


def _figures(snap: dashboard.Snapshot) -> None:
    with ui.row().classes("w-full gap-3"):
        _figure(t("dash.pending"), snap.pending_orders, "/orders", "dash-pending", warn=True)
        _figure(
            t("orders.needs_address"), snap.needs_address, "/orders?needs_address=1", "dash-needs-address", warn=True
        )
        _figure(t("dash.new_today"), snap.new_orders_today, "/orders", "dash-new-today")
        _figure(t("dash.shipped_today"), snap.shipped_today, "/tracking", "dash-shipped-today")
        _figure(t("dash.alerts_open"), snap.alerts_open, "/alerts", "dash-alerts-open", warn=True)
        _figure(
            t("dash.purchases_waiting"),
            snap.purchases_waiting,
            "/market/purchases?status=sync_pending",
            "dash-purchases",
            warn=True,
            note=t("dash.numbers_waiting", count=snap.numbers_waiting) if snap.numbers_waiting else "",
        )
        _figure(t("dash.returns_open"), snap.returns_open, "/aftership", "dash-returns", warn=True)
    with ui.row().classes("w-full gap-3 items-stretch"):
        _stock_card(snap)
        _chips_card(
            t("dash.alerts"),
            "dash-alerts",
            [(kind_label(k, lang()), n, f"/alerts?kind={k}") for k, n in snap.alerts_by_kind.items()],
            t("dash.alerts.none"),
        )
        _chips_card(
            t("dash.statuses"),
            "dash-statuses",
            [(status_label(s), n, f"/tracking?status={s}") for s, n in snap.shipments_by_status.items()],
            t("dash.statuses.none"),
        )


def _start(on_demo) -> None:
    me = signed_in()
    with ui.card().classes("w-full max-w-3xl").mark("dash-start"):
        ui.label(t("dash.start.title")).classes("text-2xl font-bold")
        ui.label(t("dash.start.body")).classes("text-gray-600")
        steps = [
            ("dash.start.orders", "upload_file", "/orders", "start-orders"),
            ("dash.start.market", "storefront", "/market", "start-market"),
            ("dash.start.pool", "inventory_2", "/pool", "start-pool"),
        ]
        with ui.column().classes("w-full gap-2 mt-2"):
            for key, icon, href, marker in steps:
                with ui.row().classes("items-center gap-3"):
                    ui.button(t(key), icon=icon, on_click=lambda h=href: ui.navigate.to(h)).props("no-caps").classes(
                        "w-44"
                    ).mark(marker)
                    ui.label(t(f"{key}_hint")).classes("text-gray-600")
            if me and me.is_owner:
                with ui.row().classes("items-center gap-3"):
                    ui.button(t("dash.start.demo"), icon="science", on_click=on_demo).props("no-caps outline").classes(
                        "w-44"
                    ).mark("start-demo")
                    ui.label(t("dash.start.demo_hint")).classes("text-gray-600")


@ui.page("/", title="工作台 · 快递单号管家")
async def dashboard_page() -> None:
    rt = runtime.get()
    db = rt.db
    state: dict[str, Any] = {"stale": False, "loading": False, "last": 0.0, "charts": {}}

    with frame("/"):
        with ui.row().classes("w-full items-center"):
            ui.label(t("dash.title")).classes("text-2xl font-bold").mark("dash-title")
            updated = ui.label().classes("text-sm text-gray-500").mark("dash-updated")
            ui.space()
            ui.button(t("dash.reports"), icon="insights", on_click=lambda: ui.navigate.to("/reports")).props(
                "no-caps outline"
            ).mark("dash-reports")
        sender_banner = ui.row().classes("w-full")
        figures = ui.column().classes("w-full gap-3").mark("dashboard")
        charts_box = ui.grid(columns="repeat(auto-fit, minmax(min(28rem, 100%), 1fr))").classes("w-full gap-3")

    async def load_demo() -> None:
        try:
            done = await io_bound(dashboard.load_demo, db, principal=signed_in())
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
            return
        ui.notify(t("dash.start.demo_done", orders=done["orders"]), type="positive")
        await load()

    def draw_charts(snap: dashboard.Snapshot) -> None:
        charts = state["charts"]
        if not charts:
            with charts_box:
                for name in dashboard_charts.BUILDERS:
                    with ui.card().classes("w-full p-2"):
                        charts[name] = ui.echart({}).classes("w-full h-72").mark(f"chart-{name}")
        for name, build in dashboard_charts.BUILDERS.items():
            charts[name].options.clear()
            charts[name].options.update(build(snap))
            charts[name].update()

    async def load() -> None:
        state.update(loading=True, stale=False)
        try:
            snap = await io_bound(dashboard.snapshot, db, lang=lang())
        finally:
            state.update(loading=False, last=epoch())
        if snap is None:  # the app is shutting down (NiceGUI's run answers None then): nothing to draw
            return
        updated.set_text(t("dash.updated", time=fmt_local(snap.made_at, "%H:%M:%S")))
        figures.clear()
        with figures:
            if snap.empty:
                _start(load_demo)
            else:
                _figures(snap)
        if snap.empty:
            charts_box.clear()
            state["charts"] = {}
        else:
            draw_charts(snap)

    async def tick() -> None:
        if state["loading"]:
            return
        since = epoch() - state["last"]  # the app's clock: a test moves it on rather than waiting
        if (state["stale"] and since >= MIN_GAP_S) or since >= PERIODIC_S or since < 0:  # < 0: set back
            await load()

    def mark_stale(_events) -> None:
        state["stale"] = True

    async def check_sender(first: bool = False) -> None:
        me = principal()
        has_sender = await io_bound(senders.default_sender, db) is not None
        sender_banner.clear()
        if has_sender or not me or not me.is_owner:
            return
        with sender_banner, ui.card().classes("w-full bg-orange-50 border-orange-300").mark("sender-banner"):
            with ui.row().classes("w-full items-center gap-2"):
                ui.icon("warning", color="orange")
                ui.label(t("firstrun.banner")).classes("grow")
                ui.button(t("firstrun.banner_button"), on_click=lambda: open_first_run(check_sender)).props(
                    "no-caps"
                ).mark("sender-banner-open")
        if first:
            open_first_run(check_sender)

    live.on_news(TOPICS, mark_stale)
    ui.timer(1.0, tick)
    await load()
    await check_sender(first=True)
