"""Test data with sensible defaults and keyword overrides, written straight to the database
(the services that normally make these rows are tested elsewhere; here they are only set-up):

- `order(db, **fields)` / `orders(db, count, **fields)`: orders waiting to ship (or any status);
- `shipment(db, **fields)` / `shipments(db, count)`: a shipped order with its number, for tracking;
- `numbers(db, [...], **)` / `stock(db, carrier, count)`: pool numbers; `purchase(db, **)`: a synced purchase;
- `user(db, username=..., role=...)`: an account; `carrier(db, code, packages)`: a carrier with packages;
- `history(db, ...)`: weeks of past shipments, in bulk (planner and stock tests).

tests/tracking_factories.py and tests/pool_helpers.py keep their old names for these (and their
provider doubles)."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from sqlalchemy import insert
from sqlmodel import select

from waybill_ui.services.orders import carrier_key
from waybill_ui.clock import utcnow
from waybill_ui.db.models import Carrier, CarrierPackage, Order, Purchase, Shipment, Waybill
from waybill_ui.sandbox import catalogue

_seq = itertools.count(1)


def seed_carriers(db) -> None:
    from tests.fixtures.shop import ensure_sender

    ensure_sender(db)
    with db.write() as session:
        for c in catalogue.catalogue():
            if session.get(Carrier, c["code"]) is None:
                session.add(
                    Carrier(
                        code=c["code"],
                        name=c["name"],
                        prices=c["prices"],
                        transit_days=c["transit_days"],
                        provinces_excluded=c["provinces_excluded"],
                    )
                )


def seed_carrier(db, code="ZTO", packages=None):
    """packages: [(quantity, price_fen, validity_days)]"""
    from tests.fixtures.shop import ensure_sender

    ensure_sender(db)
    with db.write() as session:
        if session.get(Carrier, code) is None:
            session.add(Carrier(code=code, name=code))
            session.flush()
        for quantity, price, validity in packages or []:
            session.merge(
                CarrierPackage(
                    id=f"{code}-{quantity}",
                    carrier_code=code,
                    quantity=quantity,
                    price_fen=price,
                    validity_days=validity,
                )
            )


def make_shipment(
    db,
    *,
    carrier: str = "YTO",
    number: str | None = None,
    shipped_at: datetime | None = None,
    status: str = "pending",
    phone: str = "13812345678",
    province: str = "广东省",
    city: str = "深圳市",
    district: str = "南山区",
    **fields,
) -> int:
    seed_carriers(db)
    n = next(_seq)
    number = number or f"YT{9000000000000 + n}"
    shipped_at = shipped_at or utcnow()
    with db.write() as session:
        order = Order(
            order_no=f"T{n:010d}",
            buyer_nick=f"buyer{n}",
            receiver_name="王芳",
            phone=phone,
            province=province,
            city=city,
            district=district,
            address="科技园科苑路15号",
            items="不锈钢保温杯 500ml",
            status="shipped",
        )
        session.add(order)
        session.flush()
        waybill = Waybill(carrier_code=carrier, number=number, status="used", origin="imported")
        session.add(waybill)
        session.flush()
        shipment = Shipment(
            order_id=order.id,
            waybill_id=waybill.id,
            carrier_code=carrier,
            number=number,
            status=status,
            shipped_at=shipped_at,
            phone_tail=phone[-4:] if phone else "",
            **fields,
        )
        session.add(shipment)
        session.flush()
        return shipment.id


def make_many(db, count: int, *, carrier: str = "YTO", shipped_at: datetime | None = None, start: int = 0) -> list[int]:
    """Many shipments at once (bulk insert), numbers from the embedded network's format."""
    from waybill_ui.sandbox import numbers

    seed_carriers(db)
    now = shipped_at or utcnow()
    base = next(_seq) * 1_000_000
    with db.write() as session:
        session.execute(
            insert(Order),
            [
                {
                    "order_no": f"B{base + i}",
                    "receiver_name": "李娜",
                    "phone": f"139{i:08d}",
                    "province": "浙江省",
                    "city": "杭州市",
                    "district": "西湖区",
                    "status": "shipped",
                    "imported_at": now,
                }
                for i in range(count)
            ],
        )
        first_order = session.execute(Order.__table__.select().where(Order.order_no == f"B{base}")).first().id
        nums = [numbers.number_at(0, carrier, start + i) for i in range(count)]
        session.execute(
            insert(Waybill),
            [
                {"carrier_code": carrier, "number": nums[i], "status": "used", "origin": "imported", "created_at": now}
                for i in range(count)
            ],
        )
        first_waybill = session.execute(Waybill.__table__.select().where(Waybill.number == nums[0])).first().id
        session.execute(
            insert(Shipment),
            [
                {
                    "order_id": first_order + i,
                    "waybill_id": first_waybill + i,
                    "carrier_code": carrier,
                    "number": nums[i],
                    "status": "pending",
                    "shipped_at": now,
                    "phone_tail": f"{i:04d}"[-4:],
                    "alert_flags": [],
                }
                for i in range(count)
            ],
        )
    with db.read() as session:
        return [r.id for r in session.execute(Shipment.__table__.select().where(Shipment.number.in_(nums)))]


