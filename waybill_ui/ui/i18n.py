"""Texts for the current browser user (their language is kept in the session)."""

from __future__ import annotations

import copy

from nicegui import app, context

from nicegui.language import Language
from waybill_ui.texts import DEFAULT_LANGUAGE, tr

QUASAR_LANGUAGE: dict[str, Language] = {"zh": "zh-CN", "en": "en-US"}


def lang() -> str:
    try:
        return app.storage.user.get("lang", DEFAULT_LANGUAGE)
    except (RuntimeError, AssertionError):
        return DEFAULT_LANGUAGE


def use_page_language() -> None:
    """Quasar's own texts (table footers "每页记录数", date pickers…) and the html `lang` follow
    the user's language. The page object is shared by every visitor of a route, so this client
    gets its own copy with the language set (read when its HTML is rendered)."""
    client = context.client
    wanted = QUASAR_LANGUAGE.get(lang(), "zh-CN")
    if getattr(client.page, "language", None) != wanted:
        page = copy.copy(client.page)
        page.language = wanted
        client.page = page


def t(key: str, /, **params) -> str:
    return tr(key, lang(), **params)


def fen(amount_fen: int | None) -> str:
    """¥12.34 for 1234 fen."""
    if amount_fen is None:
        return "—"
    sign = "-" if amount_fen < 0 else ""
    return f"{sign}¥{abs(amount_fen) / 100:,.2f}"
