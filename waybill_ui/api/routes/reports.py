"""Reports and the dashboard's figures as JSON, CSV and XLSX (read-only: staff may read them).

Periods are shop-local calendar days, both ends included: `?start=2026-01-01&end=2026-01-31`
(`since`/`until` are accepted as the same), or `?period=last_month|this_month|last_7|last_30`
(the default: last month)."""

from __future__ import annotations

from datetime import date

from typing import Annotated

from fastapi import Depends
from fastapi.responses import Response

from waybill_ui.api.deps import DB, CurrentUser
from waybill_ui.services.reports import dashboard
from waybill_ui.services.reports import export as report_export
from waybill_ui.services.reports import summary as reports
from waybill_ui.services.common.errors import Invalid
from waybill_ui.services.reports.tables import PRESETS, Period, make_period, preset
from waybill_ui.api.router import api_router
from typing import Any

router = api_router(tags=["reports"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _period(
    period: str | None = None,
    start: date | None = None,
    end: date | None = None,
    since: date | None = None,
    until: date | None = None,
) -> Period:
    """The period every report route takes from its query (see the module docstring)."""
    start, end = start or since, end or until
    if start is not None or end is not None:
        return make_period(start, end)
    if period and period not in PRESETS[:-1]:
        raise Invalid("reports.bad_preset", period=period, choices=", ".join(PRESETS[:-1]))
    return preset(period or "last_month")


ReportPeriod = Annotated[Period, Depends(_period)]


def _section(section: str) -> str:
    if section not in reports.SECTIONS:
        raise Invalid("reports.bad_section", section=section, choices=", ".join(reports.SECTIONS))
    return section


def _attachment(data: bytes, name: str, media_type: str) -> Response:
    return Response(data, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/reports.xlsx")
def report_xlsx(
    db: DB,
    user: CurrentUser,
    period: ReportPeriod,
    shop_id: int | None = None,
) -> Response:
    """The whole report, one sheet per table (and one with the short answer)."""
    report = reports.build(db, period=period, lang=user.language, shop_id=shop_id)
    return _attachment(
        report_export.to_xlsx(report, user.language), report_export.filename(report, "all", "xlsx"), XLSX
    )


@router.get("/reports/{section}.csv")
def report_csv(
    section: str,
    db: DB,
    user: CurrentUser,
    period: ReportPeriod,
    shop_id: int | None = None,
) -> Response:
    """One table as CSV (UTF-8 with BOM, formula-safe): carriers, shops, pool, provinces, alerts or
    returns. `shop_id` (every route here): the carriers and shops tables for one shop."""
    section = _section(section)
    report = reports.build(
        db,
        period=period,
        lang=user.language,
        sections=(section,),
        shop_id=shop_id,
    )
    return _attachment(
        report_export.to_csv(report, section, user.language),
        report_export.filename(report, section, "csv"),
        "text/csv; charset=utf-8",
    )


@router.get("/reports/{section}")
def report_json(
    section: str,
    db: DB,
    user: CurrentUser,
    period: ReportPeriod,
    shop_id: int | None = None,
) -> dict:
    """One table: `{"period": {"start", "end"}, "rows": [...], "total": {...}|null, "findings": [...]}`.
    Money in fen (`*_fen`), rates as fractions (0.25 = 25%), null where there is nothing to divide."""
    section = _section(section)
    report = reports.build(
        db,
        period=period,
        lang=user.language,
        sections=(section,),
        shop_id=shop_id,
    )
    table = report.tables[section]
    body: dict[str, Any] = {
        "period": {"start": report.period.start.isoformat(), "end": report.period.end.isoformat()},
        "columns": [{"key": c.key, "kind": c.kind, "label": c.label(user.language)} for c in table.columns],
        "rows": table.rows,
        "total": table.total,
    }
    if section == "carriers":
        body["findings"] = report.findings.sentences(user.language)
    return body


@router.get("/dashboard")
def dashboard_figures(db: DB, user: CurrentUser) -> dict[str, Any]:
    """Today's figures: orders waiting, new and shipped today, open alerts by kind, the last 30
    days' shipments by status, purchases waiting for numbers."""
    snap = dashboard.counts(db)
    return {
        "empty": snap.empty,
        "pending_orders": snap.pending_orders,
        "new_orders_today": snap.new_orders_today,
        "shipped_today": snap.shipped_today,
        "alerts_open": snap.alerts_open,
        "alerts_by_kind": snap.alerts_by_kind,
        "shipments_by_status": snap.shipments_by_status,
        "purchases_waiting": snap.purchases_waiting,
        "numbers_waiting": snap.numbers_waiting,
    }
