"""Page change notices travel between app processes on one PostgreSQL database (LISTEN/NOTIFY):
two buses, as two processes have, each with its bridge on the same database."""

from __future__ import annotations

import json
import os
import threading
import time

import pytest

from waybill_ui.bus_bridge import PgBridge, _messages
from waybill_ui import events
from waybill_ui.events import Bus, ShipmentsUpdated


def _wait_for(condition, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.mark.postgres_only
def test_a_notice_published_in_one_process_reaches_the_other_once(data_dir):
    url = os.environ["WAYBILL_DATABASE_URL"]  # this test's own database (tests/conftest.py)
    a, b = Bus(), Bus()
    heard_a, heard_b = [], []
    lock = threading.Lock()
    a.subscribe("shipments", lambda e: heard_a.append(list(e.ids)))
    b.subscribe("shipments", lambda e: (lock.acquire(), heard_b.append(list(e.ids)), lock.release()))
    bridges = [PgBridge(url, a).start(), PgBridge(url, b).start()]
    try:
        time.sleep(0.5)  # both listening
        a.publish(ShipmentsUpdated(ids=(1, 2, 3)))
        many = list(range(100_000, 103_000))  # ~21 KB of JSON: more than one notice holds
        a.publish(ShipmentsUpdated(ids=tuple(many)))
        assert _wait_for(lambda: sum(len(p) for p in heard_b) == 3 + len(many))
        assert heard_b[0] == [1, 2, 3] and sorted(i for p in heard_b[1:] for i in p) == many
        time.sleep(0.5)
        assert heard_a == [[1, 2, 3], many]  # its own news once, not echoed back
    finally:
        for bridge in bridges:
            bridge.stop()


def test_long_lists_are_cut_to_fit_one_notice_each():
    parts = _messages("o", ShipmentsUpdated(ids=tuple(range(50_000))))
    assert len(parts) > 1 and all(len(p.encode()) <= 7_500 for p in parts)
    back = [events.from_wire(json.loads(p)["e"]) for p in parts]
    assert sorted(i for e in back for i in e.ids) == list(range(50_000))
