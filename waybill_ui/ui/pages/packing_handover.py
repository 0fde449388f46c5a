"""交接: when the courier comes, choose the carrier and scan the parcels out (keyboard-wedge
scanner: each number ends with Enter). Each scan is checked at once (another carrier's parcel, one
handed over already or not shipped is red with a beep and not added); Enter on an empty box — or
the button — records the handover (services/packing/handover.py, which checks all again) and
prints the sheet to sign."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.carriers import codes
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.services.packing import handover, handover_lists
from waybill_ui.ui.frame import frame
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.packing.pdf import print_pdf
from waybill_ui.ui.pages.packing_scan import BEEP_JS
from waybill_ui.ui.session import actor


@ui.page("/packing/handover", title="快递交接 · 快递单号管家")
async def packing_handover_page(carrier: str = "") -> None:
    db = runtime.get().db
    numbers: list[str] = []
    with frame("/packing"):
        ui.label(t("handover.page.title")).classes("text-2xl font-bold").mark("handover-title")
        ui.label(t("handover.page.keys")).classes("text-sm text-gray-500")
        chosen = (
            ui.select(
                {c: v.name for c, v in codes.CARRIERS.items()},
                label=t("handover.page.carrier"),
                value=codes.resolve(carrier) if carrier else None,
            )
            .props("outlined dense")
            .classes("w-48")
            .mark("handover-carrier")
        )
        box = (
            ui.input(t("handover.page.scan"))
            .props("outlined autofocus")
            .classes("w-full text-xl")
            .mark("handover-input")
        )
        message = ui.label("").classes("text-lg").mark("handover-message")
        count = ui.label(t("handover.page.count", count=0)).classes("font-bold").mark("handover-count")
        listed = ui.column().classes("w-full gap-0").mark("handover-list")
        with ui.row().classes("gap-2 items-center"):
            ui.button(t("handover.page.record"), icon="print", on_click=lambda: record()).props("no-caps").mark(
                "handover-record"
            )
            ui.button(t("handover.page.clear"), on_click=lambda: reset()).props("flat no-caps").mark("handover-clear")
            link = ui.row().mark("handover-pdf")

    def say(text: str, *, red: bool) -> None:
        message.text = text
        message.classes(replace="text-lg " + ("text-red-600 font-bold" if red else "text-green-700"))
        if red:
            ui.run_javascript(BEEP_JS)

    def draw() -> None:
        listed.clear()
        with listed:
            for i, number in enumerate(numbers, start=1):
                with ui.row().classes("items-center gap-2"):
                    ui.label(f"{i:>3}. {number}").classes("font-mono")
                    ui.button(icon="close", on_click=lambda n=number: drop(n)).props("flat dense round size=sm")
        count.text = t("handover.page.count", count=len(numbers))

    def drop(number: str) -> None:
        numbers.remove(number)
        draw()

    def reset() -> None:
        numbers.clear()
        message.text = ""
        draw()

    async def add(code: str) -> None:
        if not chosen.value:
            say(t("handover.page.pick_carrier"), red=True)
            return
        if code in numbers:
            say(t("handover.page.already_listed", number=code), red=True)
            return
        try:
            number = await io_bound(handover_lists.check_parcel, db, carrier=chosen.value, number=code)
        except ServiceError as exc:
            say(exc.message(lang()), red=True)
            return
        numbers.append(number)
        say(t("handover.page.added", number=number), red=False)
        draw()

    async def record() -> None:
        if not chosen.value:
            say(t("handover.page.pick_carrier"), red=True)
            return
        try:
            made = await io_bound(handover.hand_over, db, carrier=chosen.value, numbers=list(numbers), actor=actor())
            pdf = await io_bound(handover.render_sheet, made)
        except ServiceError as exc:
            say(exc.message(lang()), red=True)
            return
        await print_pdf(pdf, link_into=link, mark="handover-sheet")
        numbers.clear()
        draw()
        say(
            t("handover.page.recorded", id=made.id, count=made.count, carrier=codes.name_of(made.carrier_code)),
            red=False,
        )

    async def on_enter() -> None:
        code = (box.value or "").strip()
        box.value = ""
        if code:
            await add(code)
        elif numbers:
            await record()

    box.on("keydown.enter", on_enter)
    chosen.on_value_change(lambda: box.run_method("focus"))
