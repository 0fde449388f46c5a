"""The page of parcels (rows from `ui/tracking_rows.py`, updated in place when the same parcels come
back) with its pager, and ticking rows on it."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui

from waybill_ui.services.tracking import queries as tq
from waybill_ui.ui.i18n import t
from waybill_ui.ui.tracking.state import TrackingState
from waybill_ui.ui.tracking_rows import ShipmentLine

PAGE_SIZE = 20


class ShipmentList:
    def __init__(
        self,
        state: TrackingState,
        *,
        on_check: Callable[[int, bool], None],
        on_select: Callable[[int], object],
        go_to: Callable[[int | None], object],
    ):
        self.state = state
        self.on_check, self.on_select = on_check, on_select
        self.lines: dict[int, ShipmentLine] = {}
        self.rows = ui.column().classes("w-full gap-1").mark("shipment-list")
        self.pager = ui.pagination(1, 1, direction_links=True, on_change=lambda e: go_to(e.value)).mark("pager")

    def show(self, rows: list[tq.ShipmentRow], total: int) -> bool:
        """Show `rows` of `total`; False when they were the parcels already shown, updated in place."""
        self.state.rows = rows
        rebuilt = self._render(rows)
        self.pager.max = max(1, -(-total // PAGE_SIZE))
        if self.pager.value != self.state.page:
            self.pager.value = self.state.page
        return rebuilt

    def _render(self, rows: list[tq.ShipmentRow]) -> bool:
        lines = self.lines
        if rows and [r.id for r in rows] == list(lines):  # the same parcels: update them in place
            for r in rows:
                lines[r.id].update(r)
            return False
        self.rows.clear()
        lines.clear()
        with self.rows:
            if not rows:
                ui.label(t("tracking.empty")).classes("text-gray-500 p-4").mark("tracking-empty")
            for r in rows:
                lines[r.id] = ShipmentLine(
                    r, checked=r.id in self.state.checked, on_check=self.on_check, on_select=self.on_select
                )
                lines[r.id].set_selected(r.id == self.state.selected)
        return True

    def all_checked(self) -> bool:
        """Every parcel on this page is ticked (and there is one)."""
        return bool(self.lines) and all(i in self.state.checked for i in self.lines)

    def set_checked(self, value: bool) -> None:
        """Tick or untick every row on the page (their boxes report each change to `on_check`)."""
        for line in self.lines.values():
            line.set_checked(value)

    def set_selected(self, shipment_id: int) -> None:
        for line_id, line in self.lines.items():
            line.set_selected(line_id == shipment_id)
