"""智能匹配快递: the seller's ordered rules (owner edits, staff read) and the preview tool —
paste an address, see which carrier would be chosen and why.

The page is put together from small parts in `ui/rules/`: the typed state and unit changes
(state.py), the rule list (listing.py), the rule editor dialog (editor.py) and the preview tool
(preview.py); `RulesView` below only wires them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from waybill_ui import runtime
from waybill_ui.db.models import MatchingRule
from waybill_ui.services.common.errors import ServiceError
from waybill_ui.services.shipping import rules as matching_rules
from waybill_ui.ui.frame import frame
from waybill_ui.ui.i18n import lang, t
from waybill_ui.ui.rules.editor import RuleEditor
from waybill_ui.ui.rules.listing import show_rules
from waybill_ui.ui.rules.preview import MatchPreview
from waybill_ui.ui.rules.state import RuleActions, RulesState
from waybill_ui.ui.session import signed_in
from waybill_ui.ui.work import io_bound


class RulesView:
    def __init__(self, state: RulesState):
        self.db = runtime.get().db
        self.state = state
        self.actions = RuleActions(move=self.move, edit=self.edit, remove=self.remove)
        with ui.row().classes("w-full items-center"):
            ui.button(icon="arrow_back", on_click=lambda: ui.navigate.to("/orders")).props("flat round dense")
            ui.label(t("rules.title")).classes("text-2xl font-bold")
            ui.space()
            if state.can_edit:
                ui.button(t("rules.add"), icon="add", on_click=lambda: self.edit(None)).mark("rule-add")
        ui.label(t("rules.intro")).classes("text-gray-600")
        if not state.can_edit:
            ui.label(t("common.owner_only")).classes("text-sm text-gray-500").mark("rules-read-only")
        self.rule_list = ui.column().classes("w-full gap-1").mark("rule-list")
        with ui.card().classes("w-full").mark("match-preview"):
            self.preview = MatchPreview()

    async def reload(self) -> None:
        self.state.rules = await io_bound(matching_rules.list_rules, self.db)
        show_rules(self.rule_list, self.state, self.actions)

    async def act(self, fn: Callable[..., Any], **kwargs: Any) -> bool:
        """Runs one owner's change; a refusal is told in plain words and the list reloads otherwise."""
        try:
            await io_bound(fn, self.db, actor=self.state.me, **kwargs)
        except ServiceError as exc:
            ui.notify(exc.message(lang()), type="negative")
            return False
        await self.reload()
        return True

    async def move(self, rule_id: int, delta: int) -> None:
        await self.act(matching_rules.move_rule, rule_id=rule_id, delta=delta)

    async def remove(self, rule_id: int) -> None:
        if await self.act(matching_rules.delete_rule, rule_id=rule_id):
            ui.notify(t("rules.deleted"))

    def edit(self, rule: MatchingRule | None) -> None:
        RuleEditor(rule, self.save).dialog.open()

    async def save(self, data: matching_rules.RuleInput, rule_id: int | None) -> bool:
        return await self.act(matching_rules.save_rule, data=data, rule_id=rule_id)


@ui.page("/orders/rules", title="智能匹配规则 · 快递单号管家")
async def rules_page() -> None:
    me = signed_in()
    with frame("/orders"):
        view = RulesView(RulesState(me=me))
    await view.reload()
