"""Fault soak: the embedded network fails 30% of calls (5xx, timeouts, malformed bodies) while
purchases, batch ships and tracking refreshes run for a bounded time. Afterwards: no unhandled
exception in the log, the invariants hold, and every pending purchase completes once faults stop."""

from __future__ import annotations

import json
import random
import time
import uuid

import httpx
import pytest

from tests.fixtures.taobao_export import export

from .conftest import make_live_app
from .invariants import check

pytestmark = pytest.mark.slow
SOAK_SECONDS = 25
FAULTS = "5xx=0.1,timeout=0.1,malformed=0.1,timeout_s=1.5"


def _set_faults(app, spec: str) -> None:
    key = json.loads((app.data_dir / "secrets.json").read_text())["sandbox_key"]
    response = httpx.put(f"{app.url}/sandbox/api/faults", json={"faults": spec}, headers={"X-Sandbox-Key": key})
    assert response.status_code == 200, response.text


def test_soak_under_thirty_percent_faults(tmp_path):
    app = make_live_app(
        tmp_path / "data", WAYBILL_HTTP_TIMEOUT_S="1", WAYBILL_HTTP_RETRIES="1", WAYBILL_SANDBOX_SPEED="3600"
    )
    orders_file = tmp_path / "orders.csv"
    orders_file.write_bytes(export(3000, seed=11))
    assert app.cli("import-orders", str(orders_file)).returncode == 0
    app.start()
    try:
        app.token = app.login_token()
        rng = random.Random(5)
        with app.client() as client:
            deadline = time.time() + 60
            while not client.get("/api/v1/carriers").json() and time.time() < deadline:
                time.sleep(0.3)
            assert (
                client.post("/api/v1/balance/topups", json={"amount_fen": 2_000_000, "reference": "soak"}).status_code
                == 201
            )
            assert (
                client.post(
                    "/api/v1/waybills/import", json={"carrier": "YTO", "start": "YT1000000000000", "count": 5000}
                ).status_code
                == 200
            )
            _set_faults(app, FAULTS)
            statuses: dict[str, int] = {}
            end = time.time() + SOAK_SECONDS
            while time.time() < end:
                action = rng.choice(["buy", "ship", "ship", "refresh"])
                if action == "buy":
                    response = client.post(
                        "/api/v1/purchases",
                        json={"package_id": rng.choice(["ZTO-500", "SF-100", "YD-500", "JTSD-100"]), "quantity": 1},
                        headers={"Idempotency-Key": uuid.uuid4().hex},
                    )
                elif action == "ship":
                    pending = client.get("/api/v1/orders", params={"status": "pending", "size": 100}).json()["items"]
                    response = client.post(
                        "/api/v1/shipments/batch",
                        json={"order_nos": [o["order_no"] for o in pending], "carrier": "YTO"},
                    )
                else:
                    response = client.post("/api/v1/shipments/refresh", json={})
                statuses[f"{action} {response.status_code}"] = statuses.get(f"{action} {response.status_code}", 0) + 1
                assert response.status_code < 500, (action, response.text)
            _set_faults(app, "")
            for row in client.get("/api/v1/purchases", params={"size": 500}).json()["items"]:
                if row["status"] in ("paid", "sync_pending"):  # 重新同步, as the owner would
                    assert client.post(f"/api/v1/purchases/{row['id']}/sync").status_code < 500
            deadline = time.time() + 90
            while time.time() < deadline and app.scalar(
                "SELECT count(*) FROM purchase WHERE status IN ('paid', 'sync_pending')"
            ):
                time.sleep(0.5)
        assert statuses.get("buy 201", 0) > 0 and statuses.get("ship 200", 0) > 0, statuses
        problems = check(app.data_dir / "waybill.db", settled=True)
        assert not problems, problems[:10]
        assert app.scalar("SELECT count(*) FROM purchase WHERE status = 'synced'") > 0
    finally:
        app.stop()
    log = app.log_path.read_text()
    assert "Traceback" not in log, log[-4000:]
