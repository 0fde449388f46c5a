"""A small hand-built shop whose report figures are known in advance (see the comments): January
2026 in Beijing time, seen from 10 February 2026. Rows are written straight into the tables, as
shipping, tracking and the pool would have left them."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta, timezone

from waybill_ui.db.models import Alert, Carrier, Order, Shipment, TrackingEvent, Waybill
from waybill_ui.clock import SHANGHAI
from waybill_ui.services.reports.tables import Period

JANUARY = Period(date(2026, 1, 1), date(2026, 1, 31))
NOW = datetime(2026, 2, 10, 4, 0, tzinfo=timezone.utc)
TRANSIT = {"local": 1, "region": 2, "national": 3, "remote": 5}
_seq = itertools.count(1)


def local(month: int, day: int, hour: int = 10, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI).astimezone(timezone.utc)


def carriers(db) -> None:
    with db.write() as session:
        for code, name in (("ZTO", "中通快递"), ("YTO", "圆通速递")):
            if session.get(Carrier, code) is None:
                session.add(
                    Carrier(
                        code=code,
                        name=name,
                        transit_days=dict(TRANSIT),
                        prices={"national": {"first_fen": 500, "first_g": 1000, "extra_fen_per_kg": 200}},
                    )
                )


def numbers(
    db,
    carrier: str,
    count: int,
    *,
    status="available",
    origin="purchase",
    cost_fen=100,
    created_at=None,
    updated_at=None,
    expires_at=None,
) -> list[int]:
    with db.write() as session:
        rows = [
            Waybill(
                carrier_code=carrier,
                number=f"{carrier}{next(_seq):010d}",
                status=status,
                origin=origin,
                cost_fen=cost_fen,
                created_at=created_at or local(12, 1, year=2025),
                updated_at=updated_at,
                expires_at=expires_at,
            )
            for _ in range(count)
        ]
        session.add_all(rows)
        session.flush()
        return [w.id for w in rows]


def shipment(
    db,
    carrier: str,
    *,
    province: str,
    shipped: datetime,
    pickup_h: float | None = None,
    delivered_h: float | None = None,
    status: str | None = None,
    events: tuple[str, ...] = (),
    cost_fen: int = 100,
    cancelled: bool = False,
    order_no: str | None = None,
    phone: str = "",
    receiver: str = "",
    buyer: str = "",
) -> int:
    """delivered_h: hours from pickup to delivery."""
    picked = shipped + timedelta(hours=pickup_h) if pickup_h is not None else None
    delivered = (picked or shipped) + timedelta(hours=delivered_h) if delivered_h is not None else None
    status = status or ("delivered" if delivered else "in_transit" if picked else "pending")
    [waybill_id] = numbers(
        db,
        carrier,
        1,
        status="voided" if cancelled else "used",
        cost_fen=cost_fen,
        updated_at=shipped + timedelta(hours=1) if cancelled else shipped,
    )
    with db.write() as session:
        order = Order(
            order_no=order_no or f"R{next(_seq):08d}",
            province=province,
            status="shipped",
            phone=phone,
            receiver_name=receiver,
            buyer_nick=buyer,
        )
        session.add(order)
        session.flush()
        number = session.get(Waybill, waybill_id).number
        s = Shipment(
            order_id=order.id,
            waybill_id=waybill_id,
            carrier_code=carrier,
            number=number,
            status=status,
            shipped_at=shipped,
            picked_up_at=picked,
            delivered_at=delivered,
            cancelled_at=shipped + timedelta(hours=1) if cancelled else None,
        )
        session.add(s)
        session.flush()
        for i, event_status in enumerate(events):
            session.add(
                TrackingEvent(
                    shipment_id=s.id,
                    event_time=shipped + timedelta(hours=i + 1),
                    status=event_status,
                    dedupe_key=f"e{i}",
                )
            )
        return s.id


def alert(db, kind: str, *, created: datetime, resolved_after_h: float | None = None) -> None:
    with db.write() as session:
        session.add(
            Alert(
                kind=kind,
                dedupe_key=f"{kind}:{next(_seq)}",
                message=kind,
                created_at=created,
                status="resolved" if resolved_after_h is not None else "open",
                resolved_at=created + timedelta(hours=resolved_after_h) if resolved_after_h is not None else None,
            )
        )


def january(db) -> None:
    """The known shop. Origin: 浙江省 (the default), so 浙江 is local (1 day), 广东/北京 national (3 days).

    ZTO — 4 live shipments + 1 cancelled, ¥1.00 a number:
      浙江 picked up after 4 h, delivered 24 h later (1 calendar day: on time)
      浙江 picked up after 2 h, delivered 72 h later (3 days: late)
      广东 picked up after 6 h, delivered 72 h later (3 days: on time)
      广东 picked up after 8 h, exception on the way, not delivered
      cancelled (its number voided; counts in spend only)
      → shipments 4, delivered 3, spend ¥5.00, ¥1.67 per delivered, on time 2/3, late 1,
        exceptions 1/4, pickup (4+2+6+8)/4 = 5 h, transit (1+3+3)/3 days
    YTO — 3 shipments to 北京, ¥1.50 a number:
      delivered 48 h after pickup (on time), refused, and one shipped 07:00 on 1 January Beijing
      time (still 31 December in UTC: inside the period) still in transit
      → shipments 3, delivered 1, spend ¥4.50, ¥4.50 per delivered, late 0, exceptions 1/2, returned 1/2
    Outside the period: a ZTO shipment at 07:00 on 1 February Beijing time (31 January in UTC).
    """
    carriers(db)
    shipment(
        db,
        "ZTO",
        province="浙江省",
        shipped=local(1, 5),
        pickup_h=4,
        delivered_h=24,
        order_no="TB1001",
        phone="13800001111",
        receiver="王小明",
        buyer="tb_wang",
    )
    shipment(db, "ZTO", province="浙江省", shipped=local(1, 5), pickup_h=2, delivered_h=72)
    shipment(db, "ZTO", province="广东省", shipped=local(1, 10), pickup_h=6, delivered_h=72)
    shipment(
        db,
        "ZTO",
        province="广东省",
        shipped=local(1, 10),
        pickup_h=8,
        status="exception",
        events=("picked_up", "exception"),
    )
    shipment(db, "ZTO", province="广东省", shipped=local(1, 12), cancelled=True)
    shipment(db, "YTO", province="北京市", shipped=local(1, 20), pickup_h=3, delivered_h=48, cost_fen=150)
    shipment(
        db,
        "YTO",
        province="北京市",
        shipped=local(1, 20),
        pickup_h=5,
        status="refused",
        events=("picked_up", "refused"),
        cost_fen=150,
    )
    shipment(db, "YTO", province="北京市", shipped=local(1, 1, 7), pickup_h=1, cost_fen=150)
    shipment(db, "ZTO", province="浙江省", shipped=local(2, 1, 7), pickup_h=1, delivered_h=24)
    # pool, ZTO: 10 bought on 3 January (¥1.00 each), 6 imported on 7 January; 3 marked expired and 2 past
    # expiry not yet marked (20/25 January); 4 refunded on 15 January; one expiring in the future.
    numbers(db, "ZTO", 10, created_at=local(1, 3), expires_at=local(6, 1))
    numbers(db, "ZTO", 6, origin="imported", cost_fen=0, created_at=local(1, 7), expires_at=local(6, 1))
    numbers(db, "ZTO", 3, status="expired", expires_at=local(1, 20), updated_at=local(1, 21))
    numbers(db, "ZTO", 2, expires_at=local(1, 25))
    numbers(db, "ZTO", 4, status="refunded", updated_at=local(1, 15), expires_at=local(6, 1))
    numbers(db, "ZTO", 1, expires_at=local(2, 20))
    # alerts raised in January: two pickup delays (one resolved after 5 h), one low stock (resolved after 10 h);
    # one more in February
    alert(db, "pickup_overdue", created=local(1, 6), resolved_after_h=5)
    alert(db, "pickup_overdue", created=local(1, 11))
    alert(db, "pool_low_stock", created=local(1, 14), resolved_after_h=10)
    alert(db, "pickup_overdue", created=local(2, 2), resolved_after_h=1)
