"""Telling whoever listens (open pages, the pool watcher) that something changed, after commit.

Services call `announce("orders", "shipments")` once their transaction committed; the runtime's
bus (waybill_ui/runtime.py) hands the news to its listeners. Outside a running app (tests of a
service, the CLI) there is nobody to tell and this does nothing."""

from __future__ import annotations

from typing import Any


def announce(*topics: str, payload: Any = None) -> None:
    from waybill_ui import runtime

    current = runtime.get_or_none()
    if current is not None:
        for topic in topics:
            current.bus.publish(topic, payload)
