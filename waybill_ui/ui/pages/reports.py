"""报表: a period picker, the short answer (cheapest carrier per delivered parcel, the one late most
often), the four tables with what each figure means, and the downloads (CSV per table, XLSX for
the whole report) holding exactly what the tables show."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.services.reports import export as report_export
from waybill_ui.services.reports import summary as reports
from waybill_ui.services.orders import shops
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.services.reports.tables import PRESETS, Table, cell_text, make_period, preset
from waybill_ui.ui.frame import frame
from waybill_ui.ui.i18n import lang, t
from typing import Any

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _table(table: Table, on_csv) -> None:
    with ui.card().classes("w-full").mark(f"report-{table.key}"):
        with ui.row().classes("w-full items-center"):
            ui.label(table.title(lang())).classes("text-lg font-bold")
            ui.space()
            ui.button(t("reports.export_csv"), icon="download", on_click=lambda: on_csv(table.key)).props(
                "flat dense no-caps"
            ).mark(f"csv-{table.key}")
        if not table.rows:
            ui.label(t("reports.empty")).classes("text-gray-600").mark(f"report-{table.key}-empty")
            return
        columns = [
            {"name": c.key, "label": c.label(lang()), "field": c.key, "align": "left" if c.kind == "text" else "right"}
            for c in table.columns
        ]
        rows = [
            {"_id": i, **{c.key: cell_text(c.kind, row.get(c.key), lang()) for c in table.columns}}
            for i, row in enumerate(table.rows + ([table.total] if table.total else []))
        ]
        shown = (
            ui.table(columns=columns, rows=rows, row_key="_id")
            .props("flat dense wrap-cells")
            .classes("w-full")
            .mark(f"report-{table.key}-table")
        )
        shown.props("hide-pagination :rows-per-page-options=[0]")
        for note in table.notes:
            ui.label(t(note)).classes("text-xs text-gray-500")


@ui.page("/reports", title="物流报表 · 快递单号管家")
async def reports_page(period: str = "last_30", start: str = "", end: str = "") -> None:
    """Opens on the last 30 days: "last month" is empty for a shop in its first weeks."""
    db = runtime.get().db
    dates = {p: (preset(p).start.isoformat(), preset(p).end.isoformat()) for p in PRESETS[:-1]}
    if start or end:  # dates that happen to be a preset light that preset up
        chosen = next((p for p, span in dates.items() if span == (start, end)), "custom")
    else:
        chosen = period if period in dates else "last_30"
        start, end = dates[chosen]
    state: dict[str, Any] = {"report": None, "syncing": False}

    with frame("/reports"):
        with ui.row().classes("w-full items-center"):
            ui.label(t("reports.title")).classes("text-2xl font-bold").mark("reports-title")
            ui.space()
            ui.button(t("reports.export_xlsx"), icon="grid_on", on_click=lambda: export_xlsx()).props("no-caps").mark(
                "export-xlsx"
            )
        ui.label(t("reports.intro")).classes("text-gray-600")
        with ui.row().classes("w-full items-end gap-2"):
            presets = (
                ui.toggle(
                    {p: t(f"reports.preset.{p}") for p in PRESETS}, value=chosen, on_change=lambda e: pick(e.value)
                )
                .props("no-caps unelevated toggle-color=primary")
                .mark("report-presets")
            )
            date_from = (
                ui.input(t("reports.from"), value=start)
                .props("outlined dense type=date")
                .classes("w-40")
                .mark("report-from")
            )
            date_to = (
                ui.input(t("reports.to"), value=end).props("outlined dense type=date").classes("w-40").mark("report-to")
            )
            shop_names = await io_bound(shops.names, db)
            shop = (
                ui.select(shop_names, label=t("shops.all"), clearable=True, on_change=lambda: show())
                .props("outlined dense")
                .classes("w-40")
                .mark("report-shop")
            )
            shop.set_visibility(len(shop_names) > 1)
            ui.button(t("reports.show"), icon="search", on_click=lambda: show()).props("no-caps").mark("report-show")
        period_label = ui.label().classes("text-sm text-gray-600").mark("report-period")
        body = ui.column().classes("w-full gap-3")

    async def pick(value: str) -> None:
        if value == "custom" or state["syncing"]:
            return
        chosen_period = preset(value)
        date_from.value, date_to.value = chosen_period.start.isoformat(), chosen_period.end.isoformat()
        await show(keep_preset=True)

    async def show(keep_preset: bool = False) -> None:
        try:
            chosen_period = make_period(date_from.value or None, date_to.value or None)
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
            return
        if not keep_preset:  # typed dates that happen to be a preset light that preset up
            state["syncing"] = True
            presets.set_value(next((p for p in PRESETS[:-1] if preset(p) == chosen_period), "custom"))
            state["syncing"] = False
        report = await io_bound(reports.build, db, period=chosen_period, lang=lang(), shop_id=shop.value)
        state["report"] = report
        period_label.set_text(t("reports.period_label", period=chosen_period.label()))
        body.clear()
        with body:
            with ui.card().classes("w-full bg-orange-50").mark("report-findings"):
                ui.label(t("reports.findings")).classes("text-lg font-bold")
                for sentence in report.findings.sentences(lang()):
                    ui.label(sentence).classes("text-base")
            for table in report.tables.values():
                _table(table, export_csv)

    def export_csv(section: str) -> None:
        report = state["report"]
        if report is not None:
            ui.download.content(
                report_export.to_csv(report, section, lang()),
                report_export.filename(report, section, "csv"),
                "text/csv",
            )

    async def export_xlsx() -> None:
        report = state["report"]
        if report is not None:
            data = await io_bound(report_export.to_xlsx, report, lang())
            ui.download.content(data, report_export.filename(report, "all", "xlsx"), XLSX)

    await show(keep_preset=True)
