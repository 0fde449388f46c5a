"""Peak memory of the real app (`waybill-ui serve`) while it does the whole day's heavy work through
its JSON API: import a 100,000-order export, import 100,000 pool numbers, batch ship 10,000 orders,
print 1,000 labels, search the orders list, refresh tracking of 1,000 parcels. Read from the process's VmHWM.

    .venv/bin/python bench/app_memory.py [--json]

Target (docs/benchmarks.md): peak RSS ≤ 300 MB.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from _common import ROOT, emit_json, result


def vm_hwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from tests.fixtures.taobao_export import export

    data_dir = Path(tempfile.mkdtemp(prefix="bench-app-")) / "data"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("WAYBILL_")},
        "WAYBILL_DATA_DIR": str(data_dir),
        "WAYBILL_HOST": "127.0.0.1",
        "WAYBILL_PORT": str(port),
        "WAYBILL_UPLOAD_LIMIT_MB": "100",
    }
    cli = [sys.executable, "-m", "waybill_ui"]
    subprocess.run(
        [*cli, "create-user", "owner", "--password", "bench-pass-1", "--role", "owner"],
        env=env,
        check=True,
        capture_output=True,
    )
    export_bytes = export(args.orders, seed=3)
    log = open(data_dir / "app.log", "w")
    app = subprocess.Popen([*cli, "serve"], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        idle = vm_hwm_mb(app.pid)
        token = httpx.post(f"{url}/api/v1/auth/token", json={"username": "owner", "password": "bench-pass-1"}).json()[
            "token"
        ]
        client = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=300)
        steps: list[tuple[str, float, float]] = []

        def step(name: str, fn) -> None:
            started = time.perf_counter()
            response = fn()
            assert response.status_code < 300, (name, response.status_code, response.text[:300])
            steps.append((name, time.perf_counter() - started, vm_hwm_mb(app.pid)))

        while not client.get("/api/v1/carriers").json():
            time.sleep(0.3)
        step(
            f"import {args.orders:,} orders",
            lambda: client.post(
                "/api/v1/orders/import", files={"file": ("ExportOrderList.csv", export_bytes, "text/csv")}
            ),
        )
        step(
            "import 100,000 numbers",
            lambda: client.post(
                "/api/v1/waybills/import", json={"carrier": "ZTO", "start": "75000000000000", "count": 100_000}
            ),
        )
        pending = []
        page = 1
        while len(pending) < 10_000:
            items = client.get("/api/v1/orders", params={"status": "pending", "size": 500, "page": page}).json()[
                "items"
            ]
            if not items:
                break
            pending += [o["order_no"] for o in items]
            page += 1
        step(
            f"batch ship {len(pending[:10_000]):,}",
            lambda: client.post("/api/v1/shipments/batch", json={"order_nos": pending[:10_000], "carrier": "ZTO"}),
        )
        ids = []  # the list is paged (500 at most per page): two pages for 1,000 labels
        for page in (1, 2):
            listed = client.get("/api/v1/shipments", params={"size": 500, "page": page})
            assert listed.status_code == 200, listed.text[:300]
            ids += [s["id"] for s in listed.json()["items"]]
        assert len(set(ids)) == 1000, len(set(ids))
        step("labels for 1,000", lambda: client.post("/api/v1/labels.pdf", json={"shipment_ids": ids}))
        step("orders search", lambda: client.get("/api/v1/orders", params={"q": pending[0][:12]}))
        step("tracking refresh of 1,000", lambda: client.post("/api/v1/shipments/refresh", json={"ids": ids}))
        peak = vm_hwm_mb(app.pid)
    finally:
        app.terminate()
        app.wait(timeout=30)
    print(f"app idle after start: {idle:.0f} MB")
    for name, seconds, hwm in steps:
        print(f"  {name:28s} {seconds:6.2f} s   peak so far {hwm:5.0f} MB")
    print(f"peak RSS of the app: {peak:.0f} MB   target ≤ 300 MB")
    if args.json:
        emit_json([result("peak_rss", peak, "MB", target="≤ 300 MB", ok=peak <= 300)])


if __name__ == "__main__":
    main()
