"""A list paged on the server: each page is one service call (offset, limit) → (rows, total);
only the rows shown are ever in the page. ‹ and › move, the label says where we are."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from waybill_ui.ui.i18n import t
from typing import Any

Load = Callable[[int, int], Awaitable[tuple[list, int] | None]]


class Pager:
    def __init__(self, *, load: Load, draw: Callable[[list[Any]], None], size: int = 20, mark: str = "pager"):
        self.load, self.draw, self.size, self.page, self.total = load, draw, size, 1, 0
        self.body = ui.column().classes("w-full gap-1").mark(f"{mark}-rows")
        with ui.row().classes("items-center gap-2"):
            self.prev = (
                ui.button(icon="chevron_left", on_click=lambda: self.go(self.page - 1))
                .props("flat dense round")
                .mark(f"{mark}-prev")
            )
            self.where = ui.label().classes("text-sm text-gray-600").mark(f"{mark}-where")
            self.next = (
                ui.button(icon="chevron_right", on_click=lambda: self.go(self.page + 1))
                .props("flat dense round")
                .mark(f"{mark}-next")
            )

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    async def go(self, page: int) -> None:
        page = max(1, page)
        got = await self.load((page - 1) * self.size, self.size)
        if got is None:
            return
        rows, self.total = got
        if not rows and page > 1 and self.total:  # the list shrank under us: show its last page
            await self.go(self.pages)
            return
        self.page = page
        self.body.clear()
        with self.body:
            self.draw(rows)
        self.where.text = t("packing.pager", page=self.page, pages=self.pages, total=self.total)
        self.prev.set_enabled(self.page > 1)
        self.next.set_enabled(self.page < self.pages)

    async def reload(self) -> None:
        await self.go(self.page)
