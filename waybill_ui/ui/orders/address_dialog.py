"""补地址 dialog (智能识别): paste the buyer's block, check the recognised fields, save; and
从文件补地址: a second file fills many waiting orders at once. The rules live in
services/orders/addresses/ (parse, check against the divisions, store)."""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable

from nicegui import events, ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.clock import utcnow
from waybill_ui.services.orders import listing as orders
from waybill_ui.services.common import uploads
from waybill_ui.services.orders.addresses import bulk, divisions, fill
from waybill_ui.services.orders.addresses.paste import parse_block, split_phone
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.texts import tr
from waybill_ui.ui.components.drop_zone import drop_zone, save_upload
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.session import actor

Done = Callable[[], Awaitable[None] | None]


async def _finish(on_done: Done) -> None:
    outcome = on_done()
    if outcome is not None:
        await outcome


async def open_address_dialog(order_no: str, on_done: Done) -> None:
    db = runtime.get().db
    order = await io_bound(orders.get_order, db, order_no=order_no)
    phone, extension = split_phone(order.phone)
    extension = order.phone_ext or extension
    with ui.dialog() as dialog, ui.card().classes("w-[40rem] max-w-full").mark("address-dialog"):
        ui.label(f"{t('address.paste.title')} · {order_no}").classes("text-lg font-bold")
        paste = (
            ui.textarea(placeholder=t("address.paste.hint"))
            .props("outlined autogrow")
            .classes("w-full")
            .mark("address-paste")
        )
        with ui.row().classes("w-full items-center gap-2"):
            ui.button(t("address.paste.recognise"), icon="auto_fix_high", on_click=lambda: recognise()).props(
                "no-caps"
            ).mark("address-recognise")
            confidence = ui.label().classes("text-sm").mark("address-confidence")
        warning = ui.column().classes("w-full gap-1").mark("address-warning")
        with ui.grid(columns="repeat(auto-fit, minmax(10rem, 1fr))").classes("w-full gap-2"):
            name = (
                ui.input(t("address.field.name"), value=order.receiver_name)
                .props("outlined dense")
                .mark("address-name")
            )
            mobile = ui.input(t("address.field.phone"), value=phone).props("outlined dense").mark("address-phone")
            ext = (
                ui.input(t("address.field.extension"), value=extension)
                .props("outlined dense")
                .mark("address-extension")
            )
            landline = (
                ui.input(t("address.field.landline"), value=order.landline)
                .props("outlined dense")
                .mark("address-landline")
            )
            province = (
                ui.select(
                    divisions.provinces(),
                    label=t("address.field.province"),
                    value=order.province if order.province in divisions.provinces() else None,
                )
                .props("outlined dense")
                .mark("address-province")
            )
            city = ui.select([], label=t("address.field.city")).props("outlined dense").mark("address-city")
            district = (
                ui.select([], label=t("address.field.district"), clearable=True)
                .props("outlined dense")
                .mark("address-district")
            )
        detail = (
            ui.input(t("address.field.detail"), value=order.address)
            .props("outlined dense")
            .classes("w-full")
            .mark("address-detail")
        )
        with ui.row().classes("w-full justify-end"):
            ui.button(t("common.cancel"), on_click=dialog.close).props("flat")
            ui.button(t("address.save"), icon="save", on_click=lambda: save()).mark("address-save")

    def set_place(p: str, c: str, d: str) -> None:
        province.value = p or None
        city.set_options(divisions.cities_of(p) if p else [], value=c if c in divisions.cities_of(p) else None)
        districts = divisions.districts_of(p, c) if p and c else []
        district.set_options(districts, value=d if d in districts else None)

    def on_province(e) -> None:
        city.set_options(divisions.cities_of(e.value) if e.value else [], value=None)
        district.set_options([], value=None)

    def on_city(e) -> None:
        districts = divisions.districts_of(province.value, e.value) if province.value and e.value else []
        district.set_options(districts, value=None)

    set_place(order.province, order.city, order.district)
    province.on_value_change(on_province)
    city.on_value_change(on_city)

    def pick(place: str) -> None:
        got = parse_block(place + (detail.value or ""))
        set_place(got.province, got.city, got.district)
        warning.clear()

    def recognise() -> None:
        got = parse_block(paste.value or "")
        for field, value in (
            (name, got.name),
            (mobile, got.phone),
            (ext, got.extension),
            (landline, got.landline),
            (detail, got.detail),
        ):
            if value:
                field.value = value
        set_place(got.province, got.city, got.district)
        confidence.set_text(t("address.paste.confidence", percent=round(got.confidence * 100)))
        confidence.classes(replace="text-sm " + ("text-green-700" if got.confidence >= 0.9 else "text-orange-700"))
        warning.clear()
        with warning:
            if got.ambiguous and got.candidates:
                # the part is a name from the divisions table; escaped all the same (pasted text)
                ui.html(
                    html.escape(t("address.paste.ambiguous", part="\0", places="")).replace(
                        "\0", f"<mark>{html.escape(got.ambiguous)}</mark>"
                    )
                ).classes("text-orange-800").mark("address-ambiguous")
                with ui.row().classes("gap-1"):
                    for place in got.candidates[:8]:
                        ui.button(place, on_click=lambda _, p=place: pick(p)).props(
                            "dense outline no-caps size=sm"
                        ).mark("address-candidate")
            if got.masked:
                fields = "、".join(t(f"address.masked.{f}") for f in got.masked)
                ui.label(t("address.paste.masked", fields=fields)).classes("text-red-700").mark("address-masked")
            if got.notes:
                ui.label(t("address.paste.old_name", notes="；".join(got.notes))).classes("text-gray-600")

    async def save() -> None:
        data = fill.AddressInput(
            name=name.value or "",
            phone=mobile.value or "",
            extension=ext.value or "",
            landline=landline.value or "",
            province=province.value or "",
            city=city.value or "",
            district=district.value or "",
            detail=detail.value or "",
        )
        try:
            await io_bound(fill.fill_order, db, order_no=order_no, data=data, actor=actor(), now=utcnow())
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
            return
        ui.notify(t("address.saved", order_no=order_no), type="positive")
        dialog.close()
        await _finish(on_done)

    dialog.open()


