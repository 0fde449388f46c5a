"""物流市场: carriers side by side (reference price, service area, speed, this shop's rating,
number packages), filter by destination, sort, refresh, a quote calculator, and the way to buy."""

from __future__ import annotations

from urllib.parse import urlencode

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui.runtime import providers_of
from waybill_ui import runtime
from waybill_ui.carriers import geo
from waybill_ui.carriers.protocol import ProviderError
from waybill_ui.services.market import catalogue
from waybill_ui.services.market import quotes as market
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.ui.frame import frame
from waybill_ui.ui.i18n import fen, lang, t
from waybill_ui.ui.live import follow
from waybill_ui.ui.market_parts import subnav
from waybill_ui.ui.session import signed_in


def checkout_url(package_id: str, quantity: int) -> str:
    return "/market/checkout?" + urlencode({"package": package_id, "quantity": quantity})


def _rating(view: market.CarrierView) -> None:
    rating = view.rating
    if rating.score is None:
        ui.label(t("market.rating_none")).classes("text-gray-500 text-sm").tooltip(rating.summary(lang()))
    else:
        with ui.row().classes("items-center gap-1"):
            ui.icon("star", color="amber")
            ui.label(f"{rating.score:.1f}").classes("font-bold")
            ui.label(rating.summary(lang())).classes("text-gray-600 text-sm")


def _card(view: market.CarrierView, *, can_buy: bool, province: str | None) -> None:
    with ui.card().classes("w-full md:w-[31%] gap-2").mark(f"carrier-{view.code}"):
        with ui.row().classes("w-full items-center"):
            ui.label(f"{view.name}（{view.code}）").classes("text-lg font-bold")
            ui.space()
            if view.contract:
                ui.badge(t("market.contract_price"), color="teal").mark(f"contract-{view.code}")
        with ui.row().classes("items-baseline gap-2"):
            ui.label(fen(view.reference_fen)).classes("text-2xl font-bold text-primary").mark(f"price-{view.code}")
            ui.label(t("market.reference_to", place=province or t("market.nationwide"))).classes(
                "text-gray-500 text-sm"
            )
        ui.label(t("market.transit", days=view.transit_days if view.transit_days is not None else "—")).classes(
            "text-gray-700"
        )
        _rating(view)
        excluded = "、".join(view.provinces_excluded) or t("market.all_served")
        ui.label(t("market.excluded", provinces=excluded) if view.provinces_excluded else excluded).classes(
            "text-sm text-gray-600"
        )
        ui.separator()
        for pkg in view.packages:
            with ui.row().classes("w-full items-center gap-2 no-wrap").mark(f"package-{pkg.id}"):
                with ui.column().classes("gap-0 grow"):
                    ui.label(t("market.package_line", quantity=f"{pkg.quantity:,}", price=fen(pkg.price_fen)))
                    ui.label(
                        t("market.package_detail", unit=f"¥{pkg.unit_fen / 100:.2f}", days=pkg.validity_days)
                    ).classes("text-xs text-gray-500")
                if can_buy:
                    qty = (
                        ui.number(value=1, min=1, max=50, step=1, format="%d")
                        .props("dense outlined")
                        .classes("w-16")
                        .mark(f"qty-{pkg.id}")
                    )
                    ui.button(
                        t("market.buy"),
                        on_click=lambda p=pkg.id, q=qty: ui.navigate.to(checkout_url(p, max(1, int(q.value or 1)))),
                    ).props("unelevated dense no-caps").mark(f"buy-{pkg.id}")


