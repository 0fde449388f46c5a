"""What one "ship" of an order really ships, and its record — the one home for merge and split
at shipping time (docs/merge-split.md):

* an order in a merge group ships the WHOLE group as one parcel: one number, one shipment (hung
  on the group's first order, `merge_group_id` set), every order of the group marked shipped;
* a split order ships its parcels that are not shipped yet (or one chosen parcel): one number and
  one shipment per parcel (`parcel_seq`), the order marked shipped once every parcel is;
* any other order: one number, one shipment, as always.

Everything here runs inside the caller's write transaction. Orders are marked shipped with
conditional updates (`… AND status = 'pending'`) whose row counts are checked, and the unique
indexes on live shipments (per order and parcel, per merge group) back them up: a second ship
of the same group or parcel fails as "already shipped" and the whole transaction rolls back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from waybill_ui.db.models import Order, OrderStatus, Shipment
from waybill_ui.db.rows import changed_rows, must_get, row_id
from waybill_ui.services.accounts import audit
from waybill_ui.services.orders import address_check as order_address
from waybill_ui.services.orders import carrier_key
from waybill_ui.services.tracking import config as tracking_config
from waybill_ui.services.common.errors import Conflict, Invalid
from waybill_ui.services.orders.listing import utc_text
from waybill_ui.services.orders.address_check import dialable
from waybill_ui.services.orders.importing.cleaning import phone_tail


@dataclass
class Target:
    lead: Order  # the order the shipment rows hang on
    members: list[Order]  # every order this ship covers (the group, or the order alone)
    group_id: int | None
    parcels: list[int]  # parcel numbers (seq) shipped by this call
    total: int  # parcels the order has (1 unless split)
    items: dict[int, str]  # seq → what goes in that parcel ("" when not said)

    @property
    def order_nos(self) -> list[str]:
        return [m.order_no for m in self.members]


def group_members(session: Session, group_id: int) -> list[Order]:
    ids = session.execute(
        text("SELECT id FROM orders WHERE merge_group_id = :g ORDER BY id"), {"g": group_id}
    ).scalars()
    return [must_get(session, Order, i) for i in ids]  # just read in this transaction


def plan_of(session: Session, order_id: int) -> dict[int, str]:
    """seq → items of a split order's parcels ({} when the order is not split)."""
    return dict(
        session.execute(
            text("SELECT seq, items FROM order_parcel WHERE order_id = :o ORDER BY seq"), {"o": order_id}
        ).all()
    )


def shipped_parcels(session: Session, order_id: int) -> set[int]:
    return set(
        session.execute(
            text("SELECT parcel_seq FROM shipment WHERE order_id = :o AND cancelled_at IS NULL"), {"o": order_id}
        ).scalars()
    )


def _check_member(order: Order) -> None:
    if order.status == OrderStatus.shipped:
        raise Conflict("ship.already_shipped", code="already_shipped", order_no=order.order_no)
    if order.status != OrderStatus.pending:
        raise Conflict(f"ship.not_shippable_{order.status}", code="not_shippable", order_no=order.order_no)
    if not order_address.of(order):
        raise Conflict("ship.needs_address", code="needs_address", order_no=order.order_no)


def target_in(session: Session, order: Order, *, parcel: int | None = None) -> Target:
    """What shipping `order` (already checked pending) covers; `parcel`: only that parcel of a split order."""
    if order.merge_group_id is not None:
        if parcel not in (None, 1):
            raise Invalid("parcels.no_such_parcel", order_no=order.order_no, parcel=parcel)
        members = group_members(session, order.merge_group_id)
        for member in members:
            _check_member(member)
        from waybill_ui.services.orders.merging import merge_key  # (orders/merging.py builds on this module)

        # a re-import or an address fill may have changed one order since the merge: never send
        # a parcel to an address that is no longer every order's
        changed = [m.order_no for m in members[1:] if merge_key(m) != merge_key(members[0])]
        if changed:
            raise Conflict(
                "parcels.group_diverged", code="not_same_buyer", order_no=changed[0], first=members[0].order_no
            )
        return Target(members[0], members, order.merge_group_id, [1], 1, {1: ""})
    plan = plan_of(session, row_id(order)) or {1: ""}
    done = shipped_parcels(session, row_id(order))
    left = [seq for seq in sorted(plan) if seq not in done]
    if parcel is not None:
        if parcel not in plan:
            raise Invalid("parcels.no_such_parcel", order_no=order.order_no, parcel=parcel)
        if parcel in done:
            raise Conflict("parcels.parcel_shipped", code="already_shipped", order_no=order.order_no, parcel=parcel)
        left = [parcel]
    if not left:  # a pending order whose every parcel is out cannot happen; say so rather than ship more
        raise Conflict("ship.already_shipped", code="already_shipped", order_no=order.order_no)
    return Target(order, [order], None, left, len(plan), plan)


