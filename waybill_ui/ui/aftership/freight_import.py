"""Importing a freight bill: the carrier and month, the drop zone, and the column-mapping dialog
when the file's headers are unusual (part of the 运费对账 tab, ui/aftership/freight_tab.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from nicegui import events, ui

from waybill_ui import runtime
from waybill_ui.clock import utcnow
from waybill_ui.db.rows import row_id
from waybill_ui.services.aftership import freight
from waybill_ui.services.aftership.freight.reading import FIELDS
from waybill_ui.services.common import uploads
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.ui.components.drop_zone import drop_zone, save_upload
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.pool.common import carrier_options
from waybill_ui.ui.session import actor
from waybill_ui.ui.work import io_bound


class BillImport:
    """`imported(bill_id)` runs after a bill is stored."""

    def __init__(self, imported: Callable[[int], Awaitable[None]]):
        self.rt = runtime.get()
        self.imported = imported
        with ui.row().classes("w-full items-end gap-2"):
            self.carrier = (
                ui.select(carrier_options(with_all=False), label=t("freight.carrier"))
                .props("outlined dense")
                .classes("w-44")
                .mark("freight-carrier")
            )
            self.month = (
                ui.input(t("freight.month"), value=f"{utcnow():%Y-%m}", placeholder="2026-05")
                .props("outlined dense")
                .classes("w-32")
                .mark("freight-month")
            )
        drop_zone(
            accept=".csv,.txt,.xlsx",
            limit_mb=self.rt.settings.upload_limit_mb,
            on_upload=self.received,
            marker="freight-upload",
            kinds="CSV / XLSX",
        )
        self.result = ui.label().classes("font-bold").mark("freight-result")

    async def received(self, e: events.UploadEventArguments) -> None:
        if not self.carrier.value:
            ui.notify(t("freight.choose_carrier"), type="warning")
            return
        settings = self.rt.settings
        try:
            path = await save_upload(e, folder=settings.uploads_dir, limit_mb=settings.upload_limit_mb)
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
            return
        await self.import_file(path, e.file.name, None)

    async def import_file(self, path: Path, name: str, mapping: dict[str, str] | None) -> None:
        try:
            bill = await io_bound(
                freight.import_bill,
                self.rt.db,
                carrier=self.carrier.value or "",
                month=self.month.value or "",
                data=path.read_bytes(),
                filename=name,
                mapping=mapping,
                actor=actor(),
            )
        except ServiceError as exc:
            if exc.code == "need_mapping":
                await self.ask_mapping(path, name)
                return
            uploads.remove(path)
            self.result.set_text(exc.message(lang()))
            ui.notify(exc.message(lang()), type="negative")
            return
        uploads.remove(path)
        text = t("freight.imported", lines=bill.lines, over=f"{bill.overcharge_fen / 100:.2f}", missing=bill.missing)
        rejected = bill.counts.get("rejected_rows", 0)
        if rejected:
            rows = "、".join(str(r) for r, _ in bill.counts.get("rejected_sample", [])[:5])
            text += " " + t("freight.rejected_rows", count=rejected, rows=rows)
        self.result.set_text(text)
        ui.notify(text, type="positive")
        await self.imported(row_id(bill))

    async def ask_mapping(self, path: Path, name: str) -> None:
        headers = await io_bound(freight.reading.headers_of, path.read_bytes())
        remembered = await io_bound(freight.mapping_for, self.rt.db, carrier=self.carrier.value)

        async def confirm(mapping: dict[str, str]) -> None:
            await self.import_file(path, name, mapping)

        mapping_dialog(headers, remembered, confirm=confirm, cancel=lambda: uploads.remove(path))


def mapping_dialog(
    headers: list[str],
    remembered: dict[str, str],
    *,
    confirm: Callable[[dict[str, str]], Awaitable[None]],
    cancel: Callable[[], object],
) -> None:
    """Which column holds which field; the remembered choice for the carrier comes preset."""
    options = {"": "—", **{h: h for h in headers if h}}
    with ui.dialog() as dialog, ui.card().classes("w-[32rem] max-w-full").mark("freight-mapping"):
        ui.label(t("freight.mapping")).classes("text-lg font-bold")
        ui.label(t("freight.mapping_hint")).classes("text-sm text-gray-600")
        selects = {
            f: ui.select(
                options,
                value=remembered.get(f) if remembered.get(f) in options else "",
                label=t(f"freight.field.{f}"),
            )
            .props("outlined dense")
            .classes("w-full")
            .mark(f"freight-map-{f}")
            for f in FIELDS
        }

        async def save() -> None:
            dialog.close()
            await confirm({f: s.value for f, s in selects.items() if s.value})

        def dismiss() -> None:
            cancel()
            dialog.close()

        with ui.row().classes("w-full justify-end"):
            ui.button(t("common.cancel"), on_click=dismiss).props("flat")
            ui.button(t("freight.mapping_save"), on_click=save).mark("freight-map-save")
    dialog.open()
