"""The dialog that adds or edits one rule: carrier, provinces, cities, weight and amount bounds,
title and message words, on/off. Saving goes through the page's `save`, which reports errors."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from waybill_ui.carriers import codes, geo
from waybill_ui.db.models import MatchingRule
from waybill_ui.db.rows import row_id
from waybill_ui.services.shipping import rules as matching_rules
from waybill_ui.ui.i18n import t
from waybill_ui.ui.rules.state import fen_of, grams, kg, words_text, yuan

# Stores a rule (None: a new one); True when it was stored.
SaveRule = Callable[[matching_rules.RuleInput, int | None], Awaitable[bool]]


def _words(label: str, value: str, marker: str) -> ui.input:
    return (
        ui.input(label, value=value, placeholder=t("rules.words_hint"))
        .props("outlined dense")
        .classes("w-full")
        .mark(marker)
    )


def _bound(label: str, value: float | None, marker: str, step: float | None = None) -> ui.number:
    field = ui.number(label, value=value, min=0, step=step) if step else ui.number(label, value=value, min=0)
    return field.props("outlined dense").mark(marker)


class RuleEditor:
    def __init__(self, rule: MatchingRule | None, save: SaveRule):
        self.rule_id = row_id(rule) if rule else None
        self.save_rule = save
        with ui.dialog() as self.dialog, ui.card().classes("w-[36rem] max-w-full").mark("rule-editor"):
            ui.label(t("rules.edit") if rule else t("rules.add")).classes("text-lg font-bold")
            self._what(rule)
            self._bounds(rule)
            self._words(rule)
            self.enabled = ui.switch(t("rules.enabled"), value=rule.enabled if rule else True).mark("rule-enabled")
            with ui.row().classes("w-full justify-end"):
                ui.button(t("common.cancel"), on_click=self.dialog.close).props("flat")
                ui.button(t("common.save"), on_click=self.save).mark("rule-save")

    def _what(self, rule: MatchingRule | None) -> None:
        self.name = (
            ui.input(t("rules.name"), value=rule.name if rule else "")
            .props("outlined dense")
            .classes("w-full")
            .mark("rule-name")
        )
        self.carrier = (
            ui.select(
                {c: v.name for c, v in codes.CARRIERS.items()},
                label=t("rules.carrier"),
                value=rule.carrier_code if rule else None,
            )
            .props("outlined dense")
            .classes("w-full")
            .mark("rule-carrier")
        )
        self.provinces = (
            ui.select(
                geo.PROVINCES, multiple=True, label=t("rules.provinces"), value=list(rule.provinces) if rule else []
            )
            .props("outlined dense use-chips")
            .classes("w-full")
            .mark("rule-provinces")
        )
        self.cities = _words(t("rules.cities"), words_text(rule.cities) if rule else "", "rule-cities")

    def _bounds(self, rule: MatchingRule | None) -> None:
        with ui.row().classes("w-full no-wrap"):
            self.w_min = _bound(t("rules.weight_min"), kg(rule.weight_min_g) if rule else None, "rule-wmin", 0.1)
            self.w_max = _bound(t("rules.weight_max"), kg(rule.weight_max_g) if rule else None, "rule-wmax", 0.1)
        with ui.row().classes("w-full no-wrap"):
            self.a_min = _bound(t("rules.amount_min"), yuan(rule.amount_min_fen) if rule else None, "rule-amin")
            self.a_max = _bound(t("rules.amount_max"), yuan(rule.amount_max_fen) if rule else None, "rule-amax")

    def _words(self, rule: MatchingRule | None) -> None:
        self.titles = _words(t("rules.title_words"), words_text(rule.title_keywords) if rule else "", "rule-titles")
        self.messages = _words(
            t("rules.message_words"), words_text(rule.message_keywords) if rule else "", "rule-messages"
        )

    def values(self) -> matching_rules.RuleInput:
        return matching_rules.RuleInput(
            carrier_code=self.carrier.value or "",
            name=self.name.value or "",
            enabled=self.enabled.value,
            provinces=self.provinces.value or [],
            cities=matching_rules.words(self.cities.value),
            weight_min_g=grams(self.w_min.value),
            weight_max_g=grams(self.w_max.value),
            amount_min_fen=fen_of(self.a_min.value),
            amount_max_fen=fen_of(self.a_max.value),
            title_keywords=matching_rules.words(self.titles.value),
            message_keywords=matching_rules.words(self.messages.value),
        )

    async def save(self) -> None:
        if await self.save_rule(self.values(), self.rule_id):
            ui.notify(t("common.saved"), type="positive")
            self.dialog.close()
