"""导入单号: paste, upload or a range → preview with a reason per refused row → import the good
ones in one go."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.services.pool import importing as pool_import
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.ui.components.drop_zone import drop_zone
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.pool.common import carrier_options, date_input
from typing import Any

SHOWN_ROWS = 500  # refused rows listed in the dialog; the summary counts all of them


class ImportDialog:
    def __init__(self, *, actor: str, on_done: Callable[[], Awaitable[None]]):
        self.db = runtime.get().db
        self.actor = actor
        self.on_done = on_done
        self.uploaded: list[str] = []
        self.checked: pool_import.ImportCheck | None = None
        settings = runtime.get().settings
        with (
            ui.dialog().props("persistent") as self.dialog,
            ui.card().classes("w-[56rem] max-w-full").mark("import-dialog"),
        ):
            ui.label(t("poolui.imp.title")).classes("text-xl font-bold")
            ui.label(t("poolui.imp.intro")).classes("text-gray-600")
            with ui.row().classes("w-full items-end gap-2"):
                self.carrier = (
                    ui.select(carrier_options(), label=t("pool.col.carrier"), on_change=self._changed)
                    .props("outlined dense")
                    .classes("w-48")
                    .mark("import-carrier")
                )
                self.expiry = date_input(t("poolui.imp.expiry"), "import-expiry").classes("w-48")
                self.note = ui.input(t("poolui.imp.note")).props("outlined dense").classes("grow").mark("import-note")
            with ui.tabs().classes("w-full") as self.tabs:
                self.tab_paste = ui.tab("paste", t("poolui.imp.tab_paste")).mark("import-tab-paste")
                self.tab_file = ui.tab("file", t("poolui.imp.tab_file")).mark("import-tab-file")
                self.tab_range = ui.tab("range", t("poolui.imp.tab_range")).mark("import-tab-range")
            self.tabs.on_value_change(self._changed)
            with ui.tab_panels(self.tabs, value=self.tab_paste).classes("w-full"):
                with ui.tab_panel(self.tab_paste):
                    self.paste = (
                        ui.textarea(t("poolui.imp.paste"), on_change=self._changed)
                        .props("outlined autogrow input-style='min-height: 8rem'")
                        .classes("w-full font-mono")
                        .mark("import-paste")
                    )
                with ui.tab_panel(self.tab_file):
                    ui.label(t("poolui.imp.file_hint")).classes("text-gray-600")
                    self.upload = drop_zone(
                        accept=".txt,.csv,.xlsx",
                        limit_mb=settings.upload_limit_mb,
                        on_upload=self._uploaded,
                        marker="import-upload",
                        kinds="TXT / CSV / XLSX",
                    )
                    self.file_label = ui.label("").mark("import-file-label")
                with ui.tab_panel(self.tab_range):
                    with ui.row().classes("items-end gap-2"):
                        self.start = (
                            ui.input(t("poolui.imp.start"), on_change=self._changed)
                            .props("outlined dense")
                            .classes("w-64 font-mono")
                            .mark("import-start")
                        )
                        self.count = (
                            ui.number(
                                t("poolui.imp.count"),
                                min=1,
                                max=pool_import.MAX_NUMBERS,
                                precision=0,
                                on_change=self._changed,
                            )
                            .props("outlined dense")
                            .classes("w-32")
                            .mark("import-count")
                        )
            self.progress = ui.linear_progress(show_value=False).props("indeterminate").classes("w-full")
            self.progress.set_visibility(False)
            self.result = ui.column().classes("w-full gap-1").mark("import-result")
            with ui.row().classes("w-full justify-end gap-2"):
                ui.button(t("common.cancel"), on_click=self.dialog.close).props("flat").mark("import-cancel")
                self.preview_button = (
                    ui.button(t("poolui.imp.preview"), icon="fact_check", on_click=self.preview)
                    .props("outline")
                    .mark("import-preview")
                )
                self.commit_button = ui.button(
                    t("poolui.imp.commit", count=0), icon="download_done", on_click=self.commit
                ).mark("import-commit")
                self.commit_button.disable()

    def open(self) -> None:
        self.dialog.open()

    def _changed(self, *_) -> None:
        """Any change of the input makes the old preview stale."""
        self.checked = None
        if hasattr(self, "commit_button"):  # also called while the dialog is being built
            self.commit_button.disable()

    async def _uploaded(self, e) -> None:
        data = await e.file.read()
        try:
            self.uploaded = await io_bound(
                pool_import.read_upload, data, filename=e.file.name, limit_mb=runtime.get().settings.upload_limit_mb
            )
        except ServiceError as exc:
            self.uploaded = []
            ui.notify(exc.message(lang()), type="negative")
            return
        self.file_label.set_text(t("poolui.imp.file_loaded", name=e.file.name, count=len(self.uploaded)))
        self._changed()

    def _request(self) -> dict[str, Any]:
        tab = self.tabs.value
        tab = tab.props["name"] if hasattr(tab, "props") else tab
        if tab == "range":
            return {"start": (self.start.value or "").strip(), "count": int(self.count.value or 0)}
        if tab == "file":
            return {"numbers": list(self.uploaded)}
        return {"numbers": pool_import.split_numbers(self.paste.value or "")}

    async def _busy(self, fn, **kwargs):
        self.progress.set_visibility(True)
        self.preview_button.props("loading")
        try:
            return await io_bound(fn, self.db, carrier=self.carrier.value or "", **self._request(), **kwargs)
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative", multi_line=True)
            return None
        finally:
            self.progress.set_visibility(False)
            self.preview_button.props(remove="loading")

    async def preview(self) -> None:
        try:
            expires_at = pool_import.expiry_end_of_day(self.expiry.value)
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
            return
        checked = await self._busy(pool_import.preview_import, expires_at=expires_at)
        if checked is None:
            return
        self.checked = checked
        self._show(checked)
        self.commit_button.set_text(t("poolui.imp.commit", count=len(checked.accepted)))
        self.commit_button.set_enabled(bool(checked.accepted))

    def _show(self, checked: pool_import.ImportCheck) -> None:
        self.result.clear()
        with self.result:
            ui.label(
                t(
                    "poolui.imp.summary",
                    total=checked.total,
                    accepted=len(checked.accepted),
                    rejected=len(checked.rejected),
                )
            ).classes("font-bold").mark("import-summary")
            if checked.rejected:
                ui.label(t("poolui.imp.rejected_title")).classes("text-red-700")
                rows = [
                    {"row": r.row, "number": r.number or r.raw, "reason": r.reason(lang())}
                    for r in checked.rejected[:SHOWN_ROWS]
                ]
                ui.table(
                    columns=[
                        {"name": "row", "label": t("poolui.imp.col.row"), "field": "row"},
                        {"name": "number", "label": t("poolui.imp.col.number"), "field": "number", "align": "left"},
                        {
                            "name": "reason",
                            "label": t("poolui.imp.col.reason"),
                            "field": "reason",
                            "align": "left",
                            "style": "white-space: normal",
                        },
                    ],
                    rows=rows,
                    row_key="row",
                    pagination=10,
                ).classes("w-full").props("flat dense").mark("import-rejected")
                if len(checked.rejected) > SHOWN_ROWS:
                    ui.label(t("poolui.imp.shown_first", shown=SHOWN_ROWS, total=len(checked.rejected))).classes(
                        "text-gray-500"
                    )

    async def commit(self) -> None:
        if self.checked is None:
            return
        expected = len(self.checked.accepted)
        try:
            expires_at = pool_import.expiry_end_of_day(self.expiry.value)
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
            return
        self.commit_button.props("loading")
        try:
            result = await self._busy(
                pool_import.commit_import, expires_at=expires_at, note=self.note.value or "", actor=self.actor
            )
        finally:
            self.commit_button.props(remove="loading")
        if result is None:
            return
        if len(result.accepted) != expected:  # someone imported or used some of them meanwhile
            ui.notify(t("poolui.imp.changed"), type="warning")
        ui.notify(t("poolui.imp.done", count=len(result.accepted)), type="positive")
        self.dialog.close()
        await self.on_done()