def add_purchase(db, carrier="ZTO", count=100, unit_fen=10) -> int:
    seed_carrier(db, carrier)
    with db.write() as session:
        p = Purchase(
            idempotency_key=f"k{next(_seq)}",
            package_id=f"{carrier}-{count}",
            carrier_code=carrier,
            quantity=1,
            numbers_count=count,
            numbers_received=count,
            unit_price_fen=unit_fen,
            amount_fen=unit_fen * count,
            validity_days=90,
            status="synced",
        )
        session.add(p)
        session.flush()
        return p.id


def add_numbers(
    db,
    numbers,
    *,
    carrier="ZTO",
    status="available",
    origin="imported",
    expires_in_days=None,
    cost_fen=0,
    purchase_id=None,
    now=None,
):
    seed_carrier(db, carrier)
    now = now or utcnow()
    with db.write() as session:
        session.execute(
            insert(Waybill),
            [
                {
                    "carrier_code": carrier,
                    "number": n,
                    "status": status,
                    "origin": origin,
                    "cost_fen": cost_fen,
                    "purchase_id": purchase_id,
                    "created_at": now,
                    "expires_at": None if expires_in_days is None else now + timedelta(days=expires_in_days),
                }
                for n in numbers
            ],
        )


def zto(i: int) -> str:
    return f"75{i:012d}"


def add_order(db, order_no=None, *, status="pending", external_carrier="", external_number="") -> int:
    with db.write() as session:
        o = Order(
            order_no=order_no or f"O{next(_seq):08d}",
            status=status,
            external_carrier=external_carrier,
            external_number=external_number,
            carrier_code=carrier_key.of_external(external_carrier),  # as the import stores it
            updated_at=utcnow(),
        )
        session.add(o)
        session.flush()
        return o.id


def ship(db, *, carrier="ZTO", number=None, shipped_at: datetime | None = None, order_no=None, cancelled=False) -> int:
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
        s = Shipment(
            order_id=order_id,
            waybill_id=w.id,
            carrier_code=carrier,
            number=number,
            shipped_at=shipped_at or utcnow(),
            cancelled_at=utcnow() if cancelled else None,
        )
        session.add(s)
        carrier_key.refresh(session, [order_id])  # as shipping does
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
                waybills.append(
                    {
                        "carrier_code": carrier,
                        "number": f"H{carrier}{base + k}",
                        "status": "used",
                        "origin": "manual",
                        "created_at": now,
                    }
                )
        if not orders:
            return
        session.execute(insert(Order), orders)
        session.execute(insert(Waybill), waybills)
        ids_o = dict(
            session.execute(
                Order.__table__.select()
                .with_only_columns(Order.order_no, Order.id)
                .where(Order.order_no.in_([o["order_no"] for o in orders]))
            ).all()
        )
        ids_w = dict(
            session.execute(
                Waybill.__table__.select()
                .with_only_columns(Waybill.number, Waybill.id)
                .where(Waybill.number.in_([w["number"] for w in waybills]))
            ).all()
        )
        k = 0
        for day in range(min(days, start)):
            for _ in range(per_day):
                k += 1
                shipments.append(
                    {
                        "order_id": ids_o[f"H{base + k}"],
                        "waybill_id": ids_w[f"H{carrier}{base + k}"],
                        "carrier_code": carrier,
                        "number": f"H{carrier}{base + k}",
                        "status": "delivered",
                        "shipped_at": now - timedelta(days=day, hours=1),
                        "printed_count": 0,
                        "check_failures": 0,
                        "alert_flags": [],
                    }
                )
        session.execute(insert(Shipment), shipments)


def order(db, **fields) -> int:
    """One order waiting to ship to a full address (any column can be given)."""
    n = next(_seq)
    values = {
        "order_no": f"F{n:010d}",
        "buyer_nick": f"buyer{n}",
        "receiver_name": "王芳",
        "phone": "13812345678",
        "province": "广东省",
        "city": "深圳市",
        "district": "南山区",
        "address": "科技园科苑路15号",
        "items": "不锈钢保温杯 500ml",
        "amount_fen": 5900,
        "status": "pending",
        "ordered_at": utcnow(),
        "paid_at": utcnow(),
        "updated_at": utcnow(),
        **fields,
    }
    with db.write() as session:
        row = Order(**values)
        session.add(row)
        session.flush()
        return row.id


def orders(db, count: int, **fields) -> list[str]:
    """`count` orders in one statement (tests/fixtures/shop.py: add_orders); their order numbers."""
    from tests.fixtures.shop import add_orders

    return add_orders(db, count, **fields)


def stock(db, carrier: str, count: int, **kw) -> list[str]:
    """`count` available pool numbers in the carrier's real format."""
    from tests.fixtures.shop import add_stock

    return add_stock(db, carrier, count, **kw)


def user(db, *, username: str | None = None, password: str = "user-pass-123", role: str = "staff", **kw):
    """An account (staff unless told otherwise); returns its Principal."""
    from waybill_ui.services.accounts import users

    return users.create_user(db, username=username or f"user{next(_seq)}", password=password, role=role, **kw)


# the short names
shipment, shipments, numbers, purchase, carrier = make_shipment, make_many, add_numbers, add_purchase, seed_carrier
