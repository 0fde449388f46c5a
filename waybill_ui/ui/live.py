"""The one way a page follows change notices (waybill_ui/events.py) from the bus.

`on_news(topics, handler)` calls `handler(events)` on the event loop, inside the page's client,
whichever thread published; news arriving while the handler still runs is coalesced into one
more run. The subscription lives as long as the client: it survives websocket reconnects (a
Wi-Fi blip) and ends only when NiceGUI deletes the client (on_delete, never on_disconnect)."""

from __future__ import annotations

import asyncio
import inspect
import logging
import math
from collections.abc import Awaitable, Callable

from nicegui import app, background_tasks, ui

from waybill_ui import runtime
from waybill_ui.clock import epoch
from typing import Any

log = logging.getLogger(__name__)


def on_news(topics: str | tuple[str, ...], handler: Callable[..., Any]) -> None:
    topic_list = (topics,) if isinstance(topics, str) else tuple(topics)
    topic = "+".join(topic_list)
    bus = runtime.get().bus
    client = ui.context.client
    loop = asyncio.get_running_loop()
    state: dict[str, Any] = {"running": False, "again": False, "payloads": []}

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

    unsubscribers = [bus.subscribe(name, listener) for name in topic_list]
    client.on_delete(lambda: [unsubscribe() for unsubscribe in unsubscribers])


def ids_in(payloads: list[Any]) -> set[int]:
    """All shipment ids in a batch of "shipments" news (waybill_ui/events.py)."""
    found: set[int] = set()
    for event in payloads:
        found.update(getattr(event, "ids", ()) or getattr(event, "shipment_ids", ()))
    return found


def follow(topics: str | tuple[str, ...], refresh: Callable[[], Awaitable[None]], *, every_s: float = 1.0) -> None:
    """Refresh the page's data when the bus says `topics` changed: at once when the last such
    refresh is `every_s` or more ago, otherwise once that gap has passed (a page showing counts need
    not redraw for every one of a hundred pushes a second, and one change made by another desk shows
    without waiting). The gap is measured on the app's clock (waybill_ui/clock.py), so a test moves
    it on rather than waiting; a clock set back refreshes at once."""
    state = {"dirty": False, "last": -math.inf}

    def due() -> bool:
        since = epoch() - state["last"]
        return since >= every_s or since < 0

    async def run() -> None:
        state.update(dirty=False, last=epoch())
        await refresh()

    async def arrived(_events) -> None:
        if due():
            await run()
        else:
            state["dirty"] = True

    async def tick() -> None:
        if state["dirty"] and due():
            await run()

    on_news(topics, arrived)
    ui.timer(min(every_s, 1.0), tick)
