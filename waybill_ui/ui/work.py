"""Blocking service calls from pages, run off the event loop.

NiceGUI's `run.io_bound` answers None when the call was cancelled or the app is stopping (NiceGUI
4 will raise CancelledError then instead), so its result is typed `R | None` and every page would
have to test for None. Pages call `io_bound` here instead: it raises CancelledError in those two
cases already, and otherwise returns the service's own result, typed as such."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from nicegui import run

P = ParamSpec("P")
R = TypeVar("R")


async def io_bound(callback: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    def boxed_call() -> tuple[R]:
        return (callback(*args, **kwargs),)  # in a tuple, so a service that returns None is told apart

    boxed = await run.io_bound(boxed_call)
    if boxed is None:
        raise asyncio.CancelledError("the app is stopping")
    return boxed[0]


class Newest:
    """The reloads of one list: a live update and a click (another filter, status or page) can
    each start one, and the older one's answer may come back last. Only the newest one started
    draws; the others drop their answer.

        ticket = self.newest.start()
        rows = await io_bound(…)
        if not self.newest.is_current(ticket):
            return
    """

    def __init__(self) -> None:
        self._started = 0

    def start(self) -> int:
        self._started += 1
        return self._started

    def is_current(self, ticket: int) -> bool:
        return ticket == self._started
