"""Rows for tracking tests, made directly (the shipping service is built elsewhere): carriers
from the embedded network's catalogue, then order → waybill → shipment."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from sqlalchemy import insert

from waybill_ui.carriers.protocol import CarrierProvider, ProviderError, TrackEvent, TrackQuery, TrackResult
from waybill_ui.carriers.status import TrackingStatus as S
from waybill_ui.db.models import Carrier, Order, Shipment, Waybill
from waybill_ui.clock import utcnow
from waybill_ui.sandbox import catalogue

_seq = itertools.count(1)


def seed_carriers(db) -> None:
    from tests.fixtures.shop import ensure_sender

    ensure_sender(db)
    with db.write() as session:
        for c in catalogue.catalogue():
            if session.get(Carrier, c["code"]) is None:
                session.add(Carrier(code=c["code"], name=c["name"], prices=c["prices"], transit_days=c["transit_days"],
                                    provinces_excluded=c["provinces_excluded"]))


def make_shipment(db, *, carrier: str = "YTO", number: str | None = None, shipped_at: datetime | None = None,
                  status: str = "pending", phone: str = "13812345678", province: str = "广东省", city: str = "深圳市",
                  district: str = "南山区", **fields) -> int:
    seed_carriers(db)
    n = next(_seq)
    number = number or f"YT{9000000000000 + n}"
    shipped_at = shipped_at or utcnow()
    with db.write() as session:
        order = Order(order_no=f"T{n:010d}", buyer_nick=f"buyer{n}", receiver_name="王芳", phone=phone,
                      province=province, city=city, district=district, address="科技园科苑路15号",
                      items="不锈钢保温杯 500ml", status="shipped")
        session.add(order)
        session.flush()
        waybill = Waybill(carrier_code=carrier, number=number, status="used", origin="imported")
        session.add(waybill)
        session.flush()
        shipment = Shipment(order_id=order.id, waybill_id=waybill.id, carrier_code=carrier, number=number,
                            status=status, shipped_at=shipped_at, phone_tail=phone[-4:] if phone else "", **fields)
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
        session.execute(insert(Order), [
            {"order_no": f"B{base + i}", "receiver_name": "李娜", "phone": f"139{i:08d}", "province": "浙江省",
             "city": "杭州市", "district": "西湖区", "status": "shipped", "imported_at": now} for i in range(count)])
        first_order = session.execute(Order.__table__.select().where(Order.order_no == f"B{base}")).first().id
        nums = [numbers.number_at(0, carrier, start + i) for i in range(count)]
        session.execute(insert(Waybill), [{"carrier_code": carrier, "number": nums[i], "status": "used",
                                           "origin": "imported", "created_at": now} for i in range(count)])
        first_waybill = session.execute(Waybill.__table__.select().where(Waybill.number == nums[0])).first().id
        session.execute(insert(Shipment), [
            {"order_id": first_order + i, "waybill_id": first_waybill + i, "carrier_code": carrier, "number": nums[i],
             "status": "pending", "shipped_at": now, "phone_tail": f"{i:04d}"[-4:], "alert_flags": []}
            for i in range(count)])
    with db.read() as session:
        return [r.id for r in session.execute(Shipment.__table__.select().where(Shipment.number.in_(nums)))]


def event(hours_after: float, text: str, status: S, *, start: datetime, sub: str = "", location: str = "") -> TrackEvent:
    return TrackEvent(time=(start + timedelta(hours=hours_after)).replace(microsecond=0), text=text, status=status,
                      location=location, raw_state=sub[:1], raw_substate=sub)


class FakeProvider(CarrierProvider):
    """Answers scripted per number: a TrackResult, an exception, or a callable giving either."""

    name = "fake"
    capabilities = frozenset({"track"})

    def __init__(self, answers: dict | None = None, default=None):
        self.answers = answers or {}
        self.default = default
        self.calls: list[TrackQuery] = []

    async def track(self, query: TrackQuery) -> TrackResult:
        self.calls.append(query)
        answer = self.answers.get(query.number, self.default)
        if callable(answer) and not isinstance(answer, type):
            answer = answer(query)
        if isinstance(answer, BaseException):
            raise answer
        if answer is None:
            return TrackResult(carrier=query.carrier, number=query.number, status=None, raw_state="500")
        return answer


def result(query_number: str, events: list[TrackEvent], status: S | None = None, carrier: str = "YTO") -> TrackResult:
    return TrackResult(carrier=carrier, number=query_number, status=status or (events[-1].status if events else None),
                       raw_state="x", events=list(events))


def transient(code: str = "timeout") -> ProviderError:
    return ProviderError("simulated", code=code, transient=True)
