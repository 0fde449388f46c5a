"""The signed-in user as pages see it: whoever the page's HTTP request was authenticated as
(waybill_ui/security.py). A page whose session ends is dropped (waybill_ui/socket_guard.py), so
a page never acts for a user after logout, a password change, a role change or deactivation."""

from __future__ import annotations

from nicegui import context

from waybill_ui.services.accounts.users import Principal


def principal() -> Principal | None:
    try:
        request = context.client.request
    except RuntimeError:
        return None
    return getattr(request.state, "principal", None)


def signed_in() -> Principal:
    """The user of a page behind the login (waybill_ui/security.py lets no anonymous request
    reach those), typed without None."""
    current = principal()
    if current is None:
        raise RuntimeError("no signed-in user on this page")
    return current


def session_id() -> int | None:
    try:
        request = context.client.request
    except RuntimeError:
        return None
    return getattr(request.state, "session_id", None)


def actor() -> str:
    current = principal()
    return current.username if current else "?"


def is_owner() -> bool:
    current = principal()
    return bool(current and current.is_owner)
