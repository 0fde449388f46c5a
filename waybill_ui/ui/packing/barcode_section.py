"""商品条码 section of the packing page: the barcode → 商家编码 map with the weight of one piece,
paged on the server, with add/change (scan the barcode into the first box) and delete."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.services.packing import barcodes
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.packing.pager import Pager
from waybill_ui.ui.session import actor


async def barcode_section() -> None:
    db = runtime.get().db
    ui.label(t("packing.barcodes.title")).classes("text-lg font-bold")
    ui.label(t("packing.barcodes.intro")).classes("text-sm text-gray-600")
    with ui.row().classes("w-full items-end gap-2"):
        code = ui.input(t("packing.barcodes.barcode")).props("outlined dense").classes("w-44").mark("barcode-code")
        sku = ui.input(t("packing.barcodes.sku")).props("outlined dense").classes("w-40").mark("barcode-sku")
        weight = (
            ui.number(t("packing.barcodes.weight"), min=1, max=barcodes.MAX_PIECE_G, format="%.0f")
            .props("outlined dense")
            .classes("w-32")
            .mark("barcode-weight")
        )
        ui.button(t("packing.barcodes.save"), icon="save", on_click=lambda: save()).props("dense no-caps").mark(
            "barcode-save"
        )
    search = (
        ui.input(t("packing.barcodes.search")).props("outlined dense clearable").classes("w-64").mark("barcode-search")
    )

    async def load(offset: int, limit: int):
        return await io_bound(barcodes.list_page, db, q=search.value or "", offset=offset, limit=limit)

    def draw(rows: list[barcodes.BarcodeRow]) -> None:
        if not rows:
            ui.label(t("packing.barcodes.empty")).classes("text-gray-500")
        for row in rows:
            with ui.row().classes("w-full items-center gap-3 border-b py-1").mark(f"barcode-row-{row.barcode}"):
                ui.label(row.barcode).classes("font-mono w-44 break-all")
                ui.label("→ " + row.sku).classes("font-mono w-40 break-all")
                ui.label(f"{row.weight_g} g" if row.weight_g else "—").classes("w-20")
                ui.button(icon="edit", on_click=lambda r=row: edit(r)).props("flat dense round").mark(
                    f"barcode-edit-{row.barcode}"
                )
                ui.button(icon="delete", on_click=lambda r=row: remove(r)).props(
                    "flat dense round color=negative"
                ).mark(f"barcode-delete-{row.barcode}")

    pager = Pager(load=load, draw=draw, size=20, mark="barcodes")

    def edit(row: barcodes.BarcodeRow) -> None:
        code.value, sku.value, weight.value = row.barcode, row.sku, row.weight_g

    async def save() -> None:
        grams = int(weight.value) if weight.value not in (None, "") else None
        try:
            await io_bound(
                barcodes.save, db, barcode=code.value or "", sku=sku.value or "", weight_g=grams, actor=actor()
            )
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
            return
        ui.notify(t("packing.barcodes.saved", barcode=code.value.strip(), sku=sku.value.strip()), type="positive")
        code.value, sku.value, weight.value = "", "", None
        code.run_method("focus")
        await pager.reload()

    async def remove(row: barcodes.BarcodeRow) -> None:
        try:
            await io_bound(barcodes.delete, db, barcode=row.barcode, actor=actor())
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="warning")
        await pager.reload()

    code.on("keydown.enter", lambda: sku.run_method("focus"))  # a scanned barcode ends with Enter
    sku.on("keydown.enter", save)
    search.on("keydown.enter", lambda: pager.go(1))
    search.on("clear", lambda: pager.go(1))
    await pager.go(1)
