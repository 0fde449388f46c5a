"""The 发货 dialog's fields: the carrier (pre-selected by the matching rules, with the reason), the
buyer's-request and coverage checks, a pool number or a typed/scanned one with carriers suggested
from its pattern, and the error line."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.carriers import codes, formats
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.services.shipping import single as shipping
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.orders.ship.summary import carrier_options


class ShipForm:
    def __init__(self, context: shipping.DialogContext):
        self.context = context
        decision = context.decision
        options = carrier_options(context)
        self.carrier = (
            ui.select(
                options, value=decision.carrier if decision.carrier in options else None, label=t("orders.ship.carrier")
            )
            .props("outlined dense")
            .classes("w-full")
            .mark("ship-carrier")
        )
        self.reason = ui.label(decision.reason(lang())).classes("text-sm text-gray-600").mark("ship-reason")
        self.request_warning = (
            ui.label()
            .classes("text-base font-bold text-red-700 bg-red-50 rounded p-2 w-full")
            .mark("ship-request-warning")
        )
        self.override = (
            ui.input(t("coverage.override_reason"), placeholder=t("coverage.override_hint"))
            .props("outlined dense")
            .classes("w-full")
            .mark("ship-override-reason")
        )
        self.mode = (
            ui.toggle({"pool": t("orders.ship.mode_pool"), "typed": t("orders.ship.mode_typed")}, value="pool")
            .props("no-caps dense")
            .mark("ship-mode")
        )
        self._number_boxes()
        self.error = ui.label().classes("text-red-700 text-sm").mark("ship-error")
        self.fix_link = ui.link(t("senders.set_now"), "/settings").classes("text-sm").mark("ship-fix-link")
        self.fix_link.set_visibility(False)

    def _number_boxes(self) -> None:
        with ui.column().classes("w-full gap-1") as self.pool_box:
            self.held_label = ui.label().classes("font-mono text-lg").mark("ship-held-number")
            with ui.row().classes("items-center gap-2") as self.empty_box:
                ui.label().classes("text-red-700").mark("ship-no-stock").bind_text_from(
                    self.carrier, "value", lambda v: t("orders.ship.no_stock", carrier=codes.name_of(v or ""))
                )
                ui.link(t("orders.ship.buy"), "/market").mark("ship-buy-link")
        with ui.column().classes("w-full gap-1") as self.typed_box:
            self.number = (
                ui.input(t("orders.ship.number"), placeholder=t("orders.ship.number_hint"))
                .props("outlined dense autofocus clearable")
                .classes("w-full font-mono")
                .mark("ship-number")
            )
            self.suggestions = ui.row().classes("gap-1 items-center").mark("ship-suggestions")
        self.typed_box.set_visibility(False)
        self.number.on_value_change(self.suggest)

    @property
    def pool(self) -> bool:
        return self.mode.value == "pool"

    def typed_number(self) -> str:
        return (self.number.value or "").strip() if self.mode.value == "typed" else ""

    # --- what the form shows ------------------------------------------------------------------

    def show_choice(self, code: str | None) -> None:
        """Why this carrier, and the request and coverage checks for it."""
        decision = self.context.decision
        self.reason.set_text(
            decision.reason(lang())
            if code == decision.carrier or not decision.carrier
            else t("orders.ship.manual_choice", carrier=codes.name_of(decision.carrier), reason=decision.reason(lang()))
        )
        warning = self.context.warning_for(code, lang())
        self.request_warning.set_text(warning)
        self.request_warning.set_visibility(bool(warning))
        uncovered = bool(code) and code in self.context.not_serving
        self.override.set_visibility(uncovered)
        if uncovered:
            province = self.context.order.province
            self.override.props(
                f'hint="{t("coverage.not_served", carrier=codes.name_of(code or ""), province=province)}"'
            )

    def show_mode(self) -> None:
        self.pool_box.set_visibility(self.pool)
        self.typed_box.set_visibility(self.mode.value == "typed")

    def show_hold(self, hold: shipping.Hold | None) -> None:
        if hold is None:
            self.empty_box.set_visibility(True)
        else:
            minutes = int(shipping.HOLD_TTL.total_seconds() // 60)
            self.held_label.set_text(t("orders.ship.held", number=hold.number, minutes=minutes))

    def suggest(self) -> None:
        self.suggestions.clear()
        value = formats.clean(self.number.value or "")
        if len(value) < 6:
            return
        with self.suggestions:
            found = formats.suggest_carriers(value)
            ui.label(t("orders.ship.suggest") if found else t("orders.ship.no_suggestion")).classes(
                "text-sm text-gray-600"
            )
            for code in found:
                ui.chip(codes.name_of(code), on_click=lambda c=code: self.carrier.set_value(c)).props(
                    "dense clickable"
                ).mark(f"suggest-{code}")

    # --- before and after confirm -------------------------------------------------------------

    def problem(self, *, has_number: bool) -> str:
        """What stops shipping with the form as filled ("" when nothing); `has_number`: a pool number
        is held or the provider issues one."""
        code = self.carrier.value
        if not code and self.mode.value == "typed":
            return t("orders.ship.pick_carrier")
        if self.pool and not has_number:
            return t("orders.ship.no_stock", carrier=codes.name_of(code or ""))
        if code in self.context.not_serving and not (self.override.value or "").strip():
            return t("coverage.override_needed", carrier=codes.name_of(code), province=self.context.order.province)
        return ""

    def show_error(self, exc: ServiceError) -> None:
        self.error.set_text(exc.message(lang()))
        if exc.params.get("link"):
            self.fix_link.props["href"] = exc.params["link"]
            self.fix_link.update()
            self.fix_link.set_visibility(True)
