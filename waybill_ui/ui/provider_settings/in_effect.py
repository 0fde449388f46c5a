"""What 物流查询 uses right now — each setting's value (secrets shortened) and where it came from
(this page, the environment, the default) — and the open alerts about the provider's setup."""

from __future__ import annotations

from nicegui import ui

from waybill_ui import runtime
from waybill_ui.carriers import registry
from waybill_ui.services.alerts import center as alert_center
from waybill_ui.services.alerts import rules as alert_rules
from waybill_ui.services.settings import providers as ps
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.provider_settings.form import label_of
from waybill_ui.ui.work import io_bound


class InEffect:
    """Drawn into the current container; `reload` draws it again."""

    def __init__(self) -> None:
        self.rt = runtime.get()
        self.effect_box = ui.column().classes("w-full max-w-3xl")
        self.problem_box = ui.column().classes("w-full max-w-3xl")

    async def reload(self) -> None:
        db = self.rt.db
        shown = await io_bound(ps.in_effect, db, self.rt.settings)
        problems, _ = await io_bound(alert_center.list_alerts, db, status="open", kind=alert_rules.PROVIDER_CONFIG)
        self.effect_box.clear()
        with self.effect_box, ui.card().classes("w-full gap-1").mark("provider-in-effect"):
            ui.label(t("settings.providers.in_effect")).classes("font-bold")
            for key, item in shown.items():
                value = registry.tracking_label(item.value, lang()) if key == ps.PROVIDER else item.shown
                with ui.row().classes("w-full gap-2 no-wrap"):
                    ui.label(label_of(key)).classes("w-64 text-gray-600 shrink-0")
                    ui.label(value or "—").classes("grow font-mono break-all").mark(f"effect-{key}")
                    ui.label(t(f"settings.providers.source.{item.source}")).classes(
                        "text-xs text-gray-500 shrink-0 whitespace-nowrap"
                    ).mark(f"source-{key}")
        self.problem_box.clear()
        with self.problem_box:
            for p in problems:
                message = alert_center.localized_message(p, lang())
                ui.label(t("settings.providers.open_problem", message=message)).classes("text-red-600").mark(
                    "provider-problem"
                )
