"""跟踪与预警: how often parcels are checked, the providers' rate limits, concurrency, and the
alert thresholds (揽收超时, 中转超时, 派送超时, 超出时效)."""

from __future__ import annotations

from nicegui import ui

from nicegui.elements.mixins.value_element import ValueElement
from typing import Any
from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.carriers import registry
from waybill_ui.carriers.geo import PROVINCES
from waybill_ui.services.tracking import config as tracking_config
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.ui.i18n import lang, t

TAB_KEY = "settings.tab.tracking"
ORDER = 40
OWNER_ONLY = True

GROUPS = [
    ("alerts.pickup_h", "alerts.stalled_h", "alerts.delivery_h", "alerts.overdue_grace_h", "alerts.handover_pickup_h"),
    (
        "tracking.interval.pending_h",
        "tracking.interval.in_transit_h",
        "tracking.interval.near_h",
        "tracking.retire_days",
        "tracking.jitter",
        "tracking.backoff_base_min",
        "tracking.backoff_max_h",
        "tracking.concurrency",
    ),
]


def _rate_group() -> tuple[str, ...]:
    """Each tracking provider's rate rule, as the providers declare them."""
    return tuple(registry.rate_defaults())


def _label(key: str) -> str:
    if key.startswith("tracking.rate."):
        _, _, provider, what = key.split(".", 3)
        return t(f"settings.field.rate.{what}", provider=registry.label(provider, lang()))
    return t(f"settings.field.{key}")


async def render(me) -> None:
    rt = runtime.get()
    values = await io_bound(tracking_config.stored_values, rt.db)
    cfg = await io_bound(tracking_config.load_for_runtime, rt)
    ui.label(t("settings.tracking.intro")).classes("text-gray-600")
    ui.label(t("settings.tracking.scale_note", scale=f"{cfg.scale:g}")).classes("text-sm text-gray-500").mark(
        "time-scale"
    )
    fields: dict[str, ValueElement[Any]] = {}
    with ui.card().classes("w-full max-w-3xl").mark("tracking-settings"):
        for group in [*GROUPS, _rate_group()]:
            with ui.grid(columns=2).classes("w-full gap-2"):
                for key in group:
                    fields[key] = (
                        ui.number(_label(key), value=values[key], min=0).props("outlined dense").mark(f"setting-{key}")
                    )
            ui.separator()
        fields["tracking.scale_with_sandbox"] = ui.switch(
            t("settings.field.tracking.scale_with_sandbox"), value=bool(values["tracking.scale_with_sandbox"])
        ).mark("setting-tracking.scale_with_sandbox")
        fields["alerts.origin_province"] = (
            ui.select(
                {"": "—", **{p: p for p in PROVINCES}},
                value=values["alerts.origin_province"] or "",
                label=t("settings.field.alerts.origin_province"),
            )
            .props("outlined dense")
            .classes("w-80 max-w-full")
            .mark("setting-alerts.origin_province")
        )

        async def save() -> None:
            try:
                await io_bound(tracking_config.save, rt.db, values={k: f.value for k, f in fields.items()}, actor=me)
            except ServiceError as exc:
                ui.notify(exc.message(lang()), type="negative")
                return
            ui.notify(t("settings.tracking.saved"), type="positive")

        ui.button(t("common.save"), icon="save", on_click=save).mark("tracking-settings-save")
