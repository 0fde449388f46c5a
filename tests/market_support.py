"""Helpers for the market, ledger and purchase tests: the sandbox's catalogue in the database,
accounts, money, and an embedded carrier network reached over HTTP (in-process ASGI)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import httpx
from fastapi import FastAPI

from sqlalchemy import insert

from waybill_ui.carriers.http import ProviderHTTP
from waybill_ui.carriers.sandbox import SandboxProvider, parse
from waybill_ui.db import Database
from waybill_ui.db.models import Order, Shipment, TrackingEvent, Waybill
from waybill_ui.sandbox import catalogue as sandbox_catalogue
from waybill_ui.sandbox.faults import FaultPlan
from waybill_ui.sandbox.server import PREFIX, Sandbox, SandboxConfig, build_router
from waybill_ui.services.market import catalogue
from waybill_ui.services.market import ledger
from waybill_ui.services.accounts import users
from waybill_ui.services.accounts.users import Principal

KEY, CUSTOMER = "k" * 32, "SANDBOXTEST"
# 12:00 in Shanghai, so whole-day offsets stay on the same local clock time
NOW = datetime(2026, 6, 30, 4, 0, tzinfo=timezone.utc)


def load_catalogue(db: Database) -> None:
    offers = parse.parse_catalogue(json.dumps({"carriers": sandbox_catalogue.catalogue()}))
    catalogue.store(db, offers=offers, source="sandbox")


def owner(db: Database, name: str = "boss") -> Principal:
    return users.create_user(db, username=name, password="owner-pass-123", role="owner")


def staff(db: Database, name: str = "packer") -> Principal:
    return users.create_user(db, username=name, password="staff-pass-123", role="staff")


def fund(db: Database, amount_fen: int, who: Principal) -> None:
    ledger.top_up(db, amount_fen=amount_fen, reference="bank transfer", actor=who)


class Network:
    """An embedded carrier network with its own store file, and a provider talking to it.
    `live=True` serves it on a real socket (needed when a real client timeout matters)."""

    def __init__(self, tmp_path, *, faults: str = "", live: bool = False, timeout_s: float = 2.0, seed: int = 0):
        self.sandbox = Sandbox(
            SandboxConfig(seed=seed, speed=1.0, customer=CUSTOMER, key=KEY, faults=faults), tmp_path / "network.db"
        )
        app = FastAPI()
        app.include_router(build_router(lambda: self.sandbox))
        self.server = None
        if live:
            from tests.sandbox.conftest import LiveServer

            self.server = LiveServer(app)
            base, transport = self.server.url, None
        else:
            base, transport = "http://net.test", httpx.ASGITransport(app)
        self.http = ProviderHTTP(retries=0, timeout_s=timeout_s, backoff_s=0.001, transport=transport)
        self.provider = SandboxProvider(self.http, base_url=f"{base}{PREFIX}", customer=CUSTOMER, key=KEY)

    def faults(self, spec: str) -> None:
        self.sandbox.faults.set_plan(FaultPlan.parse(spec))

    async def close(self) -> None:
        await self.http.aclose()
        if self.server is not None:
            self.server.stop()
        self.sandbox.close()


def add_parcels(
    db, carrier, province, count, *, days, pickup_hours=6, trouble=False, delivered=True, start=0, now=None
):
    """`count` shipped parcels to `province`, each picked up after `pickup_hours` and delivered
    `days` calendar days after pickup."""
    shipped = (now or NOW) - timedelta(days=20)
    with db.write() as session:
        for i in range(start, start + count):
            order = Order(order_no=f"{carrier}-{province}-{i}", province=province)
            waybill = Waybill(
                carrier_code=carrier, number=f"{carrier}{province}{i:06d}", status="used", origin="imported"
            )
            session.add(order)
            session.add(waybill)
            session.flush()
            picked = shipped + timedelta(hours=pickup_hours)
            shipment = Shipment(
                order_id=order.id,
                waybill_id=waybill.id,
                carrier_code=carrier,
                number=waybill.number,
                status="delivered" if delivered else "in_transit",
                shipped_at=shipped,
                picked_up_at=picked,
                delivered_at=picked + timedelta(days=days) if delivered else None,
            )
            session.add(shipment)
            session.flush()
            if trouble:
                session.execute(
                    insert(TrackingEvent),
                    [
                        {
                            "shipment_id": shipment.id,
                            "status": "exception",
                            "dedupe_key": "x",
                            "event_time": picked,
                            "created_at": picked,
                        }
                    ],
                )
