"""First run for the owner (开店向导): the sender address every label prints, then the label size and
privacy — before the first parcel goes out. Opens by itself on the dashboard while no sender is
set; "稍后" leaves a reminder card there."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.carriers.geo import PROVINCES
from waybill_ui.services.printing import labels
from waybill_ui.services.settings import senders
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.session import signed_in


def open_first_run(on_done: Callable[[], Awaitable[None] | None]) -> None:
    db = runtime.get().db
    me = signed_in()
    page = ui.context.client.content

    def close() -> None:
        dialog.close()
        dialog.delete()

    with ui.dialog().props("persistent") as dialog, ui.card().classes("w-[40rem] max-w-full").mark("first-run"):
        ui.label(t("firstrun.title")).classes("text-xl font-bold")
        ui.label(t("firstrun.intro")).classes("text-sm text-gray-600")
        with ui.stepper().props("vertical flat").classes("w-full") as stepper:
            with ui.step("sender", title=t("firstrun.step.sender"), icon="home_work"):
                ui.label(t("firstrun.sender_why")).classes("text-sm text-gray-600")
                with ui.grid(columns="repeat(auto-fit, minmax(min(14rem, 100%), 1fr))").classes("w-full gap-2"):
                    name = ui.input(t("firstrun.name")).props("outlined dense").mark("fr-name")
                    phone = ui.input(t("firstrun.phone")).props("outlined dense").mark("fr-phone")
                    province = (
                        ui.select(PROVINCES, label=t("firstrun.province"), with_input=True)
                        .props("outlined dense")
                        .mark("fr-province")
                    )
                    city = ui.input(t("firstrun.city")).props("outlined dense").mark("fr-city")
                    district = ui.input(t("firstrun.district")).props("outlined dense").mark("fr-district")
                address = ui.input(t("firstrun.address")).props("outlined dense").classes("w-full").mark("fr-address")
                sender_error = ui.label().classes("text-red-700 text-sm").mark("fr-sender-error")

                async def save_sender() -> None:
                    sender_error.set_text("")
                    data = senders.SenderInput(
                        name=name.value or "",
                        phone=phone.value or "",
                        province=province.value or "",
                        city=city.value or "",
                        district=district.value or "",
                        address=address.value or "",
                    )
                    try:
                        await io_bound(senders.put_default, db, data=data, actor=me)
                    except ServiceError as exc:
                        sender_error.set_text(exc.message(lang()))
                        return
                    stepper.next()

                with ui.stepper_navigation():
                    ui.button(t("firstrun.next"), on_click=save_sender).mark("fr-sender-save")
                    ui.button(t("firstrun.later"), on_click=lambda: close()).props("flat").mark("fr-later")
            with ui.step("labels", title=t("firstrun.step.labels"), icon="print"):
                current = labels.options(db)
                size = ui.radio({s: t(f"labels.size.{s}") for s in labels.SIZES}, value=current.size).mark("fr-size")
                privacy = ui.switch(t("labels.mask_phone"), value=current.mask_phone).mark("fr-privacy")
                ui.label(t("firstrun.printer_hint")).classes("text-sm text-gray-600")

                async def finish() -> None:
                    try:
                        await io_bound(
                            labels.save_options, db, size=size.value, mask_phone=bool(privacy.value), actor=me
                        )
                    except ServiceError as exc:
                        ui.notify(exc.message(lang()), type="negative")
                        return
                    ui.notify(t("firstrun.done"), type="positive")
                    with page:  # the dialog is gone: what follows belongs to the page
                        close()
                        outcome = on_done()
                        if outcome is not None:
                            await outcome

                with ui.stepper_navigation():
                    ui.button(t("firstrun.finish"), on_click=finish).mark("fr-finish")
    dialog.open()
