"""Benchmark: sustained callback ingestion — Kuaidi100-format pushes POSTed to the app's
`/api/v1/tracking/push/kuaidi100` as fast as a separate client process can send them.

    .venv/bin/python bench/tracking_callbacks.py [--parcels 2000] [--pushes 5] [--concurrency 64]

The app side runs in this process on one event loop (uvicorn, uvloop, httptools), with the app's
own login middleware, callback route, batched ingestion and database, and the shipments the
callbacks are for; the load comes from a client in its own process. Every callback is signed and
carries a growing snapshot of a parcel's trace (as the embedded network pushes them), so each is
really merged and stored.

Prints, from one run:
* the raw rate: the same requests to a route on the same server that only reads the form and
  answers the vendor's body (no signature check, nothing stored) — the baseline;
* the callback rate (`tracking_callbacks`, target ≥ 500 callbacks/s) and its ratio to raw;
* the event-loop lag (p50/p99/max), sampled every 10 ms while callbacks are taken (target p99 ≤ 100 ms).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import socket
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _common import emit_json, result  # noqa: E402

CLIENT = r"""
# A minimal keep-alive HTTP/1.1 client (like wrk): prebuilt request bytes, responses read by
# Content-Length, so the client's own CPU does not decide the figure on a 2-core machine.
import asyncio, json, sys, time
from urllib.parse import urlencode, urlsplit

