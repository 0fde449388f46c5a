"""One page of the orders list as the pages show it: the row read from SQL, its parcels (split
and merged orders, docs/merge-split.md), and the page with its cursors (services/orders/listing.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from waybill_ui.carriers import codes
from waybill_ui.db.models import OrderStatus
from waybill_ui.services.orders.order_filter import _from_db


@dataclass
class OrderRow:
    id: int
    order_no: str
    status: str
    buyer_nick: str
    receiver_name: str
    phone: str
    province: str
    city: str
    district: str
    address: str
    items: str
    item_count: int
    amount_fen: int
    buyer_message: str
    seller_memo: str
    ordered_at: datetime | None
    paid_at: datetime | None
    carrier: str | None  # ours, or the shipped-elsewhere carrier's code/name
    waybill_number: str | None
    shipment_id: int | None
    shipment_status: str | None
    shop_id: int = 1
    shop_name: str = ""
    phone_ext: str = ""
    # merge and split (docs/merge-split.md): the merge group, parcels planned and parcels out
    merge_group_id: int | None = None
    parcels: int = 1
    parcels_shipped: int = 0

    @property
    def partly_shipped(self) -> bool:
        """部分发货: a split order with some parcels out and some not (its status stays pending)."""
        return self.status == OrderStatus.pending and self.parcels_shipped > 0


_SELECT = """
SELECT o.id, o.order_no, o.status, o.buyer_nick, o.receiver_name, o.phone, o.province, o.city, o.district, o.address,
       o.items, o.item_count, o.amount_fen, o.buyer_message, o.seller_memo, o.ordered_at, o.paid_at,
       o.external_carrier, o.external_number, s.id, s.carrier_code, s.number, s.status,
       o.shop_id, (SELECT name FROM shop WHERE shop.id = o.shop_id), o.phone_ext, {sort_key}, o.merge_group_id
FROM orders o LEFT JOIN shipment s ON s.order_id = o.id AND s.cancelled_at IS NULL AND s.parcel_seq = 1
"""
SORT_KEY = 26  # the position of {sort_key} in _SELECT: keyset cursors are made from it


def _row(r: Any) -> OrderRow:
    carrier = r[20] or (codes.resolve(r[17]) or r[17] or None)
    return OrderRow(
        id=r[0],
        order_no=r[1],
        status=r[2],
        buyer_nick=r[3],
        receiver_name=r[4],
        phone=r[5],
        province=r[6],
        city=r[7],
        district=r[8],
        address=r[9],
        items=r[10],
        item_count=r[11],
        amount_fen=r[12],
        buyer_message=r[13],
        seller_memo=r[14],
        ordered_at=_from_db(r[15]),
        paid_at=_from_db(r[16]),
        carrier=carrier,
        waybill_number=r[21] or r[18] or None,
        shipment_id=r[19],
        shipment_status=r[22],
        shop_id=r[23],
        shop_name=r[24] or "",
        phone_ext=r[25],
        merge_group_id=r[27],
    )


def _fill_parcels(session: Session, rows: list[OrderRow]) -> None:
    """A page's parcels: planned and shipped counts of split orders, and a merged order's number
    (its group's one shipment hangs on the group's first order)."""
    ids = ",".join(str(r.id) for r in rows)
    if not ids:
        return
    planned = dict(
        session.execute(
            text(f"SELECT order_id, count(*) FROM order_parcel WHERE order_id IN ({ids}) GROUP BY order_id")
        ).all()
    )
    out = {
        order_id: (count, first)
        for order_id, count, first in session.execute(
            text(
                f"SELECT order_id, count(*), min(id) FROM shipment WHERE cancelled_at IS NULL AND order_id IN ({ids}) "
                "GROUP BY order_id"
            )
        ).all()
    }
    groups = ",".join(str(g) for g in {r.merge_group_id for r in rows if r.merge_group_id})
    by_group = (
        {
            g: rest
            for g, *rest in session.execute(
                text(
                    f"SELECT merge_group_id, id, carrier_code, number, status FROM shipment WHERE cancelled_at IS NULL "
                    f"AND merge_group_id IN ({groups})"
                )
            ).all()
        }
        if groups
        else {}
    )
    firsts = [out[r.id][1] for r in rows if r.shipment_id is None and r.id in out]
    first_of = (
        {
            sid: rest
            for sid, *rest in session.execute(
                text(
                    f"SELECT id, carrier_code, number, status FROM shipment WHERE id IN ({','.join(map(str, firsts))})"
                )
            ).all()
        }
        if firsts
        else {}
    )
    for r in rows:
        r.parcels = planned.get(r.id, 1)
        r.parcels_shipped = out.get(r.id, (0, None))[0]
        found = None
        if r.shipment_id is None and r.merge_group_id in by_group:
            found = by_group[r.merge_group_id]
            r.parcels_shipped = 1
        elif r.shipment_id is None and r.id in out:  # parcel 1 not out yet: show the first that is
            found = [out[r.id][1], *first_of[out[r.id][1]]]
        if found:
            r.shipment_id, r.carrier, r.waybill_number, r.shipment_status = found


@dataclass
class OrderPage:
    """One page of the list. `total` is exact unless `estimated` (then the page says "约 N").
    Unpacks as `rows, total` like the list of old."""

    rows: list[OrderRow]
    total: int
    estimated: bool = False
    next_cursor: str | None = None  # the page after this one (None: this is the last)
    prev_cursor: str | None = None  # the page before (None: this is the first or a numbered page)

    def __iter__(self) -> Iterator[list[OrderRow] | int]:
        return iter((self.rows, self.total))

    def __getitem__(self, index: int) -> list[OrderRow] | int:
        return (self.rows, self.total)[index]
