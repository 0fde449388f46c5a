"""The signed-in user as pages see it."""

from __future__ import annotations

from nicegui import app

from waybill_ui.services.users import Principal


def principal() -> Principal | None:
    storage = app.storage.user
    if not isinstance(storage.get("user_id"), int):
        return None
    return Principal(id=storage["user_id"], username=storage.get("username", ""), role=storage.get("role", "staff"),
                     language=storage.get("lang", "zh"))


def actor() -> str:
    current = principal()
    return current.username if current else "?"


def is_owner() -> bool:
    current = principal()
    return bool(current and current.is_owner)
