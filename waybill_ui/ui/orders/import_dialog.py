"""导入订单 dialog: choose the shop, drop the export, map the columns of a layout no marketplace
plug-in knows (once per shop), see every row's problem, confirm, watch the progress.

Its parts are in `ui/orders/importing/`: the typed state (state.py), the mapping step
(mapping.py) and the report of a read (report.py); `OrderImportDialog` below wires them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import events, ui

from waybill_ui import runtime
from waybill_ui.db.rows import row_id
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.services.orders import importing as orders_import
from waybill_ui.services.orders import shops
from waybill_ui.services.orders.importing import template
from waybill_ui.ui.components.drop_zone import drop_zone, save_upload
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.orders.importing.mapping import ask_mapping
from waybill_ui.ui.orders.importing.report import ProblemTable, preview_text
from waybill_ui.ui.orders.importing.state import ImportState
from waybill_ui.ui.orders.progress import Progress
from waybill_ui.ui.session import actor
from waybill_ui.ui.work import io_bound

OnDone = Callable[[], Awaitable[None] | None]


class OrderImportDialog:
    def __init__(self, state: ImportState, choices: dict[int, str], shop_id: int | None, on_done: OnDone):
        self.rt = runtime.get()
        self.state, self.on_done = state, on_done
        with ui.dialog() as self.dialog, ui.card().classes("w-[52rem] max-w-full").mark("import-dialog"):
            self._head()
            self.shop = (
                ui.select(choices, value=shop_id, label=t("import.shop"))
                .props("outlined dense")
                .classes("w-72")
                .mark("import-shop")
            )
            self.mapping_box = ui.column().classes("w-full gap-1").mark("import-mapping")
            drop_zone(
                accept=".csv,.txt,.xlsx",
                limit_mb=state.limit_mb,
                on_upload=self.received,
                marker="import-upload",
                kinds="CSV / XLSX",
            )
            self.progress = Progress("import-progress")
            self.summary = ui.label().classes("font-bold").mark("import-summary")
            self.recognised = ui.label().classes("text-sm text-gray-600").mark("import-format")
            self.problems = ProblemTable()
            with ui.row().classes("w-full justify-end"):
                ui.button(t("orders.import.close"), on_click=self.dialog.close).props("flat").mark("import-close")
                self.commit = ui.button(icon="upload", on_click=self.do_commit).mark("import-commit")
        self.commit.set_visibility(False)
        self.mapping_box.set_visibility(False)
        self.shop.on_value_change(self.shop_changed)
        self.dialog.on("hide", state.drop_file)  # closed without importing

    def _head(self) -> None:
        with ui.row().classes("w-full items-center"):
            ui.label(t("orders.import.title")).classes("text-lg font-bold")
            ui.space()
            ui.button(
                t("orders.import.template"),
                icon="download",
                on_click=lambda: ui.download.content(template.csv_bytes(), "order-import-template.csv"),
            ).props("flat no-caps dense").mark("import-template")
        ui.label(t("orders.import.intro")).classes("text-sm text-gray-600")

    def _refused(self, exc: ServiceError) -> None:
        self.summary.set_text(exc.message(lang()))
        ui.notify(exc.message(lang()), type="negative")

    # --- the file -----------------------------------------------------------------------------

    async def received(self, e: events.UploadEventArguments) -> None:
        state = self.state
        try:
            state.drop_file()  # a second file replaces the first
            path = await save_upload(e, folder=self.rt.settings.uploads_dir, limit_mb=state.limit_mb)
            state.receive(path, e.file.name)
            self.summary.set_text(
                t("orders.import.reading_file", name=e.file.name, size_mb=f"{e.file.size() / 1048576:.1f}")
            )
        except ServiceError as exc:
            self._refused(exc)
            return
        state.mapping.clear()
        self.mapping_box.set_visibility(False)
        await self.read_file()

    async def shop_changed(self) -> None:
        if self.state.has_file:  # the same file, read again for the other shop (its orders, its mapping)
            self.state.mapping.clear()
            await self.read_file()

    async def apply_mapping(self, mapping: dict[str, str]) -> None:
        self.state.mapping = mapping
        await self.read_file()

    async def read_file(self) -> None:
        path, name = self.state.file()
        try:
            self.progress.start()
            report = await io_bound(
                orders_import.preview,
                self.rt.db,
                data=path,
                filename=name,
                progress=self.progress,
                shop_id=self.shop.value,
                mapping=self.state.chosen_mapping,
            )
        except orders_import.NeedsMapping as exc:
            self.progress.stop()
            self.commit.set_visibility(False)
            self.summary.set_text(exc.message(lang()))
            ask_mapping(self.mapping_box, exc.headers, exc.message(lang()), self.apply_mapping)
            return
        except ServiceError as exc:
            self.progress.stop()
            self.commit.set_visibility(False)
            self._refused(exc)
            return
        self.progress.stop()
        self.mapping_box.set_visibility(False)
        self.recognised.set_text(t("import.format", name=t(report.format_label)))
        self.summary.set_text(preview_text(report))
        self.problems.show(report)
        count = report.imported + report.updated
        self.commit.set_text(t("orders.import.confirm", count=count))
        self.commit.set_visibility(count > 0)
        if count == 0:
            ui.notify(t("orders.import.nothing"), type="warning")

    # --- the import ---------------------------------------------------------------------------

    async def do_commit(self) -> None:
        path, name = self.state.file()
        self.commit.props("loading")
        self.progress.start()
        try:
            report = await io_bound(
                orders_import.import_orders,
                self.rt.db,
                data=path,
                filename=name,
                actor=actor(),
                progress=self.progress,
                shop_id=self.shop.value,
                mapping=self.state.chosen_mapping,
            )
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
            return
        finally:
            self.progress.stop()
            self.commit.props(remove="loading")
        self.commit.set_visibility(False)
        self.state.drop_file()
        done = t("orders.import.done", imported=report.imported, updated=report.updated, rejected=len(report.rejected))
        self.summary.set_text(done)
        self.problems.show(report)
        ui.notify(done, type="positive")
        outcome = self.on_done()
        if outcome is not None:
            await outcome


async def open_import_dialog(on_done: OnDone, shop_id: int | None = None) -> None:
    rt = runtime.get()
    active = await io_bound(shops.list_shops, rt.db, active_only=True)
    choices = {row_id(s): f"{s.name}（{t('marketplace.' + s.marketplace)}）" for s in active}
    if shop_id not in choices:
        shop_id = active[0].id if len(active) == 1 else None
    state = ImportState(limit_mb=rt.settings.upload_limit_mb)
    OrderImportDialog(state, choices, shop_id, on_done).dialog.open()
