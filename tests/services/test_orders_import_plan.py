"""On PostgreSQL the next chunk is decided in a thread while the writer stores the one before
(services/orders/importing/plan.py; on SQLite in the writer's own thread): plans arrive in order,
an error on either side fails the import with nothing stored, and nothing keeps running after the
writer stops."""

from __future__ import annotations

import threading

import pytest

from tests.fixtures import taobao_export as tb
from waybill_ui.services.orders import importing as orders_import
from waybill_ui.services.orders.importing import numbers, plan, store, worker


def _chunks(count: int, state: dict):
    try:
        for number in range(count):
            state["pulled"] = number + 1
            yield [number]
    finally:
        state["closed"] = threading.current_thread().name


def _planner(db) -> str:
    """Where the chunks are decided: a thread of their own on PostgreSQL, the writer's on SQLite."""
    return "import-planner" if db.is_postgres else threading.current_thread().name


def test_plans_come_in_order_and_the_chunks_are_closed(db):
    state: dict = {}
    seen = []

    def decide(lookups, chunk):
        seen.append((threading.current_thread().name, lookups is writer))
        return chunk[0]

    with db.write() as writer:
        assert list(plan.planned(db, _chunks(5, state), decide, writer=writer)) == [0, 1, 2, 3, 4]
    # on PostgreSQL from the thread's own read session, on SQLite from the writer's
    assert set(seen) == {(_planner(db), not db.is_postgres)}
    assert state == {"pulled": 5, "closed": _planner(db)}


def test_an_error_while_deciding_is_raised_to_the_writer(db):
    state: dict = {}

    def decide(lookups, chunk):
        if chunk[0] == 2:
            raise ValueError("bad chunk")
        return chunk[0]

    got = []
    with pytest.raises(ValueError, match="bad chunk"), db.write() as writer:
        for value in plan.planned(db, _chunks(10, state), decide, writer=writer):
            got.append(value)
    assert got == [0, 1] and state["closed"] and state["pulled"] == 3


def test_a_writer_that_stops_early_stops_the_planner_and_closes_the_chunks(db):
    state: dict = {}
    with db.write() as writer:
        plans = plan.planned(db, _chunks(1_000, state), lambda lookups, chunk: chunk[0], writer=writer)
        assert next(plans) == 0
        plans.close()  # the writer failed: its loop is left
    assert state["closed"] == _planner(db)
    assert state["pulled"] <= (3 if db.is_postgres else 1)  # decided at most one chunk ahead of the one handed over
    assert not any(t.name == "import-planner" for t in threading.enumerate())


def test_a_write_that_fails_while_the_parser_process_runs_stops_it_and_stores_nothing(db, tmp_path, monkeypatch):
    monkeypatch.setattr(worker, "APART_FROM_BYTES", 0)
    monkeypatch.setattr(worker.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(worker, "HAND_OVER_AFTER", 1)
    started = []
    real_child = worker._Child

    def child(*args, **kwargs):
        started.append(real_child(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(worker, "_Child", child)
    real_write = store.write_plan
    calls = {"n": 0}

    def fail_on_third(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:  # the child has taken over by now (after the first chunk)
            raise RuntimeError("disk unplugged")
        return real_write(*args, **kwargs)

    monkeypatch.setattr(orders_import, "write_plan", fail_on_third)
    path = tmp_path / "ExportOrderList.csv"
    path.write_bytes(tb.export(16_000, seed=5))
    with pytest.raises(RuntimeError, match="disk unplugged"):
        orders_import.import_orders(db, data=path, actor="t")
    assert len(started) == 1 and started[0].process.poll() is not None  # the parser process is gone
    with db.read() as session:
        assert session.connection().exec_driver_sql("SELECT count(*) FROM orders").scalar() == 0


@pytest.mark.postgres_only
def test_an_empty_shops_number_lookup_does_not_wait_on_the_orders_table(db):
    """A first import rebuilds the orders indexes inside its transaction, which locks the table on
    PostgreSQL; the planner's read session asks about numbers meanwhile and must not wait on it."""
    with db.write() as writer:
        writer.connection().exec_driver_sql("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE")
        with db.read() as lookups:
            lookups.connection().exec_driver_sql("SET LOCAL lock_timeout = 2000")
            assert numbers.number_uses(lookups, ["YT1234567890123"], orders_too=False) == {}
