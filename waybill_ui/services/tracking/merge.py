"""Merging a provider's answer into the events we already keep (pure; no database here).

Providers re-send the whole trace on every query, sometimes with a node corrected (text
fixed, place filled in, status code refined, time adjusted). Matching, in this order:

1. same time (to the second) and same text (ignoring spaces and punctuation) → the same event;
   changed fields (status, place, raw codes, exact wording) are updated in place;
2. an event we keep at the same second whose text no longer appears → its text was corrected;
3. an event we keep with the same text within 12 hours whose time no longer appears → its time
   was corrected;
4. anything else is new.

Events missing from a later answer are kept: an event once seen is never lost.

`dedupe_key` = "<unix seconds>:<n>" (n-th event we keep at that second) is the row's identity,
unique per shipment in the database, so a merge racing another can never insert a duplicate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from waybill_ui.carriers.protocol import TrackEvent

TIME_CORRECTION_WINDOW = timedelta(hours=12)
_NOISE = re.compile(r"[\s\u3000,，.。:：;；!！?？、()（）\[\]【】\-—_'\"“”‘’]+")


@dataclass
class StoredEvent:
    id: int
    time: datetime
    text: str
    status: str
    location: str = ""
    raw_state: str = ""
    raw_substate: str = ""
    dedupe_key: str = ""


@dataclass
class MergePlan:
    inserts: list[dict[str, Any]] = field(default_factory=list)  # new rows (without shipment_id)
    updates: list[dict[str, Any]] = field(default_factory=list)  # {"id", changed fields…}

    @property
    def changed(self) -> bool:
        return bool(self.inserts or self.updates)


def norm_text(text: str) -> str:
    return _NOISE.sub("", text).lower()


def second_of(when: datetime) -> int:
    return int(when.timestamp())


def _fields(event: TrackEvent) -> dict[str, Any]:
    return {
        "text": event.text[:500],
        "status": str(event.status),
        "location": event.location[:120],
        "raw_state": event.raw_state[:16],
        "raw_substate": event.raw_substate[:16],
    }


def _differences(stored: StoredEvent, event: TrackEvent) -> dict[str, Any]:
    wanted = _fields(event)
    return {k: v for k, v in wanted.items() if getattr(stored, k) != v}


class _Keys:
    """Free "<second>:<n>" keys for a shipment."""

    def __init__(self, used: set[str]):
        self.used = set(used)

    def take(self, when: datetime) -> str:
        second, n = second_of(when), 0
        while f"{second}:{n}" in self.used:
            n += 1
        key = f"{second}:{n}"
        self.used.add(key)
        return key


# The columns of a new event as `first_news` gives them (merge's inserts are dicts of the same).
ROW_FIELDS = ("event_time", "dedupe_key", "text", "status", "location", "raw_state", "raw_substate")


def first_news(incoming: list[TrackEvent]) -> list[tuple[Any, ...]]:
    """A parcel's first news, when nothing is kept yet: every event is new. The common case of
    a refresh, so rows are plain tuples (ROW_FIELDS, then the event's unix second) and keys are
    counted per second directly (the same keys `_Keys.take` hands out when it starts empty)."""
    seen: dict[int, int] = {}
    rows = []
    for e in incoming:
        second = int(e.time.timestamp())
        n = seen.get(second, 0)
        seen[second] = n + 1
        rows.append(
            (
                e.time,
                f"{second}:{n}",
                e.text[:500],
                str(e.status),
                e.location[:120],
                e.raw_state[:16],
                e.raw_substate[:16],
                second,
            )
        )
    return rows


def merge(stored: list[StoredEvent], incoming: list[TrackEvent]) -> MergePlan:
    plan = MergePlan()
    if not stored:  # a parcel's first news: everything is new (the common case, kept cheap)
        plan.inserts = [dict(zip(ROW_FIELDS, row, strict=False)) for row in first_news(incoming)]
        return plan
    free = {e.id: e for e in stored}  # not matched yet
    pending: list[TrackEvent] = []

    exact: dict[tuple[int, str], list[StoredEvent]] = {}
    for e in stored:
        exact.setdefault((second_of(e.time), norm_text(e.text)), []).append(e)
    for event in incoming:  # pass 1: the same event again
        candidates = [e for e in exact.get((second_of(event.time), norm_text(event.text)), []) if e.id in free]
        if candidates:
            match = free.pop(candidates[0].id)
            changes = _differences(match, event)
            if changes:
                plan.updates.append({"id": match.id, **changes})
        else:
            pending.append(event)

    keys = _Keys({e.dedupe_key for e in stored})
    for event in pending:  # pass 2: corrections, else new
        same_second = [e for e in free.values() if second_of(e.time) == second_of(event.time)]
        if same_second:
            match = free.pop(same_second[0].id)
            plan.updates.append({"id": match.id, **_differences(match, event)})
            continue
        text = norm_text(event.text)
        moved = [
            e for e in free.values() if norm_text(e.text) == text and abs(e.time - event.time) <= TIME_CORRECTION_WINDOW
        ]
        if moved:
            match = free.pop(min(moved, key=lambda e: abs(e.time - event.time)).id)
            plan.updates.append(
                {
                    "id": match.id,
                    "event_time": event.time,
                    "dedupe_key": keys.take(event.time),
                    **_differences(match, event),
                }
            )
            continue
        plan.inserts.append({"event_time": event.time, "dedupe_key": keys.take(event.time), **_fields(event)})
    return plan
