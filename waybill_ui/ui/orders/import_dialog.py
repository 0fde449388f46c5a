"""导入订单 dialog: choose the shop, drop the export, map the columns of a layout no marketplace
plug-in knows (once per shop), see every row's problem, confirm, watch the progress."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import events, ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.services.orders import importing as orders_import
from waybill_ui.services.common import uploads
from waybill_ui.services.orders import shops
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.services.orders.importing import template
from waybill_ui.ui.components.drop_zone import drop_zone, save_upload
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.orders.progress import Progress
from waybill_ui.ui.session import actor
from typing import Any

SHOWN_PROBLEMS = 200


def _problem_rows(report: orders_import.ImportReport) -> list[dict[str, Any]]:
    return [
        {"id": i, "row": p.row, "order_no": p.order_no, "reason": p.reason(lang())}
        for i, p in enumerate(report.rejected[:SHOWN_PROBLEMS])
    ]


async def open_import_dialog(on_done: Callable[[], Awaitable[None] | None], shop_id: int | None = None) -> None:
    rt = runtime.get()
    limit_mb = rt.settings.upload_limit_mb
    upload: dict = {}
    active = await io_bound(shops.list_shops, rt.db, active_only=True)
    choices = {s.id: f"{s.name}（{t('marketplace.' + s.marketplace)}）" for s in active}
    if shop_id not in choices:
        shop_id = active[0].id if len(active) == 1 else None

    with ui.dialog() as dialog, ui.card().classes("w-[52rem] max-w-full").mark("import-dialog"):
        with ui.row().classes("w-full items-center"):
            ui.label(t("orders.import.title")).classes("text-lg font-bold")
            ui.space()
            ui.button(
                t("orders.import.template"),
                icon="download",
                on_click=lambda: ui.download.content(template.csv_bytes(), "order-import-template.csv"),
            ).props("flat no-caps dense").mark("import-template")
        ui.label(t("orders.import.intro")).classes("text-sm text-gray-600")
        shop = (
            ui.select(choices, value=shop_id, label=t("import.shop"))
            .props("outlined dense")
            .classes("w-72")
            .mark("import-shop")
        )
        mapping_box = ui.column().classes("w-full gap-1").mark("import-mapping")
        drop_zone(
            accept=".csv,.txt,.xlsx",
            limit_mb=limit_mb,
            on_upload=lambda e: received(e),
            marker="import-upload",
            kinds="CSV / XLSX",
        )
        progress = Progress("import-progress")
        summary = ui.label().classes("font-bold").mark("import-summary")
        recognised = ui.label().classes("text-sm text-gray-600").mark("import-format")
        columns = [
            {"name": "row", "label": t("orders.import.col.row"), "field": "row", "align": "left"},
            {"name": "order_no", "label": t("orders.import.col.order_no"), "field": "order_no", "align": "left"},
            {
                "name": "reason",
                "label": t("orders.import.col.reason"),
                "field": "reason",
                "align": "left",
                "style": "white-space: normal",
            },
        ]
        problems_title = ui.label(t("orders.import.problems")).classes("text-red-700")
        problems = (
            ui.table(columns=columns, rows=[], row_key="id", pagination=10)
            .classes("w-full")
            .props("dense flat")
            .mark("import-problems")
        )
        more = ui.label().classes("text-sm text-gray-600")
        with ui.row().classes("w-full justify-end"):
            ui.button(t("orders.import.close"), on_click=dialog.close).props("flat").mark("import-close")
            commit = ui.button(icon="upload").mark("import-commit")
    for element in (problems_title, problems, more, commit, mapping_box):
        element.set_visibility(False)
    chosen: dict = {}  # field → column, from the mapping step (None: a plug-in or the shop's saved one)

    def ask_mapping(headers: list[str], message: str) -> None:
        """The mapping step: each field we can import → one of the file's columns."""
        mapping_box.clear()
        selects: dict = {}
        with mapping_box:
            ui.label(t("import.mapping.title")).classes("font-bold")
            ui.label(message).classes("text-sm text-orange-800")
            with ui.grid(columns=3).classes("w-full gap-1"):
                for field_name in orders_import.formats.FIELDS:
                    selects[field_name] = (
                        ui.select({h: h for h in headers}, label=t(f"field.{field_name}"), clearable=True)
                        .props("outlined dense")
                        .mark(f"map-{field_name}")
                    )

            async def apply() -> None:
                chosen.clear()
                chosen.update({f: s.value for f, s in selects.items() if s.value})
                await read_file()

            ui.button(t("import.mapping.apply"), icon="check", on_click=apply).mark("import-mapping-apply")
        mapping_box.set_visibility(True)

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
            summary.set_text(
                t("orders.import.reading_file", name=e.file.name, size_mb=f"{e.file.size() / 1048576:.1f}")
            )
        except ServiceError as exc:
            summary.set_text(exc.message(lang()))
            ui.notify(exc.message(lang()), type="negative")
            return
        chosen.clear()
        mapping_box.set_visibility(False)
        await read_file()

    async def read_file() -> None:
        try:
            progress.start()
            report = await io_bound(
                orders_import.preview,
                rt.db,
                data=upload["path"],
                filename=upload["name"],
                progress=progress,
                shop_id=shop.value,
                mapping=dict(chosen) or None,
            )
        except orders_import.NeedsMapping as exc:
            progress.stop()
            commit.set_visibility(False)
            summary.set_text(exc.message(lang()))
            ask_mapping(exc.headers, exc.message(lang()))
            return
        except ServiceError as exc:
            progress.stop()
            summary.set_text(exc.message(lang()))
            commit.set_visibility(False)
            ui.notify(exc.message(lang()), type="negative")
            return
        progress.stop()
        mapping_box.set_visibility(False)
        recognised.set_text(t("import.format", name=t(report.format_label)))
        summary.set_text(
            t(
                "orders.import.preview",
                new=report.imported,
                updated=report.updated,
                shipped=report.skipped_shipped,
                rejected=len(report.rejected),
                encoding=report.encoding,
            )
            + (t("orders.import.needs_address", count=report.needs_address) if report.needs_address else "")
        )
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
            report = await io_bound(
                orders_import.import_orders,
                rt.db,
                data=upload["path"],
                filename=upload["name"],
                actor=actor(),
                progress=progress,
                shop_id=shop.value,
                mapping=dict(chosen) or None,
            )
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

    async def shop_changed() -> None:
        if upload.get("path"):  # the same file, read again for the other shop (its orders, its mapping)
            chosen.clear()
            await read_file()

    shop.on_value_change(shop_changed)
    commit.on_click(do_commit)
    dialog.on("hide", lambda: uploads.remove(upload.pop("path", None)))  # closed without importing
    dialog.open()
