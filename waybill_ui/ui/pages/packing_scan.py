"""扫描验货发货: a full-screen page for a keyboard-wedge scanner, a scale and a keyboard.

One input keeps the focus; every Enter goes to services/packing/scan.py and the page only shows
the typed result: red lines (with a Web Audio beep) for a wrong or extra item, a refunded or
unpaid order, a buyer's carrier request, a changed address or an odd weight.

The station's typed state and its screen live in ui/packing/station.py; `ScanStation` below
decides what each key does.
"""

from __future__ import annotations

from nicegui import ui

from waybill_ui import runtime
from waybill_ui.carriers.codes import name_of
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.services.packing import scan
from waybill_ui.services.packing.scan import ItemVerdict, Warn
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.packing.pdf import print_label
from waybill_ui.ui.packing.station import BEEP_JS, SCALE_JS, Station, StationScreen
from waybill_ui.ui.session import actor
from waybill_ui.ui.work import io_bound

__all__ = ["BEEP_JS", "SCALE_JS", "ScanStation", "Station", "packing_scan_page"]


class ScanStation:
    def __init__(self, st: Station, screen: StationScreen):
        self.db = runtime.get().db
        self.st = st
        self.screen = screen
        screen.box.on("keydown.enter", self.on_enter)
        screen.box.on("keydown.esc", self.on_esc)
        ui.on("pack_scale", self.on_scale)
        screen.draw(st)

    def reset(self) -> None:
        self.st.start(None)
        self.screen.messages.clear()
        self.screen.draw(self.st)

    async def on_enter(self) -> None:
        st, code = self.st, self.screen.take_code()
        if st.parcel is None:
            if code:
                await self.open_code(code)
        elif not st.complete():
            if code:
                await self.scan_item(st.parcel, code)
        elif not code:  # Enter on the empty box confirms (the service decides what a missing weight means)
            await self.confirm()
        else:
            await self.weigh(code)  # a new reading replaces the weight

    def on_esc(self) -> None:
        self.screen.box.set_value("")
        self.reset()

    async def on_scale(self, event) -> None:
        if self.st.parcel is not None and self.st.complete():
            await self.weigh(str(event.args))

    async def open_code(self, code: str) -> None:
        self.screen.messages.clear()
        try:
            parcel = await io_bound(scan.open_parcel, self.db, code=code)
        except ServiceError as exc:
            self.screen.say(exc.message(lang()), red=True)
            return
        self.st.start(parcel)
        for warn in parcel.warnings:
            red = warn != Warn.already_shipped
            self.screen.say(t(f"pack.warn.{warn}", message=parcel.buyer_message, memo=parcel.seller_memo), red=red)
        if parcel.blocked:
            self.st.parcel = None
        self.screen.draw(self.st)

    async def scan_item(self, parcel: scan.Parcel, code: str) -> None:
        st = self.st
        result = await io_bound(scan.scan_item, self.db, order_no=parcel.order_no, barcode=code, counts=st.counts)
        st.counts = result.counts
        red = result.verdict in (ItemVerdict.wrong, ItemVerdict.extra)
        self.screen.say(t(f"pack.verdict.{result.verdict}", sku=result.sku), red=red)
        self.screen.draw(st)

    async def weigh(self, raw: str) -> None:
        parcel = self.st.parcel
        if parcel is None:  # weighing follows a scanned order only
            return
        try:
            self.st.weight_g = scan.parse_weight(raw)
        except ServiceError as exc:
            self.screen.say(exc.message(lang()), red=True)
            return
        if scan.weight_flagged(expected_g=parcel.expected_weight_g, weight_g=self.st.weight_g):
            self.screen.say(t("pack.weight_flag", expected=parcel.expected_weight_g), red=True)
        self.screen.draw(self.st)

    async def confirm(self) -> None:
        st, say = self.st, self.screen.say
        if st.parcel is None:  # the confirm button shows with a scanned order only
            return
        try:
            packed = await io_bound(
                scan.confirm,
                self.db,
                order_no=st.parcel.order_no,
                counts=st.counts,
                weight_g=st.weight_g,
                actor=actor(),
            )
        except ServiceError as exc:
            say(exc.message(lang()), red=True)
            return
        self.reset()
        done = "pack.shipped" if packed.newly_shipped else "pack.packed"
        say(t(done, carrier=name_of(packed.carrier), number=packed.number, weight=packed.weight_g or "—"))
        if packed.freight_fen is not None:
            say(t("pack.freight", yuan=f"{packed.freight_fen / 100:.2f}"))
        if packed.weight_flagged:
            say(t("pack.weight_flag", expected=packed.expected_weight_g), red=True)
        if packed.needs_label:  # never printed yet: print it now, same use case as 打印面单
            try:
                await print_label(packed.shipment_id, actor())
            except ServiceError as exc:
                say(t("pack.label_failed", error=exc.message(lang())), red=True)
            else:
                say(t("pack.label_printed", number=packed.number))


@ui.page("/packing/scan", title="扫描验货发货 · 快递单号管家")
async def packing_scan_page() -> None:
    ScanStation(Station(), StationScreen())