def record_in(
    session: Session,
    *,
    target: Target,
    numbers: list[tuple[int, str]],
    carrier: str,
    actor: str,
    now: datetime,
    reason: str = "",
    warning: str = "",
    override_reason: str = "",
    batch_id: int | None = None,
) -> list[tuple[int, int, str]]:
    """Shipments for `numbers` (waybill id, number), one per parcel of `target` in order, and the
    orders marked shipped when complete. → [(shipment id, parcel seq, number)]."""
    lead = target.lead
    check_after = tracking_config.first_check_after(session)
    made: list[tuple[int, int, str]] = []
    for seq, (waybill_id, number) in zip(target.parcels, numbers, strict=False):
        shipment = Shipment(
            order_id=row_id(lead),
            waybill_id=waybill_id,
            carrier_code=carrier,
            number=number,
            status="pending",
            phone_tail=phone_tail(dialable(lead.phone, lead.phone_ext) or lead.landline),
            shipped_at=now,
            next_check_at=now + check_after,
            created_by=actor,
            batch_id=batch_id,
            merge_group_id=target.group_id,
            parcel_seq=seq,
        )
        session.add(shipment)
        session.flush()
        made.append((row_id(shipment), seq, number))
    carrier_key.refresh(session, [row_id(lead)])  # the list's carrier filter (a merged parcel's hangs on its lead)
    if target.group_id is not None:
        marked = changed_rows(
            session.execute(
                text(
                    "UPDATE orders SET status = 'shipped', updated_at = :now "
                    "WHERE merge_group_id = :g AND status = 'pending'"
                ),
                {"now": utc_text(now), "g": target.group_id},
            )
        )
        if marked != len(target.members):
            raise Conflict("ship.already_shipped", code="already_shipped", order_no=lead.order_no)
        complete = True
    else:
        complete = len(shipped_parcels(session, row_id(lead))) >= target.total
        if complete:
            marked = changed_rows(
                session.execute(
                    text(
                        "UPDATE orders SET status = 'shipped', updated_at = :now WHERE id = :id AND status = 'pending'"
                    ),
                    {"now": utc_text(now), "id": lead.id},
                )
            )
            if marked != 1:
                raise Conflict("ship.already_shipped", code="already_shipped", order_no=lead.order_no)
    for member in target.members:
        session.refresh(member)
    override = override_reason.strip()
    for member in target.members:
        details: dict[str, Any] = {
            "shipment_id": made[0][0] if made else None,
            "carrier": carrier,
            "number": made[0][2] if made else "",
            "reason": reason,
            **({"warning": warning} if warning else {}),
            **({"override": override[:200]} if override else {}),
            **({"batch_id": batch_id} if batch_id else {}),
        }
        if target.group_id is not None:
            details["merge_group_id"] = target.group_id
        if target.total > 1:
            details["parcels"] = [{"seq": seq, "number": number, "shipment_id": sid} for sid, seq, number in made]
        audit.record(
            session,
            actor=actor,
            entity="order",
            entity_id=member.order_no,
            action="ship" if complete else "ship_parcel",
            from_status=OrderStatus.pending,
            to_status=OrderStatus.shipped if complete else OrderStatus.pending,
            reason=override[:300],
            details=details,
        )
    return made


def special_ids(session: Session, order_ids: list[int]) -> set[int]:
    """Of `order_ids`, those in a merge group or split into parcels: the batch paths ship these
    one at a time through the rules above instead of their set-based fast path."""
    found: set[int] = set()
    for start in range(0, len(order_ids), 900):
        part = ",".join(str(int(i)) for i in order_ids[start : start + 900])
        found |= set(
            session.execute(
                text(
                    f"SELECT id FROM orders WHERE id IN ({part}) AND merge_group_id IS NOT NULL "
                    f"UNION SELECT DISTINCT order_id FROM order_parcel WHERE order_id IN ({part})"
                )
            ).scalars()
        )
    return found


def numbers_needed(session: Session, order_ids: list[int]) -> dict[int, int]:
    """Numbers each of `order_ids` takes when shipped, where that is not 1: a split order one per
    parcel not out yet, a merge group one for all (the first of its orders listed here; 0 for the rest)."""
    need: dict[int, int] = {}
    special = special_ids(session, order_ids)
    seen_groups: set[int] = set()
    for order_id in sorted(special):
        order = must_get(session, Order, order_id)  # read back from orders just now
        if order.merge_group_id is not None:
            need[order_id] = 0 if order.merge_group_id in seen_groups else 1
            seen_groups.add(order.merge_group_id)
        else:
            need[order_id] = len(set(plan_of(session, order_id)) - shipped_parcels(session, order_id))
    return need