async def open_address_file_dialog(on_done: Done) -> None:
    rt = runtime.get()
    limit_mb = rt.settings.upload_limit_mb
    with ui.dialog() as dialog, ui.card().classes("w-[40rem] max-w-full").mark("address-file-dialog"):
        ui.label(t("address.bulk.title")).classes("text-lg font-bold")
        drop_zone(
            accept=".csv,.txt,.xlsx",
            limit_mb=limit_mb,
            on_upload=lambda e: received(e),
            marker="address-file-upload",
            kinds="CSV / XLSX",
        )
        column = (
            ui.textarea(t("address.bulk.paste"), placeholder=t("address.bulk.paste_hint"))
            .props("outlined autogrow")
            .classes("w-full")
            .mark("address-column")
        )
        ui.button(t("address.paste.recognise"), icon="auto_fix_high", on_click=lambda: pasted()).props("no-caps").mark(
            "address-column-fill"
        )
        summary = ui.label().classes("font-bold").mark("address-file-summary")
        problems = ui.column().classes("w-full gap-0 text-sm text-red-700").mark("address-file-problems")
        with ui.row().classes("w-full justify-end"):
            ui.button(t("orders.import.close"), on_click=dialog.close).props("flat")

    async def show(report: fill.FillReport) -> None:
        summary.set_text(t("address.bulk.done", count=report.filled))
        problems.clear()
        with problems:
            for row, order_no, key in report.problems[:200]:
                ui.label(
                    t("address.bulk.problem", row=row, order_no=order_no, reason=tr(key, lang(), order_no=order_no))
                )
        await _finish(on_done)

    async def received(e: events.UploadEventArguments) -> None:
        path = None
        try:
            path = await save_upload(e, folder=rt.settings.uploads_dir, limit_mb=limit_mb)
            report = await io_bound(
                bulk.fill_from_file, rt.db, data=path, filename=e.file.name, actor=actor(), now=utcnow()
            )
        except ServiceError as exc:
            summary.set_text(exc.message(lang()))
            ui.notify(exc.message(lang()), type="negative")
            return
        finally:
            uploads.remove(path)
        await show(report)

    async def pasted() -> None:
        report = await io_bound(bulk.fill_from_paste, rt.db, text=column.value or "", actor=actor(), now=utcnow())
        await show(report)

    dialog.open()
