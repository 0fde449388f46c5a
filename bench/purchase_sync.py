"""Benchmark: buy numbers and get them into the pool, against the embedded network.

    .venv/bin/python bench/purchase_sync.py [--numbers 50000]

Prints, for a 500-number purchase and a big one: checkout time, sync time (provider call +
storing the numbers with their audit rows), and the ratio of the storing step to a raw sqlite3
`executemany` of the same waybill rows measured in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import tempfile
import time
from pathlib import Path

import httpx
from fastapi import FastAPI

from waybill_ui.carriers.http import ProviderHTTP
from waybill_ui.carriers.sandbox import SandboxProvider, parse
from waybill_ui.db import open_database
from waybill_ui.clock import utcnow
from waybill_ui.sandbox import catalogue as sandbox_catalogue
from waybill_ui.sandbox.server import PREFIX, Sandbox, SandboxConfig, build_router
from waybill_ui.services.market import catalogue
from waybill_ui.services.market import ledger
from waybill_ui.services.market import number_sync
from waybill_ui.services.market import purchases
from waybill_ui.services.accounts import users

KEY = "k" * 32


def raw_insert(db_path: Path, numbers: list[str]) -> float:
    """The same rows straight through sqlite3, in one transaction (the baseline)."""
    conn = sqlite3.connect(db_path)
    now = utcnow().strftime("%Y-%m-%d %H:%M:%S.%f")
    rows = [("ZTO", f"RAW{n}", "available", "purchase", None, 11, now, now) for n in numbers]
    started = time.perf_counter()
    with conn:
        conn.executemany(
            "INSERT INTO waybill (carrier_code, number, status, origin, purchase_id, cost_fen, "
            "expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    elapsed = time.perf_counter() - started
    with conn:
        conn.execute("DELETE FROM waybill WHERE number LIKE 'RAW%'")
    conn.close()
    return elapsed


async def main(big: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        db = open_database(f"sqlite:///{tmp / 'waybill.db'}")
        box = Sandbox(SandboxConfig(seed=0, speed=1, customer="C", key=KEY), tmp / "network.db")
        app = FastAPI()
        app.include_router(build_router(lambda: box))
        http = ProviderHTTP(retries=0, timeout_s=120, transport=httpx.ASGITransport(app))
        provider = SandboxProvider(http, base_url=f"http://net.test{PREFIX}", customer="C", key=KEY)
        catalogue.store(
            db, offers=parse.parse_catalogue(json.dumps({"carriers": sandbox_catalogue.catalogue()})), source="sandbox"
        )
        boss = users.create_user(db, username="boss", password="bench-pass-123", role="owner")
        ledger.top_up(db, amount_fen=10_000_000, reference="bench", actor=boss)

        print(f"{'purchase':>22} {'checkout ms':>12} {'sync ms':>9} {'store ms':>9} {'raw ms':>8} {'store/raw':>9}")
        for package, quantity in (("ZTO-500", 1), ("ZTO-5000", big // 5000)):
            started = time.perf_counter()
            p = purchases.checkout(
                db, package_id=package, quantity=quantity, idempotency_key=f"bench-{package}", actor=boss
            ).purchase
            checkout_s = time.perf_counter() - started
            # the provider call alone, then the whole sync (call + store): store = the difference
            started = time.perf_counter()
            issued = await provider.issue_numbers(
                order_ref=purchases.order_ref(p), carrier="ZTO", quantity=p.numbers_count, validity_days=p.validity_days
            )
            call_s = time.perf_counter() - started
            started = time.perf_counter()
            info = await number_sync.sync_purchase(db, provider=provider, purchase_id=p.id)
            sync_s = time.perf_counter() - started
            assert info.purchase.status == "synced" and info.purchase.numbers_received == p.numbers_count
            store_s = max(sync_s - call_s, 1e-9)
            raw_s = raw_insert(tmp / "waybill.db", issued.numbers)
            label = f"{package} x{quantity} ({p.numbers_count:,})"
            print(
                f"{label:>22} {checkout_s * 1000:>12.1f} {sync_s * 1000:>9.1f} {store_s * 1000:>9.1f} "
                f"{raw_s * 1000:>8.1f} {store_s / raw_s:>9.1f}x"
            )
        await http.aclose()
        box.close()
        db.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--numbers", type=int, default=50_000, help="size of the big purchase (multiple of 5000)")
    asyncio.run(main(max(5000, parser.parse_args().numbers)))
