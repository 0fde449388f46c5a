"""The seller's rules in their order, one row each: the rule in words, the carrier it picks, and
for the owner the buttons to move, edit and delete it."""

from __future__ import annotations

from nicegui import ui

from waybill_ui.carriers import codes
from waybill_ui.db.models import MatchingRule
from waybill_ui.db.rows import row_id
from waybill_ui.services.shipping import matching
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.rules.state import RuleActions, RulesState


def show_rules(rule_list: ui.column, state: RulesState, actions: RuleActions) -> None:
    rule_list.clear()
    with rule_list:
        if not state.rules:
            ui.label(t("rules.none")).classes("text-gray-500").mark("rules-empty")
        for n, rule in enumerate(state.rules, start=1):
            rule_row(n, rule, state, actions)


def rule_row(n: int, rule: MatchingRule, state: RulesState, actions: RuleActions) -> None:
    with ui.row().classes("w-full items-center gap-3 bg-white rounded p-2").mark(f"rule-{n}"):
        ui.label(f"{n}").classes("font-bold w-6")
        ui.label(matching.describe_rule(rule, lang())).classes("grow")
        ui.label(f"→ {codes.name_of(rule.carrier_code)}").classes("font-bold w-28")
        if not rule.enabled:
            ui.badge(t("rules.disabled"), color="grey")
        if state.can_edit:
            _owner_buttons(n, rule, actions)


def _owner_buttons(n: int, rule: MatchingRule, actions: RuleActions) -> None:
    rule_id = row_id(rule)
    ui.button(icon="arrow_upward", on_click=lambda: actions.move(rule_id, -1)).props("flat dense round").mark(
        f"rule-up-{n}"
    )
    ui.button(icon="arrow_downward", on_click=lambda: actions.move(rule_id, 1)).props("flat dense round").mark(
        f"rule-down-{n}"
    )
    ui.button(icon="edit", on_click=lambda: actions.edit(rule)).props("flat dense round").mark(f"rule-edit-{n}")
    ui.button(icon="delete", on_click=lambda: actions.remove(rule_id)).props("flat dense round color=negative").mark(
        f"rule-delete-{n}"
    )
