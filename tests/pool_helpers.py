"""Building pool, shipment and order history directly in the database for pool tests (the
shipping service is another area's; its rows are what we read)."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from sqlalchemy import insert
from sqlmodel import select

from waybill_ui.carriers.protocol import CarrierProvider, NumberResult, ProviderError
from waybill_ui.db.models import Carrier, CarrierPackage, Order, Purchase, Shipment, Waybill
from waybill_ui.clock import utcnow

_seq = itertools.count(1)


def seed_carrier(db, code="ZTO", packages=None):
    """packages: [(quantity, price_fen, validity_days)]"""
    from tests.fixtures.shop import ensure_sender

    ensure_sender(db)
    with db.write() as session:
        if session.get(Carrier, code) is None:
            session.add(Carrier(code=code, name=code))
            session.flush()
        for quantity, price, validity in packages or []:
            session.merge(CarrierPackage(id=f"{code}-{quantity}", carrier_code=code, quantity=quantity,
                                         price_fen=price, validity_days=validity))


def add_purchase(db, carrier="ZTO", count=100, unit_fen=10) -> int:
    seed_carrier(db, carrier)
    with db.write() as session:
        p = Purchase(idempotency_key=f"k{next(_seq)}", package_id=f"{carrier}-{count}", carrier_code=carrier,
                     quantity=1, numbers_count=count, numbers_received=count, unit_price_fen=unit_fen,
                     amount_fen=unit_fen * count, validity_days=90, status="synced")
        session.add(p)
        session.flush()
        return p.id


def add_numbers(db, numbers, *, carrier="ZTO", status="available", origin="imported", expires_in_days=None,
                cost_fen=0, purchase_id=None, now=None):
    seed_carrier(db, carrier)
    now = now or utcnow()
    with db.write() as session:
        session.execute(insert(Waybill), [
            {"carrier_code": carrier, "number": n, "status": status, "origin": origin, "cost_fen": cost_fen,
             "purchase_id": purchase_id, "created_at": now,
             "expires_at": None if expires_in_days is None else now + timedelta(days=expires_in_days)}
            for n in numbers])


def zto(i: int) -> str:
    return f"75{i:012d}"


def add_order(db, order_no=None, *, status="pending", external_carrier="", external_number="") -> int:
    with db.write() as session:
        o = Order(order_no=order_no or f"O{next(_seq):08d}", status=status, external_carrier=external_carrier,
                  external_number=external_number, updated_at=utcnow())
        session.add(o)
        session.flush()
        return o.id


def ship(db, *, carrier="ZTO", number=None, shipped_at: datetime | None = None, order_no=None,
         cancelled=False) -> int:
    """A shipment row using `number` (created as a used pool number when new)."""
    seed_carrier(db, carrier)
    number = number or f"M{next(_seq):013d}"
    order_id = add_order(db, order_no, status="shipped")
    with db.write() as session:
        w = session.exec(select(Waybill).where(Waybill.carrier_code == carrier, Waybill.number == number)).first()
        if w is None:
            w = Waybill(carrier_code=carrier, number=number, status="voided" if cancelled else "used", origin="manual")
            session.add(w)
            session.flush()
        s = Shipment(order_id=order_id, waybill_id=w.id, carrier_code=carrier, number=number,
                     shipped_at=shipped_at or utcnow(), cancelled_at=utcnow() if cancelled else None)
        session.add(s)
        session.flush()
        return s.id


def history(db, *, carrier="ZTO", days=28, per_day=10, now=None, start_days_ago=None):
    """`per_day` shipments a day over the last `days` days (bulk, for planner/stock tests)."""
    seed_carrier(db, carrier)
    now = now or utcnow()
    start = start_days_ago or days
    with db.write() as session:
        base = next(_seq) * 1_000_000
        orders, waybills, shipments = [], [], []
        k = 0
        for day in range(start):
            if day >= days:
                break
            for _ in range(per_day):
                k += 1
                orders.append({"order_no": f"H{base + k}", "status": "shipped", "imported_at": now})
                waybills.append({"carrier_code": carrier, "number": f"H{carrier}{base + k}", "status": "used",
                                 "origin": "manual", "created_at": now})
        if not orders:
            return
        session.execute(insert(Order), orders)
        session.execute(insert(Waybill), waybills)
        ids_o = dict(session.execute(Order.__table__.select().with_only_columns(Order.order_no, Order.id)
                                     .where(Order.order_no.in_([o["order_no"] for o in orders]))).all())
        ids_w = dict(session.execute(Waybill.__table__.select().with_only_columns(Waybill.number, Waybill.id)
                                     .where(Waybill.number.in_([w["number"] for w in waybills]))).all())
        k = 0
        for day in range(min(days, start)):
            for _ in range(per_day):
                k += 1
                shipments.append({"order_id": ids_o[f"H{base + k}"], "waybill_id": ids_w[f"H{carrier}{base + k}"],
                                  "carrier_code": carrier, "number": f"H{carrier}{base + k}", "status": "delivered",
                                  "shipped_at": now - timedelta(days=day, hours=1), "printed_count": 0,
                                  "check_failures": 0, "alert_flags": []})
        session.execute(insert(Shipment), shipments)


class FakeMarket(CarrierProvider):
    """A provider double: refunds/extends what it is asked unless told otherwise."""

    name = "fake"

    def __init__(self):
        self.refuse: dict[str, str] = {}
        self.fail_with: ProviderError | None = None
        self.cancel_ok = True
        self.calls: list[tuple] = []
        self.fee_per_number = 1

    async def refund_numbers(self, *, carrier, numbers):
        self.calls.append(("refund", carrier, list(numbers)))
        if self.fail_with:
            raise self.fail_with
        return NumberResult(done=[n for n in numbers if n not in self.refuse],
                            rejected={n: self.refuse[n] for n in numbers if n in self.refuse})

    async def extend_numbers(self, *, carrier, numbers, days):
        self.calls.append(("extend", carrier, list(numbers), days))
        if self.fail_with:
            raise self.fail_with
        done = [n for n in numbers if n not in self.refuse]
        return NumberResult(done=done, rejected={n: self.refuse[n] for n in numbers if n in self.refuse},
                            fee_fen=len(done) * self.fee_per_number)

    async def cancel_number(self, *, carrier, number):
        self.calls.append(("cancel", carrier, number))
        if self.fail_with:
            raise self.fail_with
        return self.cancel_ok
