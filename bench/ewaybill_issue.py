"""Issue 1,000 e-waybills in one batch through the embedded network (Kdniao 1007 face, served
by its own process with a simulated network latency), vs a raw httpx client making the same
signed calls with the same concurrency, measured in the same run.

    .venv/bin/python bench/ewaybill_issue.py [--orders 1000] [--latency-ms 30]

Target: throughput ≥ 0.8× the raw client's (ours also writes the issue row, the number, the
shipment, the order and the audit rows for every order).
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import subprocess
import sys
import tempfile
import time
from urllib.parse import urlencode

from _common import ROOT, emit_json, fresh_db
from _common import result as figure

CUSTOMER, KEY = "BENCHCUSTOMER", "b" * 32
SERVER = """
import sys, uvicorn
from fastapi import FastAPI
from pathlib import Path
from waybill_ui.sandbox.server import Sandbox, SandboxConfig, build_router
box = Sandbox(SandboxConfig(seed=0, speed=1.0, customer=sys.argv[2], key=sys.argv[3], faults=sys.argv[4]), Path(sys.argv[5]))
app = FastAPI(); app.include_router(build_router(lambda: box))
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_network(latency_ms: int) -> tuple[subprocess.Popen, str]:
    port, folder = free_port(), tempfile.mkdtemp(prefix="waybill-bench-net-")
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(port), CUSTOMER, KEY, f"latency_ms={latency_ms}", f"{folder}/net.db"],
        cwd=ROOT,
    )
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    return proc, f"http://127.0.0.1:{port}/sandbox"


async def raw_client(url: str, orders: int, concurrency: int) -> float:
    """The same 1007 calls, signed the same way, with nothing stored."""
    import httpx

    from waybill_ui.carriers.kdniao.eorder import issue_request, parse_issue_response
    from waybill_ui.carriers.protocol import EwaybillAccount, EwaybillOrder, Party

    sender = Party("王店主", "13800138000", "浙江省", "杭州市", "西湖区", "文三路90号")
    receiver = Party("李四", "13900139000", "山东省", "济南市", "历下区", "泉城路1号")
    account = EwaybillAccount(carrier="ZTO", customer_name="raw-account")
    slots = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=50)) as client:

        async def one(i: int) -> str:
            form = issue_request(
                EwaybillOrder(order_code=f"RAW-{i}", carrier="ZTO", sender=sender, receiver=receiver),
                account,
                business_id=CUSTOMER,
                api_key=KEY,
            )
            async with slots:
                r = await client.post(
                    f"{url}/kdniao/api/EOrderService",
                    content=urlencode(form).encode(),
                    headers={"Content-Type": "application/x-www-form-urlencoded;charset=utf-8"},
                )
            return parse_issue_response(r.content).number

        start = time.perf_counter()
        numbers = await asyncio.gather(*(one(i) for i in range(orders)))
        elapsed = time.perf_counter() - start
    assert len(set(numbers)) == orders
    return elapsed


async def ours(url: str, orders: int, concurrency: int) -> float:
    from tests.ewaybill.support import OWNER, add_order, add_sender
    from waybill_ui.carriers.ewaybill import KdniaoEorder
    from waybill_ui.carriers.http import ProviderHTTP
    from waybill_ui.services.ewaybill import accounts as ewaybill_accounts
    from waybill_ui.services.ewaybill import batch as ewaybill_batch
    from tests.fixtures.shop import seed_catalogue

    db, _ = fresh_db()
    seed_catalogue(db)
    add_sender(db)
    ewaybill_accounts.add_account(
        db, provider="sandbox", carrier="ZTO", values={"customer_name": "app-account"}, actor=OWNER
    )
    order_nos = [add_order(db) for _ in range(orders)]
    http = ProviderHTTP(max_connections=50, retries=0)
    provider = KdniaoEorder(http, business_id=CUSTOMER, api_key=KEY, url=f"{url}/kdniao/api/EOrderService")
    start = time.perf_counter()
    result = await ewaybill_batch.issue_batch(
        db,
        order_nos=order_nos,
        carrier="ZTO",
        actor="bench",
        provider_for=lambda account: provider,
        concurrency=concurrency,
        qps=0,
    )
    elapsed = time.perf_counter() - start
    await http.aclose()
    assert len(result.shipped) == orders, result.failed[:3]
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--latency-ms", type=int, default=30)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    proc, url = start_network(args.latency_ms)
    try:
        raw_s = asyncio.run(raw_client(url, args.orders, args.concurrency))
        ours_s = asyncio.run(ours(url, args.orders, args.concurrency))
    finally:
        proc.terminate()
        proc.wait(10)
    ours_rate, raw_rate = args.orders / ours_s, args.orders / raw_s
    print(
        f"raw httpx: {args.orders} numbers in {raw_s:.2f} s ({raw_rate:.0f}/s); "
        f"waybill_ui batch: {ours_s:.2f} s ({ours_rate:.0f}/s); network latency {args.latency_ms} ms, "
        f"{args.concurrency} in flight"
    )
    ratio = ours_rate / raw_rate
    emit_json(
        [
            figure(
                "ewaybill_issue_1000",
                ours_rate,
                "n/s",
                baseline=raw_rate,
                ratio=ratio,
                target="≥ 0.8× raw httpx",
                ok=ratio >= 0.8,
            )
        ]
    )


if __name__ == "__main__":
    main()
