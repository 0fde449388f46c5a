"""The print jobs of 设置 → 打印机: the newest ones (one's own; the owner sees everyone's) with their
progress and error, and 重试 on a failed one."""

from __future__ import annotations

from nicegui import ui

from waybill_ui import runtime
from waybill_ui.clock import fmt_local
from waybill_ui.db.models import PrintJob
from waybill_ui.services.printing import printers, queue
from waybill_ui.ui.components.printer_print import resume
from waybill_ui.ui.i18n import t
from waybill_ui.ui.work import io_bound

JOBS_SHOWN = 20


class JobList:
    """Drawn into the current container; `reload` draws it again from the database."""

    def __init__(self, me):
        self.db = runtime.get().db
        self.me = me
        self.box = ui.column().classes("w-full")  # the gap of the section around it

    async def reload(self) -> None:
        db, me = self.db, self.me
        rows, _total = await io_bound(lambda: queue.list_jobs(db, actor=me, limit=JOBS_SHOWN))
        names = {p.id: p.name for p in await io_bound(printers.list_printers, db)}
        self.box.clear()
        with self.box:
            if not rows:
                ui.label(t("printing.jobs_empty")).classes("text-gray-500").mark("print-jobs-empty")
            for job in rows:
                self._job(job, names.get(job.printer_id, "?"))

    def _job(self, job: PrintJob, printer: str) -> None:
        with ui.column().classes("w-full gap-0 bg-white rounded p-2").mark("print-job"):
            with ui.row().classes("w-full items-center gap-2"):
                status = t(f"printing.status.{job.status}")
                ui.label(
                    t(
                        "printing.job_line",
                        id=job.id,
                        printer=printer,
                        confirmed=job.confirmed,
                        total=job.total,
                        status=status,
                    )
                )
                ui.label(f"{job.created_by} · {fmt_local(job.created_at)}").classes("text-gray-500 text-sm")
                ui.space()
                if job.status == "failed":
                    ui.button(t("printing.retry"), on_click=lambda j=job: self.retry(j.id)).props("dense no-caps").mark(
                        "print-job-retry"
                    )
            ui.linear_progress(value=job.confirmed / max(job.total, 1), show_value=False).props("instant-feedback")
            if job.error:
                ui.label(job.error).classes("text-red-700 text-sm").mark("print-job-error")

    async def retry(self, job_id: int) -> None:
        await resume(job_id, self.me)
        await self.reload()
