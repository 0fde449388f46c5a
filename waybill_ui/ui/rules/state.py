"""What the rules page knows, as typed state instead of closure variables, and the unit changes
between what the seller types (kg, yuan, words) and what a rule stores (grams, fen, lists)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from waybill_ui.db.models import MatchingRule
from waybill_ui.services.accounts.users import Principal


def grams(kg: float | str | None) -> int | None:
    """Kilograms as typed (empty: no bound) in grams."""
    return None if kg is None or kg == "" else int(round(float(kg) * 1000))


def fen_of(yuan: float | str | None) -> int | None:
    """Yuan as typed (empty: no bound) in fen."""
    return None if yuan is None or yuan == "" else int(round(float(yuan) * 100))


def kg(grams: int | None) -> float | None:
    return None if grams is None else grams / 1000


def yuan(fen: int | None) -> float | None:
    return None if fen is None else fen / 100


def words_text(words: list[str]) -> str:
    """A rule's word list as the seller edits it: one field, the words joined by a Chinese comma."""
    return "，".join(words)


@dataclass
class RuleActions:
    """What a row of the rule list can ask the page to do (only the owner is shown the buttons)."""

    move: Callable[[int, int], Awaitable[None]]
    edit: Callable[[MatchingRule | None], None]
    remove: Callable[[int], Awaitable[None]]


@dataclass
class RulesState:
    me: Principal
    rules: list[MatchingRule] = field(default_factory=list)  # in their order, as last loaded

    @property
    def can_edit(self) -> bool:
        return self.me.is_owner
