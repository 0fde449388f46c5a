"""发货: matching score weights, where parcels leave from, default weight, and auto-ship (owner only)."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.carriers import geo
from waybill_ui.clock import fmt_local
from waybill_ui.services.shipping import auto as auto_ship
from waybill_ui.services.settings import shipping as shipping_settings
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.ui.i18n import lang, t

TAB_KEY = "settings.tab.shipping"
ORDER = 40
OWNER_ONLY = True


async def render(me) -> None:
    db = runtime.get().db
    values = await io_bound(shipping_settings.current, db)
    with ui.card().classes("w-full max-w-2xl").mark("shipping-settings"):
        ui.label(t("shipset.weights")).classes("font-bold")
        ui.label(t("shipset.weights_intro")).classes("text-sm text-gray-600")
        weights = {}
        with ui.row():
            for name in ("price", "speed", "rating", "stock"):
                key = f"matching.weight_{name}"
                weights[key] = (
                    ui.number(t(f"shipset.weight_{name}"), value=values[key], min=0, max=100, step=5)
                    .props("outlined dense")
                    .classes("w-28")
                    .mark(f"set-weight-{name}")
                )
        origin = (
            ui.select(geo.PROVINCES, value=values["matching.origin_province"], label=t("shipset.origin"))
            .props("outlined dense")
            .classes("w-80 max-w-full")
            .mark("set-origin")
        )
        default_weight = (
            ui.number(t("shipset.default_weight"), value=values["matching.default_weight_g"], min=1, step=100)
            .props("outlined dense")
            .classes("w-48")
            .mark("set-default-weight")
        )
        ui.separator()
        ui.label(t("shipset.autoship")).classes("font-bold")
        ui.label(t("shipset.autoship_intro")).classes("text-sm text-gray-600")
        enabled = ui.switch(t("shipset.autoship_enabled"), value=bool(values["autoship.enabled"])).mark("set-autoship")
        cap = (
            ui.number(t("shipset.daily_cap"), value=values["autoship.daily_cap"], min=0, step=50)
            .props("outlined dense")
            .classes("w-40")
            .mark("set-daily-cap")
        )

        async def save() -> None:
            update = {key: field.value for key, field in weights.items()}
            update.update(
                {
                    "matching.origin_province": origin.value,
                    "autoship.enabled": bool(enabled.value),
                    "matching.default_weight_g": default_weight.value,
                    "autoship.daily_cap": cap.value,
                }
            )
            try:
                await io_bound(shipping_settings.save, db, values=update, actor=me)
            except ServiceError as exc:
                ui.notify(exc.message(lang()), type="negative")
                return
            ui.notify(t("common.saved"), type="positive")

        ui.button(t("common.save"), on_click=save).mark("shipping-save")
    runs = await io_bound(auto_ship.recent_runs, db)
    with ui.card().classes("w-full max-w-2xl").mark("autoship-log"):
        ui.label(t("shipset.runs")).classes("font-bold")
        if not runs:
            ui.label(t("shipset.no_runs")).classes("text-gray-500")
        for batch in runs:
            ui.label(t("shipset.run", time=fmt_local(batch.created_at), shipped=batch.shipped, failed=batch.failed))
