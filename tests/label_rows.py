"""Orders, waybills and shipments written straight into the tables, for label tests and the
labels benchmark (the shipping service is not needed to print)."""

from __future__ import annotations

from sqlalchemy import insert, select

from waybill_ui.carriers.codes import CARRIERS
from waybill_ui.db.models import Carrier, Order, Shipment, Waybill
from waybill_ui.clock import utcnow

ADDRESS = "文三路 90 号 东部软件园 1 号楼 1208 室"


def number_for(carrier: str, seq: int) -> str:
    return {"SF": f"SF{seq:013d}", "JTSD": f"JT{seq:013d}", "YTO": f"YT{seq:013d}"}.get(carrier, f"7731{seq:011d}")


def make_shipments(
    db,
    count: int = 1,
    *,
    carrier: str = "ZTO",
    start: int = 1,
    address: str = ADDRESS,
    province: str = "浙江省",
    city: str = "杭州市",
    district: str = "西湖区",
    route_code: str = "",
    sort_name: str = "",
    phone: str = "13800138000",
    receiver: str = "张三",
    items: str = "纯棉T恤 ×2",
    buyer_message: str = "请放快递柜",
    printed_count: int = 0,
    cancelled: bool = False,
    sender_address_id: int | None = None,
) -> list[int]:
    from tests.fixtures.shop import ensure_sender

    ensure_sender(db)
    now = utcnow()
    with db.write() as session:
        if session.get(Carrier, carrier) is None:
            session.add(Carrier(code=carrier, name=CARRIERS[carrier].name if carrier in CARRIERS else carrier))
            session.flush()
        seqs = range(start, start + count)
        session.execute(
            insert(Order),
            [
                {
                    "order_no": f"3001{seq:012d}",
                    "receiver_name": receiver,
                    "phone": phone,
                    "province": province,
                    "city": city,
                    "district": district,
                    "address": address,
                    "items": items,
                    "item_count": 1,
                    "buyer_message": buyer_message,
                    "seller_memo": "",
                    "status": "shipped",
                    "imported_at": now,
                }
                for seq in seqs
            ],
        )
        session.execute(
            insert(Waybill),
            [
                {
                    "carrier_code": carrier,
                    "number": number_for(carrier, seq),
                    "status": "voided" if cancelled else "used",
                    "origin": "imported",
                    "created_at": now,
                }
                for seq in seqs
            ],
        )
        order_ids = dict(
            session.execute(
                select(Order.order_no, Order.id).where(Order.order_no.in_([f"3001{seq:012d}" for seq in seqs]))
            ).all()
        )
        waybill_ids = dict(
            session.execute(
                select(Waybill.number, Waybill.id).where(
                    Waybill.carrier_code == carrier, Waybill.number.in_([number_for(carrier, s) for s in seqs])
                )
            ).all()
        )
        session.execute(
            insert(Shipment),
            [
                {
                    "order_id": order_ids[f"3001{seq:012d}"],
                    "waybill_id": waybill_ids[number_for(carrier, seq)],
                    "carrier_code": carrier,
                    "number": number_for(carrier, seq),
                    "status": "pending",
                    "phone_tail": phone[-4:],
                    "route_code": route_code,
                    "sort_name": sort_name,
                    "sender_address_id": sender_address_id,
                    "printed_count": printed_count,
                    "shipped_at": now,
                    "alert_flags": [],
                    "cancelled_at": now if cancelled else None,
                    "created_by": "test",
                }
                for seq in seqs
            ],
        )
        numbers = [number_for(carrier, seq) for seq in seqs]
        found = dict(
            session.execute(
                select(Shipment.number, Shipment.id).where(
                    Shipment.carrier_code == carrier, Shipment.number.in_(numbers)
                )
            ).all()
        )
    return [found[n] for n in numbers]


def order_no_for(seq: int) -> str:
    return f"3001{seq:012d}"
