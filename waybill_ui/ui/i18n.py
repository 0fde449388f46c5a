"""Texts for the current browser user (their language is kept in the session)."""

from __future__ import annotations

from nicegui import app

from waybill_ui.texts import DEFAULT_LANGUAGE, tr


def lang() -> str:
    try:
        return app.storage.user.get("lang", DEFAULT_LANGUAGE)
    except (RuntimeError, AssertionError):
        return DEFAULT_LANGUAGE


def t(key: str, /, **params) -> str:
    return tr(key, lang(), **params)


def fen(amount_fen: int | None) -> str:
    """¥12.34 for 1234 fen."""
    if amount_fen is None:
        return "—"
    sign = "-" if amount_fen < 0 else ""
    return f"{sign}¥{abs(amount_fen) / 100:,.2f}"
