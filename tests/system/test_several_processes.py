"""Two real app processes (python -m waybill_ui serve) on one PostgreSQL database: scheduled jobs
run in exactly one of them and move when it dies; a batch ship of the same orders from both uses
no number twice and ships no order twice; one idempotency key charges once.

Needs a PostgreSQL server in WAYBILL_TEST_DATABASE_URL (.ci/run starts one)."""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests import pg_support
from tests.fixtures.taobao_export import export

from .conftest import LiveApp, make_live_app

pytestmark = [pytest.mark.postgres_only, pytest.mark.slow]
LEADS = "now runs the scheduled jobs"


@dataclass
class NamedApp(LiveApp):
    name: str = "a"

    @property
    def log_path(self) -> Path:
        return self.data_dir / f"app-{self.name}.log"

    def leads(self) -> bool:
        return self.log_path.exists() and LEADS in self.log_path.read_text()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    url = pg_support.fresh_database()
    data = tmp_path_factory.mktemp("cluster") / "data"
    first = make_live_app(data, WAYBILL_DATABASE_URL=url, WAYBILL_HTTP_RETRIES="1")
    orders_file = data / "orders.csv"
    orders_file.write_bytes(export(3_000, seed=11))
    assert first.cli("import-orders", str(orders_file)).returncode == 0
    # the real command line, as the README runs it (launch.py)
    a = NamedApp(data_dir=data, env=dict(first.env), name="a", exec_=True)
    b = NamedApp(data_dir=data, env=dict(first.env), name="b", exec_=True)
    for app in (a, b):
        app.env["WAYBILL_PORT"] = str(app.port)
    engine = create_engine(url)
    try:
        a.start()
        b.start()
        a.token, b.token = a.login_token(), b.login_token()
        yield a, b, engine
    finally:  # also when a start fails: no app process outlives the tests
        a.stop()
        b.stop()
        engine.dispose()
        pg_support.drop_database(url)


def _scalar(engine, sql: str):
    with engine.connect() as conn:
        return conn.execute(text(sql)).scalar()


def _both(calls) -> list:
    """Run the calls at the same moment, each in its own thread; their responses in order."""
    out: list = [None] * len(calls)
    start = threading.Barrier(len(calls))

    def run(i, call):
        start.wait()
        out[i] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return out


def test_batch_ship_of_the_same_orders_from_both_uses_every_number_once(cluster):
    a, b, engine = cluster
    with a.client() as client:
        response = client.post(
            "/api/v1/waybills/import", json={"carrier": "ZTO", "start": "75100000000000", "count": 3_000}
        )
        assert response.status_code == 200, response.text
    with engine.connect() as conn:
        order_nos = [
            r[0]
            for r in conn.execute(
                text("SELECT order_no FROM orders WHERE status = 'pending' ORDER BY order_no LIMIT 600")
            )
        ]
    assert len(order_nos) == 600
    with a.client() as ca, b.client() as cb:
        answers = _both(
            [
                lambda: ca.post("/api/v1/shipments/batch", json={"order_nos": order_nos, "carrier": "ZTO"}),
                lambda: cb.post("/api/v1/shipments/batch", json={"order_nos": order_nos, "carrier": "ZTO"}),
            ]
        )
    assert [r.status_code for r in answers] == [200, 200], [r.text[:300] for r in answers]
    shipped = [len(r.json()["shipped"]) for r in answers]
    # every shippable order once (a few lack an address or coverage), split however the race went
    assert sum(shipped) > 500
    assert _scalar(engine, "SELECT count(*) FROM shipment WHERE cancelled_at IS NULL") == sum(shipped)
    assert (
        _scalar(
            engine,
            "SELECT count(*) FROM (SELECT order_id FROM shipment WHERE cancelled_at IS NULL "
            "GROUP BY order_id HAVING count(*) > 1) d",
        )
        == 0
    )
    assert (
        _scalar(engine, "SELECT count(*) FROM (SELECT number FROM shipment GROUP BY number HAVING count(*) > 1) d") == 0
    )
    assert _scalar(engine, "SELECT count(*) FROM waybill WHERE status = 'used' AND origin <> 'external'") == sum(
        shipped
    )


def test_one_idempotency_key_sent_to_both_charges_once(cluster):
    a, b, engine = cluster
    with a.client() as client:
        assert (
            client.post("/api/v1/balance/topups", json={"amount_fen": 1_000_000, "reference": "two"}).status_code == 201
        )
    with a.client() as client:  # the catalogue job of the leader has loaded the packages
        deadline = time.time() + 60
        while not client.get("/api/v1/carriers").json() and time.time() < deadline:
            time.sleep(0.3)
    balance = _scalar(engine, "SELECT coalesce(sum(amount_fen), 0) FROM ledger_entry")
    key = uuid.uuid4().hex
    body = {"package_id": "ZTO-500", "quantity": 1}
    with a.client() as ca, b.client() as cb:
        answers = _both(
            [
                lambda: ca.post("/api/v1/purchases", json=body, headers={"Idempotency-Key": key}),
                lambda: cb.post("/api/v1/purchases", json=body, headers={"Idempotency-Key": key}),
            ]
        )
    codes = sorted(r.status_code for r in answers)
    assert codes in ([200, 201], [201, 409], [200, 409], [201, 201]) and codes != [201, 201], [
        r.text[:300] for r in answers
    ]
    ids = {r.json()["id"] for r in answers if r.status_code in (200, 201)}
    assert len(ids) == 1
    assert _scalar(engine, f"SELECT count(*) FROM purchase WHERE idempotency_key = '{key}'") == 1
    price = _scalar(engine, f"SELECT amount_fen FROM purchase WHERE idempotency_key = '{key}'")
    charges = _scalar(engine, "SELECT coalesce(sum(amount_fen), 0) FROM ledger_entry WHERE amount_fen < 0")
    assert charges == -price, (charges, price, balance)  # the only purchase so far, charged once
    assert (
        _scalar(
            engine,
            "SELECT count(*) FROM ledger_entry WHERE amount_fen < 0 AND purchase_id = "
            f"(SELECT id FROM purchase WHERE idempotency_key = '{key}')",
        )
        == 1
    )


def test_exactly_one_process_runs_the_jobs_and_the_other_takes_over_when_it_is_killed(cluster):
    a, b, engine = cluster
    deadline = time.time() + 30
    while not (a.leads() or b.leads()) and time.time() < deadline:
        time.sleep(0.5)
    assert a.leads() != b.leads(), "exactly one leader"
    leader, follower = (a, b) if a.leads() else (b, a)
    leader.kill()
    killed = time.time()
    while not follower.leads() and time.time() - killed < 60:
        time.sleep(0.5)
    assert follower.leads(), "the jobs did not move to the surviving process within a minute"
    assert time.time() - killed < 60
