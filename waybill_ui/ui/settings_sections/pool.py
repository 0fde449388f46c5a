"""Pool thresholds: expiry warning, lead time, usage window, planner horizon, minimum stock per
carrier (owner only)."""

from __future__ import annotations

from nicegui import ui

from typing import Any
from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.carriers import codes
from waybill_ui.services.pool import stock as pool
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.ui.i18n import lang, t

TAB_KEY = "settings.tab.pool"
ORDER = 40
OWNER_ONLY = True

_FIELDS = (
    ("pool.expiry_warn_days", "settings.pool.warn_days"),
    ("pool.lead_time_days", "settings.pool.lead_time"),
    ("pool.usage_window_days", "settings.pool.window"),
    ("pool.planner_horizon_days", "settings.pool.horizon"),
)


async def render(me) -> None:
    db = runtime.get().db
    values = await io_bound(pool.settings, db)
    ui.label(t("settings.pool.intro")).classes("text-gray-600")
    with ui.card().classes("w-full max-w-3xl").mark("pool-settings"):
        inputs = {}
        for key, label in _FIELDS:
            low, high, _ = pool.LIMITS[key]
            inputs[key] = (
                ui.number(t(label), value=values[key], min=low, max=high, precision=0)
                .props("outlined dense")
                .classes("w-96 max-w-full")
                .mark(f"setting-{key}")
            )
        ui.label(t("settings.pool.thresholds")).classes("font-bold mt-2")
        thresholds = {}
        with ui.grid(columns=3).classes("gap-2"):
            for code, carrier in codes.CARRIERS.items():
                thresholds[code] = (
                    ui.number(carrier.name, value=values["pool.low_stock_thresholds"].get(code, 0), min=0, precision=0)
                    .props("outlined dense")
                    .mark(f"setting-threshold-{code}")
                )

        async def save() -> None:
            new: dict[str, Any] = {
                key: int(field.value) if field.value is not None else None for key, field in inputs.items()
            }
            new["pool.low_stock_thresholds"] = {code: int(f.value or 0) for code, f in thresholds.items()}
            try:
                await io_bound(pool.save_settings, db, values=new, actor=me.username)
            except ServiceError as exc:
                ui.notify(exc.message(lang()), type="negative")
                return
            ui.notify(t("common.saved"), type="positive")

        ui.button(t("common.save"), icon="save", on_click=save).mark("pool-settings-save")
