"""What a batch of labels shows, in two steps so a print of 10,000 does not hold 10,000 rows:

1. `count_prints` — one transaction: checks the shipments (all exist, none cancelled, a sender),
   counts one print on each (the 补打 mark and the counter always agree) with an audit row each,
   and keeps only what every label needs from it: each shipment's print count before this one.
2. `labels_of` — after the commit, reads shipments and orders a chunk at a time and yields each
   label's data in the order asked; the PDF writer draws and forgets them one by one
   (services/printing/label_pdf.py `write`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text as sql
from sqlalchemy import update
from sqlmodel import Session, col, select

from waybill_ui.carriers import codes
from waybill_ui.clock import fmt_local, utcnow
from waybill_ui.db import Database
from waybill_ui.db.models import Carrier, Order, SenderAddress, Shipment
from waybill_ui.db.rows import row_id
from waybill_ui.services.accounts import audit
from waybill_ui.services.common.errors import Conflict, NotFound
from waybill_ui.services.orders.address_check import dialable
from waybill_ui.services.printing.label_pdf import LabelData
from waybill_ui.services.settings.senders import default_in, require_in
from waybill_ui.texts import tr

CHUNK = 500  # shipments read (and IN-list size) per query while drawing


@dataclass
class Counted:
    """A print counted: the ids in page order and what the labels need from the counting."""

    shipment_ids: list[int]
    before: dict[int, int]  # shipment id → its print count before this print
    printed_at: str
    senders: dict[int, SenderAddress]
    default_sender: SenderAddress | None
    carrier_names: dict[str, str]

    @property
    def reprints(self) -> int:
        return sum(1 for count in self.before.values() if count > 0)


def id_list(ids: list[int]) -> str:
    shown = ", ".join(str(i) for i in ids[:20])
    return shown + (f" … (+{len(ids) - 20})" if len(ids) > 20 else "")


def count_prints(
    db: Database, *, shipment_ids: list[int], actor: str, size: str, now: datetime | None = None
) -> Counted:
    """Count one print on each shipment (one transaction, an audit row each); refuses unknown or
    cancelled shipments and a missing sender before anything is counted."""
    now = now or utcnow()
    with db.write() as session:
        rows = [
            row
            for start in range(0, len(shipment_ids), CHUNK)
            for row in session.execute(
                select(Shipment.id, Shipment.cancelled_at, Shipment.sender_address_id, Shipment.printed_count).where(
                    col(Shipment.id).in_(shipment_ids[start : start + CHUNK])
                )
            )
        ]
        found = {sid: (cancelled_at, sender_id, printed) for sid, cancelled_at, sender_id, printed in rows}
        missing = [i for i in shipment_ids if i not in found]
        if missing:
            raise NotFound("labels.not_found", ids=id_list(missing))
        cancelled = [i for i in shipment_ids if found[i][0] is not None]
        if cancelled:  # its number is voided: a label would send a parcel under a dead number
            raise Conflict("labels.cancelled", ids=id_list(cancelled))
        senders = {row_id(s): s for s in session.exec(select(SenderAddress))}
        needs_default = any(found[i][1] not in senders for i in shipment_ids)
        default = require_in(session) if needs_default else default_in(session)
        carrier_names = {c.code: c.name for c in session.exec(select(Carrier))}
        before = {i: found[i][2] for i in shipment_ids}
        from waybill_ui.services.ewaybill import reprint as ewaybill_reprint  # the provider's reprint limit

        ewaybill_reprint.count_reprints(session, shipment_ids=[i for i in shipment_ids if before[i] > 0], now=now)
        for start in range(0, len(shipment_ids), CHUNK):  # one transaction, statements of CHUNK ids
            chunk = shipment_ids[start : start + CHUNK]
            session.execute(
                update(Shipment)
                .where(col(Shipment.id).in_(chunk))
                .values(printed_count=Shipment.printed_count + 1, last_printed_at=now)
                .execution_options(synchronize_session=False)
            )
            audit.record_many(
                session,
                (
                    {
                        "entity": "shipment",
                        "entity_id": i,
                        "action": "print_label",
                        "details": {"print_count": before[i] + 1, "size": size},
                    }
                    for i in chunk
                ),
                actor=actor,
            )
    return Counted(shipment_ids, before, fmt_local(now), senders, default, carrier_names)


def labels_of(db: Database, counted: Counted) -> Iterator[LabelData]:
    """The labels' data in page order, read CHUNK shipments at a time (one short read each)."""
    ids = counted.shipment_ids
    total = len(ids)
    for start in range(0, total, CHUNK):
        chunk = ids[start : start + CHUNK]
        with db.read() as session:
            rows = session.exec(
                select(Shipment, Order)
                .join(Order, col(Order.id) == col(Shipment.order_id))
                .where(col(Shipment.id).in_(chunk))
            ).all()
            found = {row_id(shipment): (shipment, order) for shipment, order in rows}
            packages = _package_names(session, chunk)
            made = [
                _label(session, counted, *found[sid], index=start + n, total=total, package=packages.get(sid, ""))
                for n, sid in enumerate(chunk, start=1)
                if sid in found  # deleted since it was counted: nothing left to print for it
            ]
        yield from made


