"""The orders page's search and filters, read as one `orders.OrderFilter`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date

from nicegui import ui

from waybill_ui.carriers import codes, geo
from waybill_ui.services.orders import listing as orders
from waybill_ui.ui.i18n import t


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


class Filters:
    def __init__(
        self,
        *,
        q: str,
        needs_address: bool,
        can_merge: bool,
        show_status: bool,
        shop_names: dict[int, str],
        apply: Callable[[], Awaitable[None]],
    ):
        with ui.row().classes("w-full items-end gap-2"):
            self.search = (
                ui.input(t("orders.search"), value=q.strip(), placeholder=t("orders.search_hint"))
                .props("outlined dense clearable")
                .classes("w-72 max-w-full")
                .mark("orders-search")
            )
            # one shop: nothing to choose, so the select stays hidden
            self.shop = (
                ui.select(shop_names, label=t("shops.all"), clearable=True)
                .props("outlined dense")
                .classes("w-40")
                .mark("orders-shop")
            )
            self.shop.set_visibility(len(shop_names) > 1)
            self.status = (
                ui.select(
                    {s: t(f"orders.status.{s}") for s in orders.STATUSES},
                    label=t("orders.filter.status"),
                    clearable=True,
                )
                .props("outlined dense")
                .classes("w-32")
                .mark("orders-status")
            )
            self.province = (
                ui.select(geo.PROVINCES, label=t("orders.filter.province"), clearable=True)
                .props("outlined dense")
                .classes("w-40")
                .mark("orders-province")
            )
            self.date_from = (
                ui.input(t("orders.filter.from")).props("outlined dense type=date").classes("w-40").mark("orders-from")
            )
            self.date_to = (
                ui.input(t("orders.filter.to")).props("outlined dense type=date").classes("w-40").mark("orders-to")
            )
            self.carrier = (
                ui.select(
                    {c: v.name for c, v in codes.CARRIERS.items()}, label=t("orders.filter.carrier"), clearable=True
                )
                .props("outlined dense")
                .classes("w-36")
                .mark("orders-carrier")
            )
            self.unprinted = ui.checkbox(t("orders.filter.unprinted")).props("dense").mark("filter-unprinted")
            self.lacking = (
                ui.checkbox(t("orders.needs_address"), value=needs_address).props("dense").mark("filter-needs-address")
            )
            self.mergeable = (
                ui.checkbox(t("orders.filter.mergeable"), value=can_merge).props("dense").mark("filter-mergeable")
            )
            ui.button(icon="search", on_click=apply).props("flat").mark("orders-apply")
        self.status.set_visibility(show_status)
        self.search.on("keydown.enter", apply)
        self.search.on("clear", apply)
        for element in (
            self.status,
            self.province,
            self.carrier,
            self.date_from,
            self.date_to,
            self.unprinted,
            self.lacking,
            self.shop,
            self.mergeable,
        ):
            element.on_value_change(apply)

    def current(self, tab: str, mergeable_ids: tuple[int, ...] | None = None) -> orders.OrderFilter:
        """`mergeable_ids`: the 可合并 orders the merge rule named, used while that box is ticked."""
        return orders.OrderFilter(
            status="pending" if tab == "pending" else self.status.value,
            q=(self.search.value or "").strip(),
            province=self.province.value,
            carrier=self.carrier.value,
            date_from=_day(self.date_from.value),
            date_to=_day(self.date_to.value),
            unprinted=bool(self.unprinted.value),
            needs_address=bool(self.lacking.value),
            shop_id=self.shop.value,
            only_ids=mergeable_ids if self.mergeable.value else None,
        )
