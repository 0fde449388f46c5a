"""结算: /market/checkout?package=ZTO-500&quantity=2 → summary → pay.

The checkout's idempotency key lives in the URL (added by a redirect on first open), so a double
click, a reload or the browser's back button all reuse it: the same key never pays twice, and a
reload after paying shows the purchase instead of a second pay button.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

from fastapi.responses import RedirectResponse
from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui.runtime import providers_of
from waybill_ui import runtime
from waybill_ui.services.market import purchases
from waybill_ui.services.market import checkout as purchasing
from waybill_ui.services.common.errors import PaymentRequired, ServiceError
from waybill_ui.ui.frame import frame
from waybill_ui.ui.i18n import fen, lang, t
from waybill_ui.ui.market_parts import subnav
from waybill_ui.ui.session import signed_in


def _quantity(text: str) -> int | None:
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


def _line(label: str, value: str, marker: str, *, strong: bool = False) -> None:
    with ui.row().classes("w-full justify-between"):
        ui.label(label).classes("text-gray-600")
        ui.label(value).classes("font-bold text-lg" if strong else "").mark(marker)


def _short(box: ui.column, missing_fen: int) -> None:
    box.clear()
    with box, ui.card().classes("w-full bg-red-50").mark("checkout-short"):
        ui.label(t("checkout.short", missing=fen(missing_fen))).classes("text-red-700 font-bold")
        ui.link(t("checkout.topup_link"), "/market/balance").mark("checkout-topup-link")


@ui.page("/market/checkout", title="结算 · 快递单号管家")
async def checkout_page(package: str = "", quantity: str = "1", key: str = ""):
    if not key:  # a fresh checkout: give it its key once, in the address the browser keeps
        query = urlencode({"package": package, "quantity": quantity, "key": "co-" + secrets.token_urlsafe(12)})
        return RedirectResponse(f"/market/checkout?{query}", status_code=303)
    rt = runtime.get()
    me = signed_in()
    with frame("/market"):
        await subnav("")
        ui.label(t("checkout.title")).classes("text-2xl font-bold")
        done = await io_bound(purchases.find_by_key, rt.db, key)
        if done is not None:
            with ui.card().classes("w-full max-w-xl").mark("checkout-done"):
                ui.label(t("checkout.already_paid", id=done.id)).classes("font-bold")
                ui.link(t("checkout.see_purchase"), f"/market/purchases/{done.id}").mark("checkout-see-purchase")
            return
        count = _quantity(quantity)
        try:
            s = await io_bound(purchases.summary, rt.db, package_id=package, quantity=count or 0)  # 0: "bad quantity"
        except ServiceError as exc:
            with ui.card().classes("w-full max-w-xl bg-red-50").mark("checkout-invalid"):
                ui.label(exc.message(lang())).classes("text-red-700")
                ui.link(t("checkout.back_to_market"), "/market")
            return
        with ui.card().classes("w-full max-w-xl gap-2").mark("checkout-summary"):
            ui.label(f"{s.carrier_name}（{s.package.carrier_code}） · {s.package.id}").classes("text-lg font-bold")
            _line(
                t("checkout.packages"),
                t("checkout.packages_value", quantity=s.quantity, size=f"{s.package.quantity:,}"),
                "checkout-packages",
            )
            _line(t("checkout.numbers"), f"{s.numbers:,}", "checkout-numbers")
            _line(t("checkout.unit_price"), f"¥{s.unit_price_fen / 100:.2f}", "checkout-unit")
            _line(
                t("checkout.valid_until"),
                t("checkout.valid_until_value", date=s.valid_until.isoformat(), days=s.package.validity_days),
                "checkout-valid-until",
            )
            ui.separator()
            _line(t("checkout.total"), fen(s.total_fen), "checkout-total", strong=True)
            _line(t("checkout.balance"), fen(s.balance_fen), "checkout-balance")
            _line(t("checkout.balance_after"), fen(s.balance_after_fen), "checkout-balance-after")
        short_box = ui.column().classes("w-full max-w-xl")
        if not me.is_owner:
            ui.label(t("checkout.owner_only")).classes("text-orange-700").mark("checkout-owner-only")
            return
        if s.missing_fen:
            _short(short_box, s.missing_fen)
        with ui.row().classes("gap-2"):
            pay_button = (
                ui.button(t("checkout.pay", total=fen(s.total_fen)), icon="payments")
                .props("unelevated size=lg")
                .mark("checkout-pay")
            )
            ui.button(t("common.cancel"), on_click=lambda: ui.navigate.to("/market")).props("flat")
        pay_button.set_enabled(not s.missing_fen)

        async def pay() -> None:
            pay_button.disable()  # a second click while this one runs does nothing (and the key covers the rest)
            pay_button.props("loading")
            try:
                result = await purchasing.buy(
                    rt.db,
                    provider=providers_of(rt).market,
                    package_id=s.package.id,
                    quantity=s.quantity,
                    idempotency_key=key,
                    actor=me,
                )
            except PaymentRequired as exc:
                _short(short_box, exc.extra["missing_fen"])
                pay_button.props(remove="loading")
                return
            except ServiceError as exc:
                ui.notify(exc.message(lang()), type="negative")
                pay_button.props(remove="loading")
                pay_button.enable()
                return
            if result.created:
                ui.notify(t("checkout.paid", total=fen(result.purchase.amount_fen)), type="positive")
            ui.navigate.to(f"/market/purchases/{result.purchase.id}")

        pay_button.on_click(pay)
