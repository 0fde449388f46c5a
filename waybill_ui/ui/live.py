"""Bridge from the in-process bus (services and jobs publish news) to an open page.

`on_news(topic, handler)` calls `handler(payload)` on the event loop, inside the page's client,
whichever thread published; news arriving while the handler still runs is coalesced into one
more run. The subscription ends when the client goes away."""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Callable

from nicegui import app, background_tasks, ui

from waybill_ui import runtime

log = logging.getLogger(__name__)


def on_news(topic: str, handler: Callable) -> None:
    bus = runtime.get().bus
    client = ui.context.client
    loop = asyncio.get_running_loop()
    state = {"running": False, "again": False, "payloads": []}

    async def run() -> None:
        state["running"] = True
        try:
            while True:
                payloads, state["payloads"], state["again"] = state["payloads"], [], False
                if client.is_deleted:
                    return
                with client:
                    result = handler(payloads)
                    if inspect.isawaitable(result):
                        await result
                if not state["again"]:
                    return
        except Exception:  # a broken page must not break the publisher; the page keeps its last state
            if not (client.is_deleted or app.is_stopping):  # pages going away mid-update are no error
                log.exception("live update for %s failed", topic)
        finally:
            state["running"] = False

    def arrived(payload) -> None:
        state["payloads"].append(payload)
        if state["running"]:
            state["again"] = True
            return
        state["running"] = True  # claimed here so a burst of news starts one run
        background_tasks.create(run(), name=f"live:{topic}")

    def listener(payload) -> None:
        try:
            loop.call_soon_threadsafe(arrived, payload)
        except RuntimeError:  # the loop is closed: the app is stopping
            pass

    unsubscribe = bus.subscribe(topic, listener)
    client.on_delete(unsubscribe)


def ids_in(payloads: list) -> set[int]:
    """All shipment ids in a batch of "shipments" news."""
    found: set[int] = set()
    for payload in payloads:
        if isinstance(payload, (list, tuple, set)):
            found.update(int(i) for i in payload)
        elif isinstance(payload, int):
            found.add(payload)
    return found
