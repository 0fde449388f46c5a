"""A progress bar fed from a worker thread: the job writes a fraction, a page timer shows it
(element updates must happen on the page's own loop, never from the worker)."""

from __future__ import annotations

from nicegui import ui


class Progress:
    def __init__(self, marker: str):
        self.fraction = 0.0
        with ui.column().classes("w-full gap-1").mark(marker) as self.box:
            self.bar = ui.linear_progress(value=0, show_value=False, size="10px").classes("w-full")
            self.label = ui.label("0 %").classes("text-sm text-gray-600").mark(f"{marker}-label")
        self.box.set_visibility(False)
        self.timer = ui.timer(0.2, self._show, active=False)

    def __call__(self, fraction: float) -> None:  # called from the worker thread
        self.fraction = max(self.fraction, min(1.0, fraction))

    def _show(self) -> None:
        self.bar.set_value(self.fraction)
        self.label.set_text(f"{self.fraction * 100:.0f} %")

    def start(self) -> None:
        self.fraction = 0.0
        self.box.set_visibility(True)
        self.timer.activate()
        self._show()

    def stop(self) -> None:
        self.fraction = 1.0 if self.fraction else self.fraction
        self._show()
        self.timer.deactivate()
