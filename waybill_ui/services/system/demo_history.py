"""The demo shop's past: 45 days of a believable small shop, so every chart and report has
something true to show on first open.

Each day brings a weekday-shaped number of orders; they ship the same or the next day with the
usual carrier mix, on numbers bought in a few market purchases (one partly refunded). Each parcel
lives the life the embedded network gives that number (sandbox/timeline.py): most are delivered,
some late, refused and sent back, a few stuck in transit or lost. The tracking events are stored as
a refresh would store them; the alert rules and the pool watcher then run once, so the open alerts
are the ones this history really calls for. Everything is written in a few bulk statements.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import func, insert, select
from sqlmodel import col, Session
from typing import Any

from waybill_ui.services.orders import carrier_key
from waybill_ui.carriers import registry
from waybill_ui.carriers.protocol import TrackEvent
from waybill_ui.carriers.sandbox.parse import parse_catalogue
from waybill_ui.carriers.status import TrackingStatus as S
from waybill_ui.db import Database
from waybill_ui.db.models import (
    Alert,
    Carrier,
    LedgerEntry,
    LedgerKind,
    Order,
    OrderStatus,
    Purchase,
    SenderAddress,
    Shipment,
    TrackingEvent,
    Waybill,
)
from waybill_ui.db.rows import row_id, stored_ids
from waybill_ui.sandbox import timeline
from waybill_ui.sandbox.catalogue import catalogue
from waybill_ui.sandbox.numbers import number_at
from waybill_ui.services.alerts import center as alert_center
from waybill_ui.services.alerts import sweep as alert_sweep
from waybill_ui.services.market import catalogue as catalogue_service
from waybill_ui.services.pool import watch as pool_watch
from waybill_ui.services.tracking import config as tracking_config
from waybill_ui.services.tracking.merge import first_news

DAYS = 45
CARRIER_MIX = [("ZTO", 38), ("YTO", 22), ("YD", 14), ("JTSD", 10), ("SF", 10), ("EMS", 6)]
LOST_SHARE = 0.01  # the network loses about one parcel in a hundred: news stops mid-way
SENDER: dict[str, Any] = dict(
    label="杭州仓",
    name="李店长",
    phone="13967112345",
    province="浙江省",
    city="杭州市",
    district="余杭区",
    address="五常街道文一西路998号海创园5号楼",
)


def _ensure_catalogue(db: Database) -> None:
    with db.read() as session:
        if session.execute(select(col(Carrier.code)).limit(1)).first() is not None:
            return
    catalogue_service.store(db, offers=parse_catalogue(json.dumps({"carriers": catalogue()})), source="sandbox")


# `enter_network(number, carrier, to_text, shipped_at)`: tells the embedded network a parcel entered it
EnterNetwork = Callable[[str, str, str, datetime], None]


def ensure_sender(session: Session) -> int:
    """The demo shop's default sender (a believable Hangzhou warehouse), unless the shop has one."""
    sender = session.execute(select(col(SenderAddress.id)).limit(1)).scalar()
    if sender is None:
        row = SenderAddress(**SENDER, is_default=True)
        session.add(row)
        session.flush()
        sender = row_id(row)
    return sender


def _orders_per_day(rng: random.Random, day: datetime) -> int:
    base = 14 if day.weekday() < 5 else 9  # weekends are quieter
    return max(3, int(rng.gauss(base, 3)))


def _life(
    number: str, to_text: str, shipped_at: datetime, now: datetime, lost: bool, network_seed: int
) -> list[TrackEvent]:
    # the same life the embedded network tells for this number, so a later refresh agrees
    events = timeline.build(network_seed, number, to_text)
    if lost:
        events = events[:3]  # picked up, one hub: then nothing more
    seen = timeline.visible(events, (now - shipped_at).total_seconds() / 3600)
    market = registry.get(registry.MARKET)
    if market is None or market.status_of is None:  # the embedded network is built in, with its mapping
        raise LookupError("the embedded network declares no status mapping")
    status_of = market.status_of  # the embedded network's own status mapping
    out = []
    for e in seen:
        status = status_of(e.substate) or status_of(e.state) or S.in_transit
        when = (shipped_at + timedelta(hours=e.hours)).replace(microsecond=0)
        out.append(
            TrackEvent(
                time=when,
                text=e.context,
                status=status,
                location=e.location,
                raw_state=e.state,
                raw_substate=e.substate,
            )
        )
    return out


