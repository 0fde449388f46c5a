"""告知买家模板: one editable message per alert kind, with the placeholders it may use."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.services.alerts import center as alert_center
from waybill_ui.services.alerts import buyer_notices
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.ui.i18n import lang, t

TAB_KEY = "settings.tab.notices"
ORDER = 45
OWNER_ONLY = True


async def render(me) -> None:
    db = runtime.get().db
    current = await io_bound(buyer_notices.templates, db)
    ui.label(t("settings.notices.intro")).classes("text-gray-600")
    ui.label(t("alerts.fields_help", fields="、".join(f"{{{f}}}" for f in buyer_notices.FIELDS))).classes(
        "text-sm text-gray-500"
    )
    areas: dict[str, ui.textarea] = {}
    with ui.card().classes("w-full max-w-3xl").mark("notice-templates"):
        for kind in buyer_notices.DEFAULT_TEMPLATES:
            with ui.row().classes("w-full items-start no-wrap"):
                areas[kind] = (
                    ui.textarea(alert_center.kind_label(kind, lang()), value=current[kind])
                    .props("outlined autogrow")
                    .classes("grow")
                    .mark(f"template-{kind}")
                )
                ui.button(
                    icon="restart_alt", on_click=lambda k=kind: areas[k].set_value(buyer_notices.DEFAULT_TEMPLATES[k])
                ).props("flat dense").tooltip(t("settings.notices.reset"))

        async def save() -> None:
            try:
                await io_bound(
                    buyer_notices.save_templates, db, values={k: a.value for k, a in areas.items()}, actor=me
                )
            except ServiceError as exc:
                ui.notify(exc.message(lang()), type="negative")
                return
            ui.notify(t("settings.notices.saved"), type="positive")

        ui.button(t("common.save"), icon="save", on_click=save).mark("notice-templates-save")
