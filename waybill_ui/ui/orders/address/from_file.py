"""从文件补地址: a second file (or a pasted column) fills the addresses of many waiting orders at
once; the rows that could not be used are listed with the reason."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from nicegui import events, ui

from waybill_ui import runtime
from waybill_ui.clock import utcnow
from waybill_ui.services.common import uploads
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.services.orders.addresses import bulk, fill
from waybill_ui.texts import tr
from waybill_ui.ui.components.drop_zone import drop_zone, save_upload
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.session import actor
from waybill_ui.ui.work import io_bound

Done = Callable[[], Awaitable[None] | None]
PROBLEMS_SHOWN = 200


async def finish(on_done: Done) -> None:
    outcome = on_done()
    if outcome is not None:
        await outcome


class AddressFileDialog:
    def __init__(self, on_done: Done):
        self.rt = runtime.get()
        self.on_done = on_done
        self.limit_mb = self.rt.settings.upload_limit_mb
        with ui.dialog() as self.dialog, ui.card().classes("w-[40rem] max-w-full").mark("address-file-dialog"):
            ui.label(t("address.bulk.title")).classes("text-lg font-bold")
            drop_zone(
                accept=".csv,.txt,.xlsx",
                limit_mb=self.limit_mb,
                on_upload=self.received,
                marker="address-file-upload",
                kinds="CSV / XLSX",
            )
            self.column = (
                ui.textarea(t("address.bulk.paste"), placeholder=t("address.bulk.paste_hint"))
                .props("outlined autogrow")
                .classes("w-full")
                .mark("address-column")
            )
            ui.button(t("address.paste.recognise"), icon="auto_fix_high", on_click=self.pasted).props("no-caps").mark(
                "address-column-fill"
            )
            self.summary = ui.label().classes("font-bold").mark("address-file-summary")
            self.problems = ui.column().classes("w-full gap-0 text-sm text-red-700").mark("address-file-problems")
            with ui.row().classes("w-full justify-end"):
                ui.button(t("orders.import.close"), on_click=self.dialog.close).props("flat")

    async def show(self, report: fill.FillReport) -> None:
        self.summary.set_text(t("address.bulk.done", count=report.filled))
        self.problems.clear()
        with self.problems:
            for row, order_no, key in report.problems[:PROBLEMS_SHOWN]:
                ui.label(
                    t("address.bulk.problem", row=row, order_no=order_no, reason=tr(key, lang(), order_no=order_no))
                )
        await finish(self.on_done)

    async def received(self, e: events.UploadEventArguments) -> None:
        path: Path | None = None
        try:
            path = await save_upload(e, folder=self.rt.settings.uploads_dir, limit_mb=self.limit_mb)
            report = await io_bound(
                bulk.fill_from_file, self.rt.db, data=path, filename=e.file.name, actor=actor(), now=utcnow()
            )
        except ServiceError as exc:
            self.summary.set_text(exc.message(lang()))
            ui.notify(exc.message(lang()), type="negative")
            return
        finally:
            uploads.remove(path)  # read once, never kept
        await self.show(report)

    async def pasted(self) -> None:
        report = await io_bound(
            bulk.fill_from_paste, self.rt.db, text=self.column.value or "", actor=actor(), now=utcnow()
        )
        await self.show(report)