def seed_history(
    db: Database,
    *,
    rng: random.Random,
    now: datetime,
    order_rows: Callable[[int, datetime], list[dict[str, Any]]],
    actor: str,
    days: int = DAYS,
    network_seed: int = 0,
    enter_network: EnterNetwork | None = None,
) -> dict[str, Any]:
    """Add `days` days of shipped history (orders made by `order_rows(count, when)`)."""
    _ensure_catalogue(db)
    carriers = [c for c, _ in CARRIER_MIX]
    weights = [w for _, w in CARRIER_MIX]
    start = (now - timedelta(days=days)).replace(hour=0, minute=0, second=0, microsecond=0)
    plan: list[tuple[dict[str, Any], str, datetime]] = []  # (order row, carrier, shipped at)
    for d in range(days):
        day = start + timedelta(days=d)
        rows = order_rows(_orders_per_day(rng, day), day)
        for row in rows:
            shipped = row["paid_at"] + timedelta(hours=rng.uniform(2, 26))
            if shipped >= now - timedelta(hours=2):
                continue  # still waiting: the pending orders are made by the caller
            row["status"] = OrderStatus.shipped
            plan.append((row, rng.choices(carriers, weights)[0], shipped))
    used = Counter(carrier for _, carrier, _ in plan)
    with db.write() as session:
        sender = ensure_sender(session)
        prices = {c.code: c for c in session.scalars(select(Carrier))}
        purchases, numbers = _purchases(session, rng, used, start, actor)
        session.execute(insert(Order), [row for row, _, _ in plan])
        ids = dict(
            session.execute(
                select(col(Order.order_no), col(Order.id)).where(
                    col(Order.order_no).in_([row["order_no"] for row, _, _ in plan])
                )
            ).all()
        )
        waybills: list[dict[str, Any]] = []
        next_free: Counter[str] = Counter()
        for _row, carrier, _shipped in plan:
            number = numbers[carrier][next_free[carrier]]
            next_free[carrier] += 1
            waybills.append(
                {
                    "carrier_code": carrier,
                    "number": number,
                    "status": "used",
                    "origin": "purchase",
                    "purchase_id": purchases[carrier][0],
                    "cost_fen": purchases[carrier][1],
                    "expires_at": start + timedelta(days=180),
                    "created_at": start,
                }
            )
        for carrier, pool in numbers.items():  # what is left is stock, some of it expiring soon
            for i, number in enumerate(pool[next_free[carrier] :]):
                soon = i % 9 == 0
                waybills.append(
                    {
                        "carrier_code": carrier,
                        "number": number,
                        "status": "available",
                        "origin": "purchase",
                        "purchase_id": purchases[carrier][0],
                        "cost_fen": purchases[carrier][1],
                        "expires_at": now + timedelta(days=5 if soon else 150),
                        "created_at": start,
                    }
                )
        session.execute(insert(Waybill), waybills)
        waybill_ids = dict(
            session.execute(
                select(col(Waybill.number), col(Waybill.id)).where(
                    col(Waybill.number).in_([w["number"] for w in waybills[: len(plan)]])
                )
            ).all()
        )
        shipments, lives = [], []
        for (row, carrier, shipped), w in zip(plan, waybills, strict=False):
            to_text = f"{row['province']}{row['city']}{row['district']}"
            lost = rng.random() < LOST_SHARE
            events = _life(w["number"], to_text, shipped, now, lost, network_seed)
            if enter_network is not None and not lost:
                enter_network(w["number"], carrier, to_text, shipped)
            status = str(events[-1].status) if events else S.pending.value
            picked = next((e.time for e in events if e.status != S.pending), None)
            delivered = next((e.time for e in events if e.status == S.delivered), None)
            shipments.append(
                {
                    "order_id": ids[row["order_no"]],
                    "waybill_id": waybill_ids[w["number"]],
                    "carrier_code": carrier,
                    "number": w["number"],
                    "status": status,
                    "raw_state": events[-1].raw_state if events else "",
                    "phone_tail": row["phone"][-4:],
                    "sender_address_id": sender,
                    "printed_count": 1,
                    "last_printed_at": shipped,
                    "shipped_at": shipped,
                    "picked_up_at": picked,
                    "delivered_at": delivered,
                    "last_event_at": events[-1].time if events else None,
                    "last_checked_at": now,
                    # lost parcels are never asked about again: their silence is what raises alerts
                    "next_check_at": None if lost or status in ("delivered", "returned") else now + timedelta(hours=2),
                    "alert_flags": [],
                    "created_by": actor,
                }
            )
            lives.append(events)
        session.execute(insert(Shipment), shipments)
        carrier_key.refresh(session, [s["order_id"] for s in shipments])  # the list's carrier filter
        shipment_ids = dict(
            session.execute(
                select(col(Shipment.number), col(Shipment.id)).where(
                    col(Shipment.number).in_([s["number"] for s in shipments])
                )
            ).all()
        )
        rows = []
        for s, events in zip(shipments, lives, strict=False):
            for when, key, text, status, location, rs, rss, _ in first_news(events):
                rows.append(
                    {
                        "shipment_id": shipment_ids[s["number"]],
                        "event_time": when,
                        "location": location,
                        "text": text,
                        "status": status,
                        "raw_state": rs,
                        "raw_substate": rss,
                        "provider": "sandbox",
                        "dedupe_key": key,
                        "created_at": when,
                    }
                )
        for part in range(0, len(rows), 5000):
            session.execute(insert(TrackingEvent), rows[part : part + 5000])
        del prices
    cfg = tracking_config.build({}, provider="sandbox")
    alert_sweep.sweep(db, cfg=cfg, now=now)
    _handled_long_ago(db, now=now, actor=actor)
    pool_watch.expire_due(db, now=now, actor=actor)
    with db.write() as session:
        pool_watch.check_stock_in(session, now=now, actor=actor)
    return {"shipped": len(plan), "events": len(rows)}