async def main(url, path, concurrency):
    forms = json.load(open(path))
    parts = urlsplit(url)
    requests = []
    for form in forms:
        body = urlencode(form).encode()
        head = (f"POST {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
                f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n\r\n")
        requests.append(head.encode() + body)
    todo = iter(requests)
    bad = 0

    async def worker():
        nonlocal bad
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        for request in todo:
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            body = await reader.readexactly(length)
            if not head.startswith(b"HTTP/1.1 200") or b'"result":true' not in body.replace(b" ", b""):
                bad += 1
        writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    print(json.dumps({"count": len(forms), "seconds": time.perf_counter() - started, "bad": bad}))

try:
    import uvloop
    uvloop.install()
except ImportError:
    pass
asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def build_forms(numbers: list[str], pushes: int, salt: str) -> list[dict]:
    """`pushes` rounds over every parcel, each round's snapshot one scan longer (oldest round first)."""
    from waybill_ui.clock import SHANGHAI

    start = datetime(2026, 5, 1, 8, tzinfo=timezone.utc)
    texts = [
        "【杭州市】快件已由杭州市揽收网点揽收",
        "快件已到达【杭州转运中心】",
        "快件已从【杭州转运中心】发出",
        "快件已到达【武汉转运中心】",
        "快件已从【武汉转运中心】发出",
        "快件已到达【深圳转运中心】，即将派送",
        "【深圳市南山区营业部】快递员正在为您派件",
        "您的快件已签收，签收人：本人",
    ]
    codes = [
        ("揽收", "103"),
        ("在途", "1002"),
        ("在途", "1002"),
        ("在途", "1002"),
        ("在途", "1002"),
        ("在途", "1001"),
        ("派件", "5"),
        ("签收", "301"),
    ]
    forms = []
    for round_no in range(1, pushes + 1):
        for i, number in enumerate(numbers):
            nodes = []
            for k in range(min(round_no + 1, len(texts))):
                at = (start + timedelta(hours=5 * k, seconds=i)).astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")
                nodes.append(
                    {
                        "time": at,
                        "ftime": at,
                        "context": texts[k],
                        "location": "",
                        "status": codes[k][0],
                        "statusCode": codes[k][1],
                    }
                )
            nodes.reverse()
            last = {
                "message": "ok",
                "nu": number,
                "ischeck": "0",
                "condition": "F00",
                "com": "yuantong",
                "status": "200",
                "state": "0",
                "data": nodes,
            }
            param = json.dumps(
                {
                    "status": "polling",
                    "billstatus": "",
                    "message": "",
                    "autoCheck": "0",
                    "comOld": "",
                    "comNew": "",
                    "lastResult": last,
                },
                ensure_ascii=False,
                separators=(",", ":"),
            )
            forms.append({"param": param, "sign": hashlib.md5((param + salt).encode()).hexdigest().upper()})
    return forms


def seed(db, count: int) -> list[str]:
    from sqlalchemy import insert

    from waybill_ui.db.models import Carrier, Order, Shipment, Waybill
    from waybill_ui.clock import utcnow
    from waybill_ui.sandbox import catalogue

    now = utcnow()
    numbers = [f"YT{7000000000000 + i}" for i in range(count)]
    with db.write() as session:
        for c in catalogue.catalogue():
            session.add(Carrier(code=c["code"], name=c["name"], prices=c["prices"], transit_days=c["transit_days"]))
        session.execute(
            insert(Order),
            [
                {
                    "order_no": f"C{i:08d}",
                    "receiver_name": "李娜",
                    "phone": f"139{i:08d}",
                    "province": "广东省",
                    "city": "深圳市",
                    "district": "南山区",
                    "status": "shipped",
                    "imported_at": now,
                }
                for i in range(count)
            ],
        )
        session.execute(
            insert(Waybill),
            [
                {"carrier_code": "YTO", "number": n, "status": "used", "origin": "imported", "created_at": now}
                for n in numbers
            ],
        )
        session.execute(
            insert(Shipment),
            [
                {
                    "order_id": i + 1,
                    "waybill_id": i + 1,
                    "carrier_code": "YTO",
                    "number": n,
                    "status": "pending",
                    "shipped_at": now,
                    "alert_flags": [],
                }
                for i, n in enumerate(numbers)
            ],
        )
    return numbers


def pct(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, int(q * len(values)))]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parcels", type=int, default=2000)
    parser.add_argument("--pushes", type=int, default=5, help="callbacks per parcel (growing snapshots)")
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    import uvicorn
    from fastapi import FastAPI, Request
    from sqlalchemy import func, select

    from waybill_ui import runtime
    from waybill_ui.api.routes import tracking_push
    from waybill_ui.carriers.http import ProviderHTTP
    from waybill_ui.carriers.kuaidi100 import subscribe as k100
    from waybill_ui.carriers.registry import Providers
    from waybill_ui.carriers.sandbox import SandboxProvider
    from waybill_ui.config import load_settings
    from waybill_ui.db import open_database
    from waybill_ui.db.models import PushChannel, TrackingEvent
    from waybill_ui.security import AuthMiddleware

    workdir = Path(tempfile.mkdtemp(prefix="bench-callbacks-"))
    settings = load_settings(data_dir=str(workdir / "data"), tracking_provider="sandbox")
    db = open_database(settings.db_url)
    numbers = seed(db, args.parcels)
    http = ProviderHTTP()
    box = SandboxProvider(http, base_url="http://127.0.0.1:9/sandbox", customer="c", key="k")
    rt = runtime.Runtime(settings=settings, db=db, http=http, providers=Providers(market=box, tracking=box))
    runtime.install(rt)

    app = FastAPI()
    app.add_middleware(AuthMiddleware)
    app.include_router(tracking_push.router)  # its routes carry /api/v1 (waybill_ui/api/router.py)

    @app.post("/raw")
    async def raw(request: Request):  # the baseline: read the form, answer, nothing else
        form = await request.form()
        _ = form.get("param"), form.get("sign")
        return k100.CALLBACK_OK

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", http="httptools"))
    serving = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.02)
    import gc

    gc.freeze()  # as the app does once started (app.start_runtime): no full collections of the imports
    forms = build_forms(numbers, args.pushes, settings.push_salt)
    path = workdir / "forms.json"
    path.write_text(json.dumps(forms, ensure_ascii=False))
    print(
        f"{args.parcels} parcels, {len(forms)} signed callbacks ({args.pushes} growing snapshots each), "
        f"client concurrency {args.concurrency} in its own process"
    )

    async def send(route: str) -> tuple[dict, list[float]]:
        lags: list[float] = []
        stop = asyncio.Event()

        async def monitor():
            while not stop.is_set():
                t = time.perf_counter()
                await asyncio.sleep(0.01)
                lags.append(max(0.0, time.perf_counter() - t - 0.01) * 1000)

        watcher = asyncio.create_task(monitor())
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            CLIENT,
            f"http://127.0.0.1:{port}{route}",
            str(path),
            str(args.concurrency),
            stdout=asyncio.subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        out, _ = await proc.communicate()
        stop.set()
        await watcher
        return json.loads(out.decode().strip().splitlines()[-1]), sorted(lags)

    try:
        raw_run, _ = await send("/raw")
        raw_rate = raw_run["count"] / raw_run["seconds"]
        push_run, lags = await send("/api/v1/tracking/push/kuaidi100")
        rate = push_run["count"] / push_run["seconds"]
        with db.read() as session:
            events = session.scalar(select(func.count()).select_from(TrackingEvent))
            channel = session.get(PushChannel, "sandbox")
        expected_events = args.parcels * min(args.pushes + 1, 8)
        print(f"raw (read form, answer)  : {raw_rate:8.0f} requests/s")
        print(
            f"callbacks taken          : {rate:8.0f} callbacks/s   ({rate / raw_rate:.2f}x raw; "
            f"{push_run['bad']} not acknowledged; target >= 500/s)"
        )
        print(
            f"stored                   : {events} events (expected {expected_events}), "
            f"{channel.accepted if channel else 0} callbacks counted"
        )
        print(
            f"event-loop lag (ms)      : p50 {pct(lags, 0.5):.1f}  p99 {pct(lags, 0.99):.1f}  max {lags[-1]:.1f}"
            f"   (target p99 <= 100)"
        )
        ok_rate = rate >= 500 and push_run["bad"] == 0 and events == expected_events
        if args.json:
            p99 = pct(lags, 0.99)
            emit_json(
                [
                    result(
                        "tracking_callbacks", rate, "1/s", baseline=raw_rate, target="≥ 500/s, all stored", ok=ok_rate
                    ),
                    result("tracking_callbacks_loop_lag_p99", p99, "ms", target="≤ 100 ms", ok=p99 <= 100),
                ]
            )
    finally:
        server.should_exit = True
        await serving
        runtime.install(None)
        await http.aclose()
        db.dispose()


if __name__ == "__main__":
    import uvloop

    uvloop.install()
    asyncio.run(main())
