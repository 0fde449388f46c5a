"""ECharts options for the dashboard's four charts, built from a dashboard snapshot (plain data in,
plain dicts out, so they are easy to check)."""

from __future__ import annotations

from waybill_ui.carriers import codes
from waybill_ui.services.reports.dashboard import Snapshot
from waybill_ui.ui.i18n import t
from typing import Any

PALETTE = ["#ff5000", "#1677ff", "#52c41a", "#faad14", "#722ed1", "#13c2c2", "#eb2f96", "#8c8c8c", "#a0d911"]


def _base(title_key: str, **params) -> dict[str, Any]:
    return {
        "color": PALETTE,
        "title": {"text": t(title_key, **params), "left": "left", "textStyle": {"fontSize": 14}},
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 48, "right": 16, "top": 44, "bottom": 64},
        "legend": {"bottom": 0, "type": "scroll"},
    }


def _empty(options: dict[str, Any]) -> dict:
    options["graphic"] = [
        {
            "type": "text",
            "left": "center",
            "top": "middle",
            "style": {"text": t("dash.chart.empty"), "fill": "#999", "fontSize": 14},
        }
    ]
    options.setdefault("xAxis", {"type": "category", "data": []})
    options.setdefault("yAxis", {"type": "value"})
    options.setdefault("series", [])
    return options


def per_day(snap: Snapshot) -> dict[str, Any]:
    options = _base("dash.chart.per_day")
    options.update(
        xAxis={"type": "category", "data": snap.days},
        yAxis={"type": "value", "minInterval": 1},
        series=[
            {"name": codes.name_of(c), "type": "bar", "stack": "all", "data": values}
            for c, values in snap.per_day.items()
        ],
    )
    return options if snap.per_day else _empty(options)


def _carrier_rows(snap: Snapshot) -> list[dict[str, Any]]:
    return [r for r in (snap.carriers.rows if snap.carriers else []) if r["shipments"] or r["spend_fen"]]


def cost(snap: Snapshot) -> dict[str, Any]:
    rows = _carrier_rows(snap)
    options = _base("dash.chart.cost")
    options.update(
        xAxis={"type": "category", "data": [r["carrier"] for r in rows]},
        yAxis={"type": "value"},
        series=[
            {"name": t("dash.chart.spend"), "type": "bar", "data": [round(r["spend_fen"] / 100, 2) for r in rows]},
            {
                "name": t("dash.chart.per_delivered"),
                "type": "bar",
                "data": [
                    None if r["cost_per_delivered_fen"] is None else round(r["cost_per_delivered_fen"] / 100, 2)
                    for r in rows
                ],
            },
        ],
    )
    return options if rows else _empty(options)


def on_time(snap: Snapshot) -> dict[str, Any]:
    rows = [r for r in _carrier_rows(snap) if r["delivered"]]
    options = _base("dash.chart.on_time")
    options.update(
        xAxis={"type": "category", "data": [r["carrier"] for r in rows]},
        yAxis={"type": "value", "min": 0, "max": 100},
        series=[
            {
                "name": t("dash.chart.on_time_series"),
                "type": "bar",
                "label": {"show": True, "position": "top"},
                "data": [round(r["on_time_rate"] * 100, 1) for r in rows],
            }
        ],
    )
    return options if rows else _empty(options)


def forecast(snap: Snapshot) -> dict[str, Any]:
    plans = [p for p in snap.forecast if p.need or p.available]
    horizon = plans[0].horizon_days if plans else 30
    options = _base("dash.chart.forecast", days=horizon)
    options.update(
        xAxis={"type": "category", "data": [p.name for p in plans]},
        yAxis={"type": "value", "minInterval": 1},
        series=[
            {"name": t("dash.chart.usable"), "type": "bar", "data": [p.available - p.stock_unused for p in plans]},
            {"name": t("dash.chart.need"), "type": "bar", "data": [p.need for p in plans]},
            {"name": t("dash.chart.suggested"), "type": "bar", "data": [p.total_numbers for p in plans]},
        ],
    )
    return options if plans else _empty(options)


BUILDERS = {"per_day": per_day, "cost": cost, "on_time": on_time, "forecast": forecast}