def _handled_long_ago(db: Database, *, now: datetime, actor: str) -> None:
    """A real seller dealt with last month's returns: alerts of parcels quiet for a week are resolved."""
    with db.read() as session:
        old = stored_ids(
            session.scalars(
                select(col(Alert.id))
                .join(Shipment, col(Shipment.id) == col(Alert.shipment_id))
                .where(col(Alert.status) != "resolved", col(Shipment.last_event_at) < now - timedelta(days=7))
            )
        )
    if old:
        alert_center.bulk(db, action="resolve", actor=actor, note="已联系买家处理", ids=old)


def _purchases(
    session: Session, rng: random.Random, used: Counter[str], start: datetime, actor: str
) -> tuple[dict[str, tuple[int, int]], dict[str, list[str]]]:
    """One market purchase per carrier, sized to the history plus stock; the ZTO one had part of
    an over-order refunded. Returns {carrier: (purchase id, unit cost)} and the numbers bought."""
    ids: dict[str, tuple[int, int]] = {}
    numbers: dict[str, list[str]] = {}
    first_seq = session.execute(select(func.count()).select_from(Waybill)).scalar_one() + 500_000
    session.add(
        LedgerEntry(
            kind=LedgerKind.topup,
            amount_fen=300_000,
            reference="演示充值",
            is_demo=True,
            created_at=start - timedelta(days=3),
            created_by=actor,
        )
    )
    for n, (carrier, _) in enumerate(CARRIER_MIX):
        stock = {"ZTO": 420, "YTO": 260, "YD": 140, "JTSD": 90, "SF": 12, "EMS": 40}[carrier]
        count = used[carrier] + stock
        unit = {"SF": 120, "EMS": 90}.get(carrier, 35 + rng.randrange(0, 10))
        bought = start - timedelta(days=2) + timedelta(hours=n)
        purchase = Purchase(
            idempotency_key=f"demo-{carrier}-{int(start.timestamp())}",
            package_id=f"{carrier}-demo",
            carrier_code=carrier,
            quantity=1,
            numbers_count=count,
            numbers_received=count,
            unit_price_fen=unit,
            amount_fen=unit * count,
            validity_days=180,
            status="synced",
            created_at=bought,
            paid_at=bought,
            synced_at=bought + timedelta(minutes=1),
            created_by=actor,
        )
        session.add(purchase)
        session.flush()
        session.add(
            LedgerEntry(
                kind=LedgerKind.purchase,
                amount_fen=-unit * count,
                purchase_id=purchase.id,
                reference=f"采购 {count} 个单号",
                is_demo=True,
                created_at=bought,
                created_by=actor,
            )
        )
        if carrier == "ZTO":  # bought too many once: 100 refunded at the price paid
            session.add(
                LedgerEntry(
                    kind=LedgerKind.refund,
                    amount_fen=unit * 100,
                    purchase_id=purchase.id,
                    reference="退回多买的 100 个单号",
                    is_demo=True,
                    created_at=bought + timedelta(days=3),
                    created_by=actor,
                )
            )
            refunded = [number_at(7, carrier, first_seq + count + i) for i in range(100)]
            session.execute(
                insert(Waybill),
                [
                    {
                        "carrier_code": carrier,
                        "number": num,
                        "status": "refunded",
                        "origin": "purchase",
                        "purchase_id": purchase.id,
                        "cost_fen": unit,
                        "created_at": bought,
                    }
                    for num in refunded
                ],
            )
        ids[carrier] = (row_id(purchase), unit)
        numbers[carrier] = [number_at(7, carrier, first_seq + i) for i in range(count)]
    return ids, numbers
