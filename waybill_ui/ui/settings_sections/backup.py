"""Backup download (owner only): a consistent copy of the database, made while the app runs."""

from __future__ import annotations

from urllib.parse import quote

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.clock import fmt_local
from waybill_ui.services.system import backup_files
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.ui.i18n import lang, t

TAB_KEY = "settings.tab.backup"
ORDER = 95
OWNER_ONLY = True


def _url(name: str) -> str:
    return f"/api/v1/backups/{quote(name)}"


async def render(me) -> None:
    settings = runtime.get().settings

    @ui.refreshable
    async def listing() -> None:
        rows = await io_bound(backup_files.list_backups, settings)
        if not rows:
            ui.label(t("settings.backup.none")).classes("text-gray-500").mark("backup-none")
        for row in rows:
            with ui.row().classes("items-center gap-3").mark("backup-row"):
                ui.link(row.name, _url(row.name)).classes("font-mono")
                ui.label(f"{row.size_bytes / 1024 / 1024:.1f} MB").classes("text-gray-600")
                ui.label(fmt_local(row.created_at)).classes("text-gray-500")

    async def make() -> None:
        button.disable()
        try:
            made = await io_bound(backup_files.make_backup, settings, principal=me)
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
            return
        finally:
            button.enable()
        ui.notify(t("settings.backup.made", name=made.name), type="positive")
        ui.download.from_url(_url(made.name))
        listing.refresh()

    with ui.card().classes("w-full max-w-3xl").mark("backup-settings"):
        ui.label(t("settings.backup.intro", folder=str(settings.backups_dir))).classes("text-gray-600")
        button = ui.button(t("settings.backup.make"), icon="backup", on_click=make).props("no-caps").mark("backup-make")
        ui.label(t("settings.backup.recent")).classes("font-bold mt-2")
        await listing()
