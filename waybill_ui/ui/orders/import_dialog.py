"""导入订单 dialog: drop the export, see every row's problem, confirm, watch the progress."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import events, ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.services.orders import importing as orders_import
from waybill_ui.services.common import uploads
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.services.orders.importing import template
from waybill_ui.ui.components.drop_zone import drop_zone, save_upload
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.orders.progress import Progress
from waybill_ui.ui.session import actor
from typing import Any

SHOWN_PROBLEMS = 200


def _problem_rows(report: orders_import.ImportReport) -> list[dict[str, Any]]:
    return [{"id": i, "row": p.row, "order_no": p.order_no, "reason": p.reason(lang())}
            for i, p in enumerate(report.rejected[:SHOWN_PROBLEMS])]


async def open_import_dialog(on_done: Callable[[], Awaitable[None] | None]) -> None:
    rt = runtime.get()
    limit_mb = rt.settings.upload_limit_mb
    upload: dict[str, Any] = {}

    with ui.dialog() as dialog, ui.card().classes("w-[52rem] max-w-full").mark("import-dialog"):
        with ui.row().classes("w-full items-center"):
            ui.label(t("orders.import.title")).classes("text-lg font-bold")
            ui.space()
            ui.button(t("orders.import.template"), icon="download",
                      on_click=lambda: ui.download.content(template.csv_bytes(), "order-import-template.csv")) \
                .props("flat no-caps dense").mark("import-template")
        ui.label(t("orders.import.intro")).classes("text-sm text-gray-600")
        drop_zone(accept=".csv,.txt,.xlsx", limit_mb=limit_mb, on_upload=lambda e: received(e), marker="import-upload",
                  kinds="CSV / XLSX")
        progress = Progress("import-progress")
        summary = ui.label().classes("font-bold").mark("import-summary")
        columns = [{"name": "row", "label": t("orders.import.col.row"), "field": "row", "align": "left"},
                   {"name": "order_no", "label": t("orders.import.col.order_no"), "field": "order_no", "align": "left"},
                   {"name": "reason", "label": t("orders.import.col.reason"), "field": "reason", "align": "left",
                    "style": "white-space: normal"}]
        problems_title = ui.label(t("orders.import.problems")).classes("text-red-700")
        problems = ui.table(columns=columns, rows=[], row_key="id", pagination=10).classes("w-full") \
            .props("dense flat").mark("import-problems")
        more = ui.label().classes("text-sm text-gray-600")
        with ui.row().classes("w-full justify-end"):
            ui.button(t("orders.import.close"), on_click=dialog.close).props("flat").mark("import-close")
            commit = ui.button(icon="upload").mark("import-commit")
    for element in (problems_title, problems, more, commit):
        element.set_visibility(False)

    def show(report: orders_import.ImportReport) -> None:
        rows = _problem_rows(report)
        problems.rows = rows
        problems.update()
        for element in (problems_title, problems):
            element.set_visibility(bool(rows))
        hidden = len(report.rejected) - len(rows)
        more.set_text(t("orders.import.more_problems", count=hidden) if hidden > 0 else "")
        more.set_visibility(hidden > 0)

    async def received(e: events.UploadEventArguments) -> None:
        try:
            uploads.remove(upload.pop("path", None))  # a second file replaces the first
            path = await save_upload(e, folder=rt.settings.uploads_dir, limit_mb=limit_mb)
            upload.update(path=path, name=e.file.name)
            summary.set_text(t("orders.import.reading_file", name=e.file.name, size_mb=f"{e.file.size() / 1048576:.1f}"))
            progress.start()
            report = await io_bound(orders_import.preview, rt.db, data=path, filename=e.file.name,
                                        progress=progress)
        except ServiceError as exc:
            progress.stop()
            summary.set_text(exc.message(lang()))
            commit.set_visibility(False)
            ui.notify(exc.message(lang()), type="negative")
            return
        progress.stop()
        summary.set_text(t("orders.import.preview", new=report.imported, updated=report.updated,
                           shipped=report.skipped_shipped, rejected=len(report.rejected), encoding=report.encoding)
                         + (t("orders.import.needs_address", count=report.needs_address) if report.needs_address else ""))
        show(report)
        count = report.imported + report.updated
        commit.set_text(t("orders.import.confirm", count=count))
        commit.set_visibility(count > 0)
        if count == 0:
            ui.notify(t("orders.import.nothing"), type="warning")

    async def do_commit() -> None:
        commit.props("loading")
        progress.start()
        try:
            report = await io_bound(orders_import.import_orders, rt.db, data=upload["path"],
                                        filename=upload["name"], actor=actor(), progress=progress)
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
            return
        finally:
            progress.stop()
            commit.props(remove="loading")
        commit.set_visibility(False)
        uploads.remove(upload.pop("path", None))
        upload.clear()
        done = t("orders.import.done", imported=report.imported, updated=report.updated, rejected=len(report.rejected))
        summary.set_text(done)
        show(report)
        ui.notify(done, type="positive")
        outcome = on_done()
        if outcome is not None:
            await outcome

    commit.on_click(do_commit)
    dialog.on("hide", lambda: uploads.remove(upload.pop("path", None)))  # closed without importing
    dialog.open()
