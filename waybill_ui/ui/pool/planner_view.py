"""采购建议: per carrier the forecast with its arithmetic, the suggested packages with a button
to the checkout, and how the other packages compare."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.ui.work import io_bound
from waybill_ui import runtime
from waybill_ui.services.market import planner
from waybill_ui.ui.i18n import fen, t
from typing import Any


def _step_text(key: str, params: dict[str, Any]) -> str:
    shown = dict(params)
    if "price_fen" in shown:
        shown["price"] = fen(shown.pop("price_fen"))
    if "unit_fen" in shown:
        shown["unit"] = f"¥{shown.pop('unit_fen') / 100:.3f}".rstrip("0").rstrip(".")
    return t(key, **shown)


class PlannerView:
    def __init__(self, *, can_buy: bool, horizon_days: int):
        self.db = runtime.get().db
        self.can_buy = can_buy
        with ui.card().classes("w-full").mark("pool-planner"):
            with ui.row().classes("w-full items-end gap-2"):
                ui.label(t("poolui.plan.title")).classes("text-lg font-bold")
                ui.space()
                self.horizon = (
                    ui.number(t("poolui.plan.horizon"), value=horizon_days, min=1, max=365, precision=0)
                    .props("outlined dense")
                    .classes("w-32")
                    .mark("plan-horizon")
                )
                ui.button(t("poolui.plan.recalc"), icon="calculate", on_click=self.load).props(
                    "outline dense no-caps"
                ).mark("plan-recalc")
            ui.label(t("poolui.plan.intro")).classes("text-gray-600")
            self.body = ui.column().classes("w-full gap-3")

    async def load(self) -> None:
        plans = await io_bound(planner.plan, self.db, horizon_days=int(self.horizon.value or 30))
        self.body.clear()
        with self.body:
            if not plans or all(p.note == "no_history" for p in plans):
                ui.label(t("poolui.plan.none")).classes("text-gray-500").mark("plan-none")
            for p in plans:
                if p.note == "no_history":
                    continue
                self._carrier(p)

    def _carrier(self, p: planner.CarrierPlan) -> None:
        with ui.card().classes("w-full bg-gray-50").props("flat bordered").mark(f"plan-{p.carrier}"):
            ui.label(f"{p.name}（{p.carrier}）").classes("font-bold")
            with ui.column().classes("gap-0 font-mono text-sm"):
                for key, params in p.steps:
                    ui.label(_step_text(key, params)).mark("plan-step")
            if p.note:
                ui.label(t(f"planner.note.{p.note}", unused=p.unused_in_suggestion)).classes("text-gray-600").mark(
                    "plan-note"
                )
            with ui.row().classes("gap-2"):
                for line in p.lines:
                    button = (
                        ui.button(
                            t("poolui.plan.buy", count=line.count, size=line.package.quantity),
                            icon="shopping_cart",
                            on_click=lambda url=line.checkout_url: ui.navigate.to(url),
                        )
                        .props("no-caps")
                        .mark("plan-buy")
                    )
                    if not self.can_buy:
                        button.disable()
            if p.alternatives:
                with ui.expansion(t("poolui.plan.alternatives")).classes("w-full text-sm").mark("plan-alternatives"):
                    for a in p.alternatives:
                        key = "poolui.plan.alt_line" if a.unused else "poolui.plan.alt_line_ok"
                        ui.label(
                            t(key, size=a.package.quantity, count=a.count, price=fen(a.price_fen), unused=a.unused)
                        )
