"""Typed change notices ("domain events") and the one bus that carries them.

Services say what changed by publishing an event *after* their transaction committed: either
`emit(session, event)` inside a `Database.write()` block (the database publishes it once the
commit succeeded, and drops it on a rollback), or `publish(event)` once the block is over.
Listeners subscribe to a topic (a domain area: "orders", "shipments", …); pages do that through
`waybill_ui/ui/live.py`, which survives websocket reconnects, and jobs through the runtime's bus.

Every event is a frozen dataclass of plain values, so `to_wire`/`from_wire` can carry it between
processes (docs/architecture.md: PostgreSQL LISTEN/NOTIFY feeds remote events into `Bus.receive`).
Outside a running app (a service under test, the CLI) there is no bus and publishing does nothing.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import ClassVar

log = logging.getLogger(__name__)
_PENDING = "waybill.events"  # key in Session.info: events waiting for the commit


@dataclass(frozen=True)
class Event:
    topics: ClassVar[tuple[str, ...]] = ()

    @property
    def name(self) -> str:
        return type(self).__name__

    def to_wire(self) -> str:
        return json.dumps({"event": self.name, "data": dataclasses.asdict(self)}, ensure_ascii=False)


@dataclass(frozen=True)
class OrdersChanged(Event):
    """Orders were added or changed in bulk (import, demo data, auto-ship, cancel)."""

    topics: ClassVar[tuple[str, ...]] = ("orders",)
    reason: str = ""
    count: int = 0


@dataclass(frozen=True)
class OrdersShipped(Event):
    """Orders got their numbers (one, a batch, e-waybills); their shipments exist now."""

    topics: ClassVar[tuple[str, ...]] = ("orders", "shipments")
    order_ids: tuple[int, ...] = ()
    shipment_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class ShipmentsUpdated(Event):
    """Tracking news (polled or pushed), a cancel, a print or a pack changed these shipments."""

    topics: ClassVar[tuple[str, ...]] = ("shipments",)
    ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class AlertsChanged(Event):
    """Alerts were raised, acknowledged or resolved (by a job, a page or the API)."""

    topics: ClassVar[tuple[str, ...]] = ("alerts",)
    kind: str = ""
    resolved: int = 0


@dataclass(frozen=True)
class PoolChanged(Event):
    """Numbers came into or left the pool; `reason`: imported, purchase, refunded, extended,
    expired, recycled; `counts`: per carrier where known."""

    topics: ClassVar[tuple[str, ...]] = ("pool",)
    reason: str = ""
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class PurchasePaid(Event):
    """A purchase was paid: its numbers are to be fetched now (the purchase sync listens)."""

    topics: ClassVar[tuple[str, ...]] = ("purchases",)
    purchase_id: int = 0
    actor: str = ""


@dataclass(frozen=True)
class PurchaseChanged(Event):
    """A purchase was synced, cancelled or refunded (0: several)."""

    topics: ClassVar[tuple[str, ...]] = ("purchases",)
    purchase_id: int = 0


@dataclass(frozen=True)
class CatalogueChanged(Event):
    topics: ClassVar[tuple[str, ...]] = ("catalogue",)


@dataclass(frozen=True)
class ReturnsChanged(Event):
    """Return records opened or received (after-sale: the returns tab and the dashboard)."""

    topics: ClassVar[tuple[str, ...]] = ("returns",)
    opened: int = 0
    received: int = 0


@dataclass(frozen=True)
class SessionsEnded(Event):
    """Browser sessions ended (logout, password or role change): their open pages must go."""

    topics: ClassVar[tuple[str, ...]] = ("sessions",)
    ids: tuple[int, ...] = ()


TYPES: dict[str, type[Event]] = {
    cls.__name__: cls
    for cls in (
        OrdersChanged,
        OrdersShipped,
        ShipmentsUpdated,
        AlertsChanged,
        PoolChanged,
        PurchasePaid,
        PurchaseChanged,
        CatalogueChanged,
        ReturnsChanged,
        SessionsEnded,
    )
}


def from_wire(text: str) -> Event:
    """The event `to_wire` wrote (lists become tuples again, as the dataclasses declare)."""
    raw = json.loads(text)
    cls = TYPES[raw["event"]]
    data = {k: tuple(v) if isinstance(v, list) else v for k, v in raw["data"].items()}
    return cls(**data)


Listener = Callable[[Event], None]


class Bus:
    """Events to whoever listens, synchronously in the publisher's thread: listeners must be quick
    (set a flag, hop onto the event loop) and a failing one never breaks the publisher.
    `bridges` receive every locally published event (e.g. to NOTIFY other processes);
    `receive` delivers an event that came from elsewhere without bridging it back."""

    def __init__(self) -> None:
        self._listeners: dict[str, list[Listener]] = defaultdict(list)
        self.bridges: list[Callable[[Event], None]] = []

    def subscribe(self, topic: str, listener: Listener) -> Callable[[], None]:
        self._listeners[topic].append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners[topic]:
                self._listeners[topic].remove(listener)

        return unsubscribe

    def listeners(self, topic: str) -> int:
        return len(self._listeners.get(topic, ()))

    def publish(self, event: Event) -> None:
        self.receive(event)
        for bridge in list(self.bridges):
            try:
                bridge(event)
            except Exception:
                log.exception("bus bridge failed for %s", event.name)

    def receive(self, event: Event) -> None:
        if not isinstance(event, Event):
            raise TypeError(f"the bus carries events, not {type(event).__name__}")
        for topic in event.topics:
            for listener in list(self._listeners.get(topic, ())):
                try:
                    listener(event)
                except Exception:  # a broken listener must not break the job that published
                    log.exception("bus listener for %s failed", topic)


_recorders: list[list[Event]] = []


def publish(*events: Event) -> None:
    """Publish now on the running app's bus (call it after the commit)."""
    from waybill_ui import runtime

    for recorder in _recorders:
        recorder.extend(events)
    current = runtime.get_or_none()
    if current is None:
        return
    for event in events:
        current.bus.publish(event)


@contextmanager
def recorded() -> Iterator[list[Event]]:
    """Every event published meanwhile, in order, with or without a running app (for tests)."""
    seen: list[Event] = []
    _recorders.append(seen)
    try:
        yield seen
    finally:
        _recorders.remove(seen)


def emit(session, *events: Event) -> None:
    """Publish once this session's transaction has committed (`Database.write` does it)."""
    pending = session.info.setdefault(_PENDING, [])
    for event in events:
        if event not in pending:  # a rule raising 500 alerts tells the pages once
            pending.append(event)


def after_commit(session) -> None:
    """Called by `Database.write` after a successful commit."""
    pending = session.info.pop(_PENDING, None)
    if pending:
        publish(*pending)


def discard(session) -> None:
    """Called by `Database.write` on a rollback: nothing happened, so nothing is told."""
    session.info.pop(_PENDING, None)
