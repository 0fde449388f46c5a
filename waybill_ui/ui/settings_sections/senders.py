"""Labels & senders (owner only): label size and phone masking, the shop's sender addresses."""

from __future__ import annotations

import json

from nicegui import ui

from nicegui.elements.mixins.value_element import ValueElement
from typing import Any
from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.carriers.geo import PROVINCES, place
from waybill_ui.db.models import SenderAddress
from waybill_ui.services.printing import labels
from waybill_ui.services.settings import senders
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.services.settings.senders import SenderInput
from waybill_ui.db.rows import row_id
from waybill_ui.ui.components.labels import pdf_url
from waybill_ui.ui.i18n import lang, t

TAB_KEY = "labels.tab"
ORDER = 30
OWNER_ONLY = True

FIELDS = ("label", "name", "phone", "province", "city", "district", "address")


async def _options_card(me) -> None:
    db = runtime.get().db
    current = await io_bound(labels.options, db)
    with ui.card().classes("w-full max-w-3xl").mark("label-options"):
        ui.label(t("labels.options")).classes("text-lg font-bold")
        size = (
            ui.toggle({key: t(f"labels.size.{key}") for key in labels.SIZES}, value=current.size)
            .props("no-caps")
            .mark("label-size")
        )
        mask = ui.switch(t("labels.mask_phone"), value=current.mask_phone).mark("label-mask-phone")

        async def save() -> None:
            try:
                await io_bound(labels.save_options, db, size=size.value, mask_phone=mask.value, actor=me)
            except ServiceError as exc:
                ui.notify(exc.message(lang()), type="negative")
                return
            ui.notify(t("labels.options_saved"), type="positive")

        async def preview() -> None:
            pdf = await io_bound(labels.sample_pdf, db, size=size.value, mask_phone=mask.value)
            token = await io_bound(labels.save_file, labels.files_folder(runtime.get().settings.data_dir), pdf)
            ui.run_javascript(f"window.open({json.dumps(pdf_url(token))}, '_blank')")

        with ui.row():
            ui.button(t("common.save"), icon="save", on_click=save).mark("label-options-save")
            ui.button(t("labels.preview"), icon="visibility", on_click=preview).props("flat no-caps").mark(
                "label-preview"
            )


def _editor(me, row: SenderAddress | None, on_saved) -> None:
    db = runtime.get().db
    with ui.dialog() as dialog, ui.card().classes("w-[34rem] max-w-full").mark("sender-editor"):
        ui.label(t("senders.edit") if row else t("senders.add")).classes("text-lg font-bold")
        inputs: dict[str, ValueElement[Any]] = {}
        with ui.grid(columns=2).classes("w-full"):
            for key in FIELDS:
                value = getattr(row, key) if row else ""
                if key == "province":
                    inputs[key] = ui.select(
                        PROVINCES, value=value or None, label=t("senders.province"), with_input=True
                    ).props("outlined dense")
                else:
                    inputs[key] = ui.input(t(f"senders.{key}"), value=value).props("outlined dense")
                inputs[key].mark(f"sender-{key}")
            inputs["address"].classes("col-span-2")
        default = ui.checkbox(t("senders.is_default"), value=bool(row and row.is_default)).mark("sender-default")
        error = ui.label("").classes("text-red-700").mark("sender-error")

        async def save() -> None:
            data = SenderInput(**{k: (inputs[k].value or "") for k in FIELDS}, is_default=default.value)
            try:
                if row is None:
                    await io_bound(senders.create_sender, db, data=data, actor=me)
                else:
                    await io_bound(senders.update_sender, db, sender_id=row_id(row), data=data, actor=me)
            except ServiceError as exc:
                error.text = exc.message(lang())
                return
            ui.notify(t("senders.saved"), type="positive")
            dialog.close()
            on_saved()

        with ui.row().classes("w-full justify-end"):
            ui.button(t("common.cancel"), on_click=dialog.close).props("flat")
            ui.button(t("common.save"), on_click=save).mark("sender-save")
    dialog.open()


async def render(me) -> None:
    db = runtime.get().db
    await _options_card(me)
    with ui.card().classes("w-full max-w-3xl").mark("senders"):
        ui.label(t("senders.title")).classes("text-lg font-bold")
        ui.label(t("senders.intro")).classes("text-gray-600")

        async def act(call, **kwargs) -> None:
            try:
                await io_bound(call, db, actor=me, **kwargs)
            except ServiceError as exc:
                ui.notify(exc.message(lang()), type="negative")
                return
            if call is senders.delete_sender:
                ui.notify(t("senders.deleted"))
            sender_list.refresh()

        @ui.refreshable
        async def sender_list() -> None:
            rows = await io_bound(senders.list_senders, db)  # at most senders.MAX_ADDRESSES
            if not rows:
                ui.label(t("senders.none")).classes("text-orange-700").mark("senders-empty")
            for row in rows:
                with (
                    ui.row()
                    .classes("w-full items-center gap-3 bg-gray-50 rounded p-2 no-wrap")
                    .mark(f"sender-row-{row.id}")
                ):
                    with ui.column().classes("gap-0 grow"):
                        with ui.row().classes("items-center gap-2"):
                            ui.label(f"{row.name}  {row.phone}").classes("font-bold")
                            if row.label:
                                ui.label(row.label).classes("text-gray-500")
                            if row.is_default:
                                ui.badge(t("senders.default")).mark("sender-default-badge")
                        ui.label(place(row.province, row.city, row.district, row.address, sep=" ")).classes(
                            "text-gray-700"
                        )
                    if not row.is_default:
                        ui.button(
                            t("senders.make_default"), on_click=lambda r=row: act(senders.set_default, sender_id=r.id)
                        ).props("flat dense no-caps").mark(f"sender-make-default-{row.id}")
                    ui.button(t("senders.edit"), on_click=lambda r=row: _editor(me, r, sender_list.refresh)).props(
                        "flat dense no-caps"
                    ).mark(f"sender-edit-{row.id}")
                    ui.button(
                        t("common.delete"), on_click=lambda r=row: act(senders.delete_sender, sender_id=r.id)
                    ).props("flat dense no-caps color=negative").mark(f"sender-delete-{row.id}")

        await sender_list()
        ui.button(
            t("senders.add"), icon="add_location_alt", on_click=lambda: _editor(me, None, sender_list.refresh)
        ).mark("sender-add")
