"""扫描验货发货: a full-screen page for a keyboard-wedge scanner, a scale and a keyboard.

One input keeps the focus; every Enter goes to services/packing/scan.py and the page only shows
the typed result: red lines (with a Web Audio beep) for a wrong or extra item, a refunded or
unpaid order, a buyer's carrier request, a changed address or an odd weight.
"""

from __future__ import annotations

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.carriers.codes import name_of
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.services.packing import scan
from waybill_ui.services.packing.scan import ItemVerdict, Warn
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.packing.pdf import print_label
from waybill_ui.ui.session import actor

BEEP_JS = """(() => { const c = new (window.AudioContext || window.webkitAudioContext)();
const o = c.createOscillator(); o.type = 'square'; o.frequency.value = 880; o.connect(c.destination);
o.start(); o.stop(c.currentTime + 0.35); window.packBeeps = (window.packBeeps || 0) + 1; })()"""

# Web Serial (Chromium): read lines from the scale and hand each reading to the page.
SCALE_JS = """(async () => { if (!('serial' in navigator)) { alert('此浏览器不支持 Web Serial，请用 Chrome/Edge，或手动输入重量'); return; }
const port = await navigator.serial.requestPort(); await port.open({ baudRate: 9600 });
const reader = port.readable.pipeThrough(new TextDecoderStream()).getReader(); let buf = '';
while (true) { const { value, done } = await reader.read(); if (done) break; buf += value;
  let i; while ((i = buf.search(/[\\r\\n]/)) >= 0) { const line = buf.slice(0, i).trim(); buf = buf.slice(i + 1);
    const m = line.match(/(\\d+(?:\\.\\d+)?)\\s*(kg|g)?/i); if (m) emitEvent('pack_scale', m[1] + (m[2] || 'kg')); } } })()"""


class Station:
    def __init__(self) -> None:
        self.db = runtime.get().db
        self.parcel: scan.Parcel | None = None
        self.counts: dict[str, int] = {}
        self.weight_g: int | None = None

    def complete(self) -> bool:
        if self.parcel is None:
            return False
        wanted: dict[str, int] = {}
        for line in self.parcel.lines:
            wanted[line.sku] = wanted.get(line.sku, 0) + line.quantity
        return self.counts == wanted


@ui.page("/packing/scan", title="扫描验货发货 · 快递单号管家")
async def packing_scan_page() -> None:
    st = Station()
    with ui.column().classes("w-full min-h-screen p-4 gap-3 bg-gray-50"):
        with ui.row().classes("w-full items-center gap-3"):
            ui.link("←", "/packing").classes("text-lg").mark("pack-back")
            ui.label(t("pack.page.title")).classes("text-2xl font-bold")
            ui.button(t("pack.page.scale"), on_click=lambda: ui.run_javascript(SCALE_JS)).props("flat dense")
        ui.label(t("pack.page.keys")).classes("text-sm text-gray-500").mark("pack-keys")
        step = ui.label(t("pack.step.order")).classes("text-xl text-blue-700").mark("pack-step")
        box = ui.input(t("pack.page.input")).props("autofocus outlined").classes("w-full text-2xl").mark("pack-input")
        messages = ui.column().classes("w-full gap-1").mark("pack-messages")
        lines = ui.column().classes("w-full gap-1").mark("pack-lines")

    def say(text: str, *, red: bool = False) -> None:
        with messages:
            ui.label(text).classes("text-xl " + ("text-red-600 font-bold" if red else "text-green-700")).mark(
                "pack-alert" if red else "pack-ok"
            )
        if red:
            ui.run_javascript(BEEP_JS)

    def draw() -> None:
        lines.clear()
        if st.parcel is None:
            step.text = t("pack.step.order")
            return
        with lines:
            ui.label(t("pack.page.order", order_no=st.parcel.order_no)).classes("text-lg font-bold")
            for line in st.parcel.lines:
                got = st.counts.get(line.sku, 0)
                ui.label(f"{line.sku}  {line.title} {line.spec}   {got} / {line.quantity}").classes(
                    "text-lg " + ("text-green-700" if got >= line.quantity else "")
                ).mark(f"pack-line-{line.sku}")
            if st.weight_g is not None:
                ui.label(t("pack.page.weight", kg=f"{st.weight_g / 1000:.2f}")).classes("text-lg").mark("pack-weight")
        step.text = t(
            "pack.step.items"
            if not st.complete()
            else "pack.step.weight"
            if st.weight_g is None
            else "pack.step.confirm"
        )

    def reset() -> None:
        st.parcel, st.counts, st.weight_g = None, {}, None
        messages.clear()
        draw()

    async def open_code(code: str) -> None:
        messages.clear()
        try:
            parcel = await io_bound(scan.open_parcel, st.db, code=code)
        except ServiceError as exc:
            say(exc.message(lang()), red=True)
            return
        st.parcel, st.counts, st.weight_g = parcel, {}, None
        for warn in parcel.warnings:
            red = warn != Warn.already_shipped
            say(t(f"pack.warn.{warn}", message=parcel.buyer_message, memo=parcel.seller_memo), red=red)
        if parcel.blocked:
            st.parcel = None
        draw()

    async def weigh(raw: str) -> None:
        parcel = st.parcel
        if parcel is None:  # weighing follows a scanned order only
            return
        try:
            st.weight_g = scan.parse_weight(raw)
        except ServiceError as exc:
            say(exc.message(lang()), red=True)
            return
        if scan.weight_flagged(expected_g=parcel.expected_weight_g, weight_g=st.weight_g):
            say(t("pack.weight_flag", expected=parcel.expected_weight_g), red=True)
        draw()

    async def confirm() -> None:
        if st.parcel is None:  # the confirm button shows with a scanned order only
            return
        try:
            packed = await io_bound(
                scan.confirm, st.db, order_no=st.parcel.order_no, counts=st.counts, weight_g=st.weight_g, actor=actor()
            )
        except ServiceError as exc:
            say(exc.message(lang()), red=True)
            return
        reset()
        say(
            t(
                "pack.shipped" if packed.newly_shipped else "pack.packed",
                carrier=name_of(packed.carrier),
                number=packed.number,
                weight=packed.weight_g or "—",
            )
        )
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

    async def on_enter() -> None:
        code = (box.value or "").strip()
        box.value = ""
        if st.parcel is None:
            if code:
                await open_code(code)
            return
        if not st.complete():
            if not code:
                return
            result = await io_bound(scan.scan_item, st.db, order_no=st.parcel.order_no, barcode=code, counts=st.counts)
            st.counts = result.counts
            if result.verdict in (ItemVerdict.wrong, ItemVerdict.extra):
                say(t(f"pack.verdict.{result.verdict}", sku=result.sku), red=True)
            else:
                say(t(f"pack.verdict.{result.verdict}", sku=result.sku))
            draw()
        elif st.weight_g is None and code:
            await weigh(code)
        elif not code:
            await confirm()
        else:
            await weigh(code)  # a new reading replaces the weight

    async def on_scale(event) -> None:
        if st.parcel is not None and st.complete():
            await weigh(str(event.args))

    box.on("keydown.enter", on_enter)

    def on_esc() -> None:
        box.set_value("")
        reset()

    box.on("keydown.esc", on_esc)
    ui.on("pack_scale", on_scale)
    draw()
