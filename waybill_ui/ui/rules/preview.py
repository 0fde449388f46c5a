"""The preview tool: paste an address (and optionally weight, amount, title, message) and see
which carrier would be chosen, why, and how every candidate scored."""

from __future__ import annotations

from nicegui import ui

from waybill_ui import runtime
from waybill_ui.carriers import codes
from waybill_ui.services.shipping import matcher_loading
from waybill_ui.ui.i18n import fen, lang, t
from waybill_ui.ui.rules.state import fen_of
from waybill_ui.ui.work import io_bound

COLUMNS = ("carrier", "price", "days", "stock", "rating", "score")


class MatchPreview:
    def __init__(self) -> None:
        self.db = runtime.get().db
        ui.label(t("rules.preview")).classes("text-lg font-bold")
        ui.label(t("rules.preview_intro")).classes("text-sm text-gray-600")
        self.address = (
            ui.textarea(t("rules.preview_address"), placeholder="新疆维吾尔自治区 乌鲁木齐市 天山区 解放南路339号")
            .props("outlined dense autogrow")
            .classes("w-full")
            .mark("preview-address")
        )
        with ui.row().classes("w-full"):
            self.weight = (
                ui.number(t("rules.preview_weight"), min=0, step=100).props("outlined dense").mark("preview-weight")
            )
            self.amount = ui.number(t("rules.preview_amount"), min=0).props("outlined dense").mark("preview-amount")
            self.title = ui.input(t("rules.preview_title")).props("outlined dense").mark("preview-title")
            self.message = ui.input(t("rules.preview_message")).props("outlined dense").mark("preview-message")
            ui.button(t("rules.preview_go"), icon="bolt", on_click=self.try_it).mark("preview-go")
        self.answer = ui.label().classes("text-lg font-bold").mark("preview-answer")
        self.where = ui.label().classes("text-sm text-gray-600").mark("preview-where")
        columns = [{"name": k, "label": t(f"rules.col.{k}"), "field": k, "align": "left"} for k in COLUMNS]
        self.candidates = (
            ui.table(columns=columns, rows=[], row_key="carrier")
            .props("dense flat")
            .classes("w-full")
            .mark("preview-candidates")
        )
        self.candidates.props["no-data-label"] = t("rules.preview_empty")

    async def try_it(self) -> None:
        decision, facts = await io_bound(
            matcher_loading.preview_address,
            self.db,
            address=self.address.value or "",
            weight_g=int(self.weight.value) if self.weight.value else None,
            amount_fen=fen_of(self.amount.value) or 0,
            title=self.title.value or "",
            message=self.message.value or "",
            lang=lang(),
        )
        chosen = codes.name_of(decision.carrier) if decision.carrier else "—"
        self.answer.set_text(f"{chosen}：{decision.reason(lang())}")
        self.where.set_text(t("rules.preview_where", province=facts.province or "?", city=facts.city or "?"))
        self.candidates.rows = [
            {
                "carrier": codes.name_of(c.code),
                "price": fen(c.price_fen),
                "days": c.days,
                "stock": c.stock,
                "rating": "—" if c.rating is None else f"{c.rating:.1f}",
                "score": c.score,
            }
            for c in decision.candidates
        ]
        self.candidates.update()
