"""打印机: the owner adds network / CUPS / print-component printers (size, DPI, darkness, offsets,
test print, shop default per size); everyone picks their own default and sees their print jobs
(the owner all), with 重试 on a failed one."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.db.models import Printer
from waybill_ui.db.rows import row_id
from waybill_ui.clock import fmt_local
from waybill_ui.services.printing import labels
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.services.printing import dispatch, printers, queue
from waybill_ui.services.printing.printers import PrinterInput
from waybill_ui.ui import print_component
from waybill_ui.ui.i18n import lang, t

TAB_KEY = "printing.tab"
GROUP = "shipping"
ORDER = 35
OWNER_ONLY = False
JOBS_SHOWN = 20


def _summary(row: Printer) -> str:
    where = {
        "network": f"{row.host}:{row.port} · {row.language.upper()}",
        "cups": f"CUPS {row.queue} · {row.language.upper()}",
        "component": f"{t('printing.component.' + row.component)} · {row.component_printer}",
    }.get(row.kind, "PDF")
    return f"{t('printing.kind.' + row.kind)} · {where} · {row.size} · {row.dpi} DPI"


def _editor(me, row: Printer | None, on_saved) -> None:
    db = runtime.get().db
    with ui.dialog() as dialog, ui.card().classes("w-[36rem] max-w-full").mark("printer-editor"):
        ui.label(t("printing.edit") if row else t("printing.add")).classes("text-lg font-bold")
        name = ui.input(t("printing.name"), value=row.name if row else "").props("outlined dense").mark("printer-name")
        kind = (
            ui.select(
                {k: t(f"printing.kind.{k}") for k in printers.KINDS},
                value=row.kind if row else "network",
                label=t("printing.kind"),
            )
            .props("outlined dense")
            .classes("w-full")
            .mark("printer-kind")
        )
        with ui.row().classes("w-full gap-2 flex-wrap") as raw_row:
            language = (
                ui.select(
                    {"tspl": "TSPL", "zpl": "ZPL", "pdf": "PDF"},
                    value=row.language if row else "tspl",
                    label=t("printing.language"),
                )
                .props("outlined dense")
                .classes("w-28")
                .mark("printer-language")
            )
            mode = (
                ui.select(
                    {m: t(f"printing.mode.{m}") for m in printers.MODES},
                    value=row.mode if row else "text",
                    label=t("printing.mode"),
                )
                .props("outlined dense")
                .classes("w-56")
                .mark("printer-mode")
            )
        with ui.row().classes("w-full gap-2 flex-wrap") as net_row:
            host = (
                ui.input(t("printing.host"), value=row.host if row else "")
                .props("outlined dense")
                .classes("w-48")
                .mark("printer-host")
            )
            port = (
                ui.number(t("printing.port"), value=row.port if row else 9100, min=1, max=65535, precision=0)
                .props("outlined dense")
                .classes("w-28")
                .mark("printer-port")
            )
        queue_box = (
            ui.input(t("printing.queue"), value=row.queue if row else "")
            .props("outlined dense")
            .classes("w-full")
            .mark("printer-queue")
        )
        with ui.row().classes("w-full gap-2 flex-wrap items-center") as comp_row:
            comp = (
                ui.select(
                    {c: t(f"printing.component.{c}") for c in printers.COMPONENTS},
                    value=row.component if row and row.component else "cainiao",
                    label=t("printing.component"),
                )
                .props("outlined dense")
                .classes("w-40")
                .mark("printer-component")
            )
            comp_printer = (
                ui.select(
                    [row.component_printer] if row and row.component_printer else [],
                    value=row.component_printer if row and row.component_printer else None,
                    label=t("printing.component_printer"),
                    new_value_mode="add-unique",
                    with_input=True,
                )
                .props("outlined dense")
                .classes("w-56")
                .mark("printer-component-printer")
            )

            async def list_component_printers() -> None:
                names = await print_component.component_printers(comp.value)
                if not names:
                    ui.notify(t("printing.component_none"), type="warning")
                    return
                comp_printer.set_options(names, value=comp_printer.value if comp_printer.value in names else names[0])

            ui.button(t("printing.component_list"), on_click=list_component_printers).props("flat dense no-caps").mark(
                "printer-component-list"
            )
        with ui.row().classes("w-full gap-2 flex-wrap"):
            size = (
                ui.select(
                    {k: t(f"labels.size.{k}") for k in labels.SIZES},
                    value=row.size if row else "76x130",
                    label=t("printing.size"),
                )
                .props("outlined dense")
                .classes("w-36")
                .mark("printer-size")
            )
            dpi = (
                ui.select({d: str(d) for d in printers.DPIS}, value=row.dpi if row else 203, label=t("printing.dpi"))
                .props("outlined dense")
                .classes("w-24")
                .mark("printer-dpi")
            )
            darkness = (
                ui.number(t("printing.darkness"), value=row.darkness if row else 8, min=0, max=15, precision=0)
                .props("outlined dense")
                .classes("w-28")
                .mark("printer-darkness")
            )
            off_x = (
                ui.number(t("printing.offset_x"), value=row.offset_x_mm if row else 0, min=0, max=10, step=0.5)
                .props("outlined dense")
                .classes("w-28")
                .mark("printer-offset-x")
            )
            off_y = (
                ui.number(t("printing.offset_y"), value=row.offset_y_mm if row else 0, min=0, max=10, step=0.5)
                .props("outlined dense")
                .classes("w-28")
                .mark("printer-offset-y")
            )
        default = ui.checkbox(t("printing.is_default"), value=bool(row and row.is_default)).mark("printer-default")
        error = ui.label("").classes("text-red-700").mark("printer-error")

        def show() -> None:
            raw_row.set_visibility(kind.value in ("network", "cups"))
            net_row.set_visibility(kind.value == "network")
            queue_box.set_visibility(kind.value == "cups")
            comp_row.set_visibility(kind.value == "component")

        kind.on_value_change(lambda _: show())
        show()

        async def save() -> None:
            data = PrinterInput(
                name=name.value or "",
                kind=kind.value,
                language=language.value,
                mode=mode.value,
                host=host.value or "",
                port=int(port.value or 9100),
                queue=queue_box.value or "",
                component=comp.value if kind.value == "component" else "",
                component_printer=comp_printer.value or "",
                size=size.value,
                dpi=int(dpi.value),
                darkness=int(darkness.value or 0),
                offset_x_mm=float(off_x.value or 0),
                offset_y_mm=float(off_y.value or 0),
                is_default=bool(default.value),
            )
            try:
                if row is None:
                    await io_bound(printers.add, db, data=data, actor=me)
                else:
                    await io_bound(printers.change, db, printer_id=row_id(row), data=data, actor=me)
            except ServiceError as exc:
                error.text = exc.message(lang())
                return
            dialog.close()
            ui.notify(t("printing.saved"), type="positive")
            on_saved()

        with ui.row().classes("w-full justify-end"):
            ui.button(t("common.cancel"), on_click=dialog.close).props("flat")
            ui.button(t("common.save"), icon="save", on_click=save).mark("printer-save")
    dialog.open()


async def render(me) -> None:
    db = runtime.get().db
    ui.label(t("printing.intro")).classes("text-gray-600")

    @ui.refreshable
    async def printer_list() -> None:
        rows = await io_bound(printers.list_printers, db)
        mine = await io_bound(printers.own_choices, db, username=me.username)
        if not rows:
            ui.label(t("printing.none")).classes("text-gray-500").mark("printers-none")
        for row in rows:
            with ui.row().classes("w-full items-center gap-2 bg-white rounded p-2 flex-wrap").mark("printer-row"):
                ui.label(row.name).classes("font-bold")
                if row.is_default:
                    ui.badge(t("printing.is_default")).props("color=orange")
                if mine.get(row.size) == row.id:
                    ui.badge(t("printing.my_default")).props("color=green").mark("printer-mine")
                ui.label(_summary(row)).classes("text-gray-600 text-sm")
                ui.space()
                if mine.get(row.size) != row.id:
                    ui.button(t("printing.my_default"), on_click=lambda r=row: choose(r)).props(
                        "flat dense no-caps"
                    ).mark("printer-choose")
                if me.is_owner:
                    if row.kind in queue.RAW_KINDS or row.kind == "component":
                        ui.button(t("printing.test"), on_click=lambda r=row: test(r)).props("flat dense no-caps").mark(
                            "printer-test"
                        )
                    ui.button(t("printing.edit"), on_click=lambda r=row: _editor(me, r, printer_list.refresh)).props(
                        "flat dense no-caps"
                    ).mark("printer-edit")
                    ui.button(t("printing.remove"), on_click=lambda r=row: remove(r)).props(
                        "flat dense no-caps color=negative"
                    ).mark("printer-remove")

    async def choose(row: Printer) -> None:
        await io_bound(printers.choose, db, printer_id=row.id, size=row.size, actor=me)
        ui.notify(t("printing.my_default_saved"), type="positive")
        printer_list.refresh()

    async def test(row: Printer) -> None:
        try:
            if row.kind == "component":  # from this browser to the component on this PC
                results = await print_component.test_print(row_id(row))
                failed = [r for r in results if r["status"] != "success"]
                if failed or not results:
                    ui.notify(
                        t("printing.fault.component", error=(failed[0]["msg"] if failed else "—")),
                        type="negative",
                        multi_line=True,
                    )
                    return
            else:
                await io_bound(dispatch.test_print, db, printer_id=row_id(row), actor=me)
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative", multi_line=True)
            return
        ui.notify(t("printing.test_sent", name=row.name), type="positive")

    async def remove(row: Printer) -> None:
        try:
            await io_bound(printers.remove, db, printer_id=row_id(row), actor=me)
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
            return
        ui.notify(t("printing.removed"))
        printer_list.refresh()

    await printer_list()
    if me.is_owner:
        ui.button(t("printing.add"), icon="add", on_click=lambda: _editor(me, None, printer_list.refresh)).mark(
            "printer-add"
        )

    ui.label(t("printing.jobs")).classes("text-lg font-bold mt-4")

    @ui.refreshable
    async def job_list() -> None:
        rows, total = await io_bound(lambda: queue.list_jobs(db, actor=me, limit=JOBS_SHOWN))
        names = {p.id: p.name for p in await io_bound(printers.list_printers, db)}
        if not rows:
            ui.label(t("printing.jobs_empty")).classes("text-gray-500").mark("print-jobs-empty")
        for job in rows:
            with ui.column().classes("w-full gap-0 bg-white rounded p-2").mark("print-job"):
                with ui.row().classes("w-full items-center gap-2"):
                    ui.label(
                        t(
                            "printing.job_line",
                            id=job.id,
                            printer=names.get(job.printer_id, "?"),
                            confirmed=job.confirmed,
                            total=job.total,
                            status=t(f"printing.status.{job.status}"),
                        )
                    )
                    ui.label(f"{job.created_by} · {fmt_local(job.created_at)}").classes("text-gray-500 text-sm")
                    ui.space()
                    if job.status == "failed":
                        ui.button(t("printing.retry"), on_click=lambda j=job: retry(j.id)).props("dense no-caps").mark(
                            "print-job-retry"
                        )
                ui.linear_progress(value=job.confirmed / max(job.total, 1), show_value=False).props("instant-feedback")
                if job.error:
                    ui.label(job.error).classes("text-red-700 text-sm").mark("print-job-error")

    async def retry(job_id: int) -> None:
        from waybill_ui.ui.components.printer_print import resume

        await resume(job_id, me)
        job_list.refresh()

    await job_list()
    ui.button(icon="refresh", on_click=job_list.refresh).props("flat dense").mark("print-jobs-refresh")