def _quote_calculator(db) -> None:
    with (
        ui.expansion(t("quote.title"), icon="calculate")
        .classes("w-full bg-white rounded shadow-sm")
        .props("header-class=text-lg")
        .mark("quote-calculator")
    ):
        ui.label(t("quote.intro")).classes("text-gray-600 text-sm")
        with ui.row().classes("items-end gap-3"):
            province = (
                ui.select(geo.PROVINCES, label=t("quote.province"), with_input=True)
                .props("outlined dense")
                .classes("w-56")
                .mark("quote-province")
            )
            weight = (
                ui.number(t("quote.weight_kg"), value=1.0, min=0.01, max=100, step=0.1, format="%.2f")
                .props("outlined dense")
                .classes("w-36")
                .mark("quote-weight")
            )
            button = ui.button(t("quote.calculate"), icon="calculate").mark("quote-submit")
        columns = [
            {"name": "rank", "label": "#", "field": "rank"},
            {"name": "carrier", "label": t("market.col.carrier"), "field": "carrier", "align": "left"},
            {"name": "price", "label": t("quote.col.price"), "field": "price"},
            {"name": "days", "label": t("market.col.days"), "field": "days"},
            {"name": "score", "label": t("quote.col.score"), "field": "score"},
            {
                "name": "reason",
                "label": t("quote.col.reason"),
                "field": "reason",
                "align": "left",
                "style": "white-space: normal",
            },
        ]
        table = ui.table(columns=columns, rows=[], row_key="carrier").classes("w-full").mark("quote-results")
        table.set_visibility(False)
        message = ui.label().classes("text-gray-600").mark("quote-message")

        async def calculate() -> None:
            try:
                grams = round(float(weight.value or 0) * 1000)
                quotes = await io_bound(market.quote, db, province=province.value or "", weight_g=grams, lang=lang())
            except ServiceError as exc:
                message.text = exc.message(lang())
                table.set_visibility(False)
                return
            table.rows = [
                {
                    "rank": i + 1,
                    "carrier": f"{q.name}（{q.carrier}）",
                    "price": fen(q.price_fen) + (f" · {t('market.contract_price')}" if q.contract else ""),
                    "days": q.transit_days,
                    "score": f"{q.score:.1f}",
                    "reason": q.reason,
                }
                for i, q in enumerate(quotes)
            ]
            table.update()
            table.set_visibility(bool(quotes))
            message.text = (
                t("quote.count", count=len(quotes), province=province.value)
                if quotes
                else t("quote.none", province=province.value)
            )

        button.on_click(calculate)


@ui.page("/market", title="物流市场 · 快递单号管家")
async def market_page() -> None:
    rt = runtime.get()
    me = signed_in()
    with frame("/market"):
        await subnav("/market")
        with ui.row().classes("w-full items-center"):
            ui.label(t("market.title")).classes("text-2xl font-bold")
            ui.space()
            refresh_button = ui.button(t("common.refresh"), icon="refresh").props("outline").mark("market-refresh")
        origin = await io_bound(market.origin_province, rt.db)
        with ui.row().classes("items-center gap-2 text-gray-600"):
            ui.label(t("market.intro_origin", origin=origin)).mark("market-origin")
            if me.is_owner:
                ui.link(t("market.edit_contracts"), "/settings?tab=contracts").mark("contracts-link")
        with ui.row().classes("w-full items-end gap-3"):
            province = (
                ui.select(
                    {"": t("market.all_provinces"), **{p: p for p in geo.PROVINCES}},
                    value="",
                    label=t("market.filter_province"),
                    with_input=True,
                )
                .props("outlined dense")
                .classes("w-56")
                .mark("market-province")
            )
            sort = (
                ui.toggle({s: t(f"market.sort.{s}") for s in market.SORTS}, value="price")
                .props("no-caps unelevated toggle-color=primary")
                .mark("market-sort")
            )
        _quote_calculator(rt.db)
        empty = ui.label(t("market.empty")).classes("text-gray-500").mark("market-empty")
        cards = ui.row().classes("w-full gap-4 items-stretch").mark("carrier-cards")

        async def load() -> None:
            views = await io_bound(market.market_view, rt.db, province=province.value or None, sort=sort.value)
            cards.clear()
            with cards:
                for view in views:
                    _card(view, can_buy=me.is_owner, province=province.value or None)
            empty.set_visibility(not views)
            if views or not province.value:
                empty.text = t("market.empty")
            else:
                empty.text = t("market.none_serve", province=province.value)

        async def refresh() -> None:
            refresh_button.props("loading")
            try:
                count = await catalogue.refresh(rt.db, provider=providers_of(rt).market)
                ui.notify(t("market.refreshed", count=count), type="positive")
            except ProviderError as exc:
                ui.notify(t("market.refresh_failed", error=str(exc)), type="warning")
            finally:
                refresh_button.props(remove="loading")
            await load()

        province.on_value_change(load)
        sort.on_value_change(load)
        refresh_button.on_click(refresh)
        follow("catalogue", load)  # the hourly refresh job publishes this
        await load()
        if not cards.default_slot.children:  # first start: the catalogue job may not have run yet
            if not province.value:
                await refresh()
