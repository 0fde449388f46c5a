"""The 扫描验货发货 station's typed state (the parcel being packed, the items counted, the weight)
and its screen: the step to do next, the one scan box, the messages and the parcel's lines
(ui/pages/packing_scan.py wires them to the scanner)."""

from __future__ import annotations

from dataclasses import dataclass, field

from nicegui import ui

from waybill_ui.services.packing import scan
from waybill_ui.ui.i18n import t

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


@dataclass
class Station:
    parcel: scan.Parcel | None = None  # the order being packed; None: waiting for an order's code
    counts: dict[str, int] = field(default_factory=dict)  # sku → items scanned
    weight_g: int | None = None

    def start(self, parcel: scan.Parcel | None) -> None:
        self.parcel, self.counts, self.weight_g = parcel, {}, None

    def complete(self) -> bool:
        if self.parcel is None:
            return False
        wanted: dict[str, int] = {}
        for line in self.parcel.lines:
            wanted[line.sku] = wanted.get(line.sku, 0) + line.quantity
        return self.counts == wanted

    def step_key(self) -> str:
        """The text key of what to do next."""
        if self.parcel is None:
            return "pack.step.order"
        if not self.complete():
            return "pack.step.items"
        return "pack.step.weight" if self.weight_g is None else "pack.step.confirm"


class StationScreen:
    def __init__(self) -> None:
        with ui.column().classes("w-full min-h-screen p-4 gap-3 bg-gray-50"):
            with ui.row().classes("w-full items-center gap-3"):
                ui.link("←", "/packing").classes("text-lg").mark("pack-back")
                ui.label(t("pack.page.title")).classes("text-2xl font-bold")
                ui.button(t("pack.page.scale"), on_click=lambda: ui.run_javascript(SCALE_JS)).props("flat dense")
            ui.label(t("pack.page.keys")).classes("text-sm text-gray-500").mark("pack-keys")
            self.step = ui.label(t("pack.step.order")).classes("text-xl text-blue-700").mark("pack-step")
            self.box = (
                ui.input(t("pack.page.input")).props("autofocus outlined").classes("w-full text-2xl").mark("pack-input")
            )
            self.messages = ui.column().classes("w-full gap-1").mark("pack-messages")
            self.lines = ui.column().classes("w-full gap-1").mark("pack-lines")

    def take_code(self) -> str:
        """What was scanned; the box is emptied for the next scan."""
        code = (self.box.value or "").strip()
        self.box.value = ""
        return code

    def say(self, text: str, *, red: bool = False) -> None:
        """A message; a red one beeps."""
        with self.messages:
            ui.label(text).classes("text-xl " + ("text-red-600 font-bold" if red else "text-green-700")).mark(
                "pack-alert" if red else "pack-ok"
            )
        if red:
            ui.run_javascript(BEEP_JS)

    def draw(self, st: Station) -> None:
        self.lines.clear()
        if st.parcel is not None:
            with self.lines:
                ui.label(t("pack.page.order", order_no=st.parcel.order_no)).classes("text-lg font-bold")
                for line in st.parcel.lines:
                    got = st.counts.get(line.sku, 0)
                    ui.label(f"{line.sku}  {line.title} {line.spec}   {got} / {line.quantity}").classes(
                        "text-lg " + ("text-green-700" if got >= line.quantity else "")
                    ).mark(f"pack-line-{line.sku}")
                if st.weight_g is not None:
                    ui.label(t("pack.page.weight", kg=f"{st.weight_g / 1000:.2f}")).classes("text-lg").mark(
                        "pack-weight"
                    )
        self.step.text = t(st.step_key())
