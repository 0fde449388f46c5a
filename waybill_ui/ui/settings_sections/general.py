"""General information: version, data folder, provider."""

from __future__ import annotations

from nicegui import ui

from waybill_ui import __version__, runtime
from waybill_ui.ui.i18n import t

TAB_KEY = "settings.tab.general"
ORDER = 90
OWNER_ONLY = False


async def render(me) -> None:
    settings = runtime.get().settings
    with ui.card().classes("w-full max-w-2xl"):
        ui.label(f"{t('settings.general.version')}: {__version__}")
        ui.label(f"{t('settings.general.data_dir')}: {settings.data_dir}").mark("data-dir")
        ui.label(f"{t('settings.general.provider')}: {settings.tracking_provider}").mark("tracking-provider")
        if settings.tracking_provider == "sandbox":
            ui.label(t("settings.general.sandbox_note")).classes("text-gray-600")
