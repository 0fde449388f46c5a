"""Pieces shared by the market pages: the sub-navigation, a server-side pager, status badges and
a bridge from the bus to a page (refresh when a purchase changed)."""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.services.market import ledger
from waybill_ui.ui.i18n import fen, t

SUBNAV = [
    ("market.nav.market", "/market", "storefront"),
    ("market.nav.purchases", "/market/purchases", "receipt_long"),
    ("market.nav.balance", "/market/balance", "account_balance_wallet"),
]
STATUS_COLORS = {
    "created": "grey",
    "paid": "blue",
    "sync_pending": "orange",
    "synced": "positive",
    "refunded": "purple",
    "rejected": "negative",
}


async def subnav(active: str) -> None:
    """Market · Purchases · Balance, with the balance always in sight."""
    balance = await io_bound(ledger.balance, runtime.get().db)
    with ui.row().classes("w-full items-center gap-1"):
        for key, path, icon in SUBNAV:
            ui.button(t(key), icon=icon).props(
                f"flat no-caps href={path} color={'primary' if path == active else 'grey-8'}"
            ).mark(f"subnav-{path.rsplit('/', 1)[-1]}")
        ui.space()
        ui.label(t("market.balance_chip", balance=fen(balance))).classes("text-gray-700 font-bold").mark("balance-chip")


def status_badge(status: str) -> ui.badge:
    return (
        ui.badge(t(f"purchase.status.{status}"), color=STATUS_COLORS.get(status, "grey"))
        .props("outline")
        .mark(f"status-{status}")
    )


class Pager:
    """Previous / next over a server-side list; `on_change(page)` reloads the list."""

    def __init__(self, size: int, on_change: Callable[[int], Awaitable[None]], *, marker: str = "pager"):
        self.page, self.size, self.total = 1, size, 0
        self._on_change = on_change
        with ui.row().classes("items-center gap-2").mark(marker):
            self._prev = (
                ui.button(icon="chevron_left", on_click=lambda: self.go(self.page - 1))
                .props("flat dense round")
                .mark(f"{marker}-prev")
            )
            self._label = ui.label().classes("text-gray-600").mark(f"{marker}-label")
            self._next = (
                ui.button(icon="chevron_right", on_click=lambda: self.go(self.page + 1))
                .props("flat dense round")
                .mark(f"{marker}-next")
            )

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.size))

    def set_total(self, total: int) -> None:
        self.total = total
        self._label.text = t("market.pager", page=self.page, pages=self.pages, total=total)
        self._prev.set_enabled(self.page > 1)
        self._next.set_enabled(self.page < self.pages)

    async def go(self, page: int) -> None:
        self.page = min(max(1, page), self.pages)
        await self._on_change(self.page)
