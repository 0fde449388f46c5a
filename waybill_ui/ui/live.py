"""The one way a page follows change notices (waybill_ui/events.py) from the bus.

`on_news(topics, handler)` calls `handler(events)` on the event loop, inside the page's client,
whichever thread published; news arriving while the handler still runs is coalesced into one
more run. The subscription lives as long as the client: it survives websocket reconnects (a
Wi-Fi blip) and ends only when NiceGUI deletes the client (on_delete, never on_disconnect)."""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable

from nicegui import app, background_tasks, ui

from waybill_ui import runtime
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
    """Refresh the page's data when the bus says `topics` changed, at most once every `every_s`
    (a page showing counts need not redraw for every one of a hundred pushes a second)."""
    state = {"dirty": False}
    on_news(topics, lambda _events: state.update(dirty=True))

    async def tick() -> None:
        if state["dirty"]:
            state["dirty"] = False
            await refresh()

    ui.timer(every_s, tick)
