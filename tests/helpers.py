"""Helpers for page tests with NiceGUI's `user` fixture."""

from __future__ import annotations

from nicegui.testing import User

from waybill_ui import runtime
from waybill_ui.services.accounts import users
from tests.conftest import OWNER, STAFF


def ensure_account(username: str, password: str, role: str) -> None:
    db = runtime.get().db
    if username not in {u.username for u in users.list_users(db)}:
        users.create_user(db, username=username, password=password, role=role)


async def login(user: User, username: str = OWNER[0], password: str = OWNER[1], role: str = "owner") -> None:
    ensure_account(username, password, role)
    await user.open("/login")
    user.find(marker="login-username").type(username)
    user.find(marker="login-password").type(password)
    user.find(marker="login-submit").click()
    # `should_see` looks every 100 ms; the login usually lands sooner (a busy machine: 10 s at most)
    await eventually(lambda: user.find(marker="header"), timeout=10, message="the login did not land")


async def login_staff(user: User) -> None:
    await login(user, *STAFF, role="staff")


async def eventually(check, *, timeout: float = 10.0, message: str = "condition not met") -> None:
    """Wait for page work that runs off the event loop (run.io_bound) to show its result."""
    import asyncio
    import time

    deadline = time.monotonic() + timeout
    while True:
        try:
            if check():
                return
        except (AssertionError, KeyError, IndexError):
            pass
        if time.monotonic() > deadline:
            raise AssertionError(message)
        await asyncio.sleep(0.02)