def _label(
    session: Session, counted: Counted, shipment: Shipment, order: Order, *, index: int, total: int, package: str
) -> LabelData:
    sid = row_id(shipment)
    sender_id = shipment.sender_address_id
    sender = counted.senders.get(sender_id) if sender_id else counted.default_sender
    sender_name, sender_phone, sender_address = sender_texts(sender)
    known = codes.CARRIERS.get(shipment.carrier_code)
    order_no, items = _parcel_texts(session, shipment, order)
    return LabelData(
        shipment_id=sid,
        carrier_name=known.name if known else counted.carrier_names.get(shipment.carrier_code, shipment.carrier_code),
        number=shipment.number,
        route_code=shipment.route_code,
        sort_name=shipment.sort_name or destination(order),
        receiver_name=order.receiver_name,
        phone=dialable(order.phone, order.phone_ext) or order.landline,
        address=full_address(order),
        sender_name=sender_name,
        sender_phone=sender_phone,
        sender_address=sender_address,
        order_no=order_no,
        items=items,
        buyer_note=order.buyer_message.strip(),
        seller_memo=order.seller_memo.strip(),
        printed_at=counted.printed_at,
        print_count=counted.before[sid] + 1,
        index=index,
        total=total,
        package_name=package,
    )


def _package_names(session: Session, shipment_ids: list[int]) -> dict[int, str]:
    """集包地 of the e-waybills among these shipments (their 大头笔/三段码 are on the shipment)."""
    rows = session.execute(
        sql(
            "SELECT s.id, i.package_name FROM shipment s JOIN ewaybill_issue i ON i.order_id = s.order_id "
            "AND i.number = s.number AND i.status = 'issued' WHERE s.id IN (%s)"
            % ",".join(str(int(i)) for i in shipment_ids)
        )
    )
    return {sid: name for sid, name in rows if name}


# --- what goes on a label ----------------------------------------------------------------------


def full_address(order: Order) -> str:
    """省 市 区 street, without repeating what the street already says (exports often do)."""
    street = (order.address or "").strip()
    if not street:
        return (order.full_address or "").strip()
    admin = [
        p.strip()
        for p in dict.fromkeys((order.province, order.city, order.district))
        if p and p.strip() and p.strip() != "市辖区"
    ]
    shorts = [p.rstrip("省市") or p for p in admin[:2]]
    if any(street.startswith(short) for short in shorts):
        return street
    return " ".join([*admin, street])


def destination(order: Order) -> str:
    """The fallback for a missing 大头笔: the destination city (and district)."""
    city = order.city if order.city and order.city != "市辖区" else order.province
    return " ".join(p for p in (city, order.district) if p) or "—"


def sender_texts(sender: SenderAddress | None) -> tuple[str, str, str]:
    if sender is None:
        return "", "", tr("senders.missing_on_label", "zh")
    place = " ".join(p for p in dict.fromkeys((sender.province, sender.city, sender.district)) if p)
    return sender.name, sender.phone, f"{place} {sender.address}"


def _items(order: Order) -> str:
    items = (order.items or "").strip()
    if items and order.item_count and order.item_count > 1 and "共" not in items:
        items += f"（共{order.item_count}件）"
    return items


def _parcel_texts(session: Session, shipment: Shipment, order: Order) -> tuple[str, str]:
    """(order no, items) a label shows: a merged parcel names its orders and all their items, a
    split order's parcel says which of how many and what is in it (docs/merge-split.md)."""
    from waybill_ui.services.shipping import parcels as parcel_ship

    if shipment.merge_group_id:
        members = parcel_ship.group_members(session, shipment.merge_group_id)
        return (
            tr("labels.merged_orders", "zh", order_no=order.order_no, count=len(members)),
            "；".join(_items(m) for m in members if _items(m)),
        )
    plan = parcel_ship.plan_of(session, row_id(order))
    if len(plan) > 1:
        what = plan.get(shipment.parcel_seq) or _items(order)
        return order.order_no, f"{tr('labels.parcel_of', 'zh', seq=shipment.parcel_seq, total=len(plan))} {what}"
    return order.order_no, _items(order)
