"""Work that outlives the request that started it (a purchase's numbers fetched after payment,
a scheduled job's run): held here with a strong reference, because an asyncio task nobody holds
may vanish, and so that shutdown can wait for it (waybill_ui/jobs/__init__.py: stop_scheduler).
Tasks belong to one event loop and leave the set when they end, so nothing outlives a test's app."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

running: set[asyncio.Task[Any]] = set()


def start(work: Coroutine[Any, Any, Any], *, name: str) -> asyncio.Task[Any]:
    """Run `work` on the current event loop, held until it ends."""
    task = asyncio.get_running_loop().create_task(work, name=name)
    running.add(task)
    task.add_done_callback(running.discard)
    return task
