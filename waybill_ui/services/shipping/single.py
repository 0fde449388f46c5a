"""发货: one order through the ship dialog, or a cancel before pickup.

`ship_order` is ONE transaction: the order is checked, the carrier chosen (matching rules unless
given), the number taken (a held pool number, the next pool number, or a typed/scanned one that is
checked against the carrier's format and against every number we have ever seen), the shipment
created with tracking scheduled, the order marked shipped, the number marked used, audit rows.
Thousands at once: services/shipping/batch.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from waybill_ui.carriers import codes, formats
from waybill_ui.db import Database
from waybill_ui.db.models import Carrier, Order, OrderStatus, Shipment, Waybill, WaybillOrigin, WaybillStatus
from waybill_ui.db.rows import must_get, row_id
from waybill_ui.clock import utcnow
from waybill_ui.services.market import catalogue
from waybill_ui.services.pool.known import KnownNumber, known_numbers
from waybill_ui.services.pool import allocation
from waybill_ui.services.accounts import audit
from waybill_ui.services.orders import carrier_requests
from waybill_ui.services.shipping import matching
from waybill_ui.services.shipping import matcher_loading
from waybill_ui.services.orders import address_check as order_address
from waybill_ui.services.orders import shops
from waybill_ui.services.orders import carrier_key
from waybill_ui.services.pool import history as pool_audit
from waybill_ui.services.settings import senders
from waybill_ui.services.common.errors import Conflict, Invalid, NotFound, TextKey
from waybill_ui.events import OrdersChanged, OrdersShipped, ShipmentsUpdated, publish
from waybill_ui.services.shipping import parcels as parcel_ship

HOLD_TTL = timedelta(minutes=10)  # how long an open ship dialog keeps its pool number


@dataclass
class Shipped:
    id: int
    order_no: str
    carrier: str
    number: str
    status: str
    reason: str = ""  # why this carrier (matching explanation), when we chose it
    warning: str = ""  # the buyer asked for another carrier (or refused this one)
    # merge and split (services/shipping/parcels.py): every order shipped, every parcel (shipment id, seq, number)
    order_nos: list[str] = field(default_factory=list)
    parcels: list[tuple[int, int, str]] = field(default_factory=list)
    complete: bool = True  # False: a split order with parcels still to ship (部分发货)


@dataclass
class Hold:
    token: str
    carrier: str
    number: str
    waybill_id: int
    until: datetime


ensure_carrier = catalogue.ensure_carrier  # (callers of shipping keep their name for it)


def _refuse_known(number: str, seen: KnownNumber) -> Conflict:
    carrier = codes.name_of(seen.carrier) if seen.carrier else "—"
    if seen.order_no:
        return Conflict("ship.number_used", code="number_used", number=number, order_no=seen.order_no, carrier=carrier)
    return Conflict(
        "ship.number_in_pool",
        code="number_used",
        number=number,
        carrier=carrier,
        state=TextKey(f"pool.status.{seen.status}"),
    )


def _typed_number(
    session: Session, carrier: str, raw: str, now: datetime, *, actor: str, why: str
) -> tuple[int, str, str]:
    """A typed or scanned number → (waybill id, number, how it was got). Refused when it does not
    fit the carrier or is already known anywhere — except a free number of our own pool for this
    very carrier (a pre-printed label from an outlet range), which is simply taken."""
    number = formats.clean(raw)
    problem = formats.check(carrier, number)
    if problem:
        raise Invalid(
            f"ship.{problem.replace('.', '_')}",
            number=number or raw,
            carrier=codes.name_of(carrier),
            example=formats.FORMATS[carrier].example if carrier in formats.FORMATS else "",
        )
    known = known_numbers(session, [number]).get(number, [])  # the duplicate guard (services/pool/known.py)
    if known:
        blocking = [
            k for k in known if not (k.carrier == carrier and k.status == WaybillStatus.available and not k.order_no)
        ]
        if not blocking:
            waybill_id = allocation.take_number(
                session, carrier=carrier, number=number, now=now, actor=actor, reason=why
            )
            if waybill_id:
                return waybill_id, number, "pool"
        # name the order it went out with where one is known (a pool row and the export that used it)
        raise _refuse_known(number, min(blocking or known, key=lambda k: not k.order_no))
    ensure_carrier(session, carrier)
    waybill = Waybill(
        carrier_code=carrier,
        number=number,
        status=WaybillStatus.used,
        origin=WaybillOrigin.manual,
        created_at=now,
        updated_at=now,
    )
    session.add(waybill)
    session.flush()
    pool_audit.record_numbers(
        session,
        [(carrier, number, waybill.id)],
        action="allocate",
        from_status="new",
        to_status=WaybillStatus.used,
        actor=actor,
        reason=f"{why} (typed)",
    )
    return row_id(waybill), number, "manual"


def load_pending(session: Session, order_no: str, shop_id: int | None = None) -> Order:
    """The waiting order with this number (in `shop_id`; without one, the only such order: a number
    in two shops is refused, services/orders/shops.py)."""
    order = shops.find_order(session, order_no, shop_id)
    if order is None:
        raise NotFound("ship.order_not_found", order_no=order_no)
    if order.status == OrderStatus.shipped:
        raise Conflict("ship.already_shipped", code="already_shipped", order_no=order_no)
    if order.status != OrderStatus.pending:
        raise Conflict(f"ship.not_shippable_{order.status}", code="not_shippable", order_no=order_no)
    if not order_address.of(order):
        raise Conflict("ship.needs_address", code="needs_address", order_no=order_no)
    return order


def facts_of(order: Order) -> matching.OrderFacts:
    return matching.OrderFacts(
        province=order.province,
        city=order.city,
        weight_g=order.weight_g,
        amount_fen=order.amount_fen,
        title=order.items,
        message=order.buyer_message,
        memo=order.seller_memo,
    )


def check_coverage(session: Session, *, code: str, province: str, override_reason: str = "") -> None:
    """A carrier that does not deliver to the province ships there only with a reason (kept in the audit)."""
    carrier = session.get(Carrier, code)
    if carrier and province and province in carrier.provinces_excluded and not override_reason.strip():
        raise Conflict("coverage.override_needed", code="not_served", carrier=codes.name_of(code), province=province)


def record_shipment(
    session: Session,
    *,
    order: Order,
    carrier: str,
    waybill_id: int,
    number: str,
    actor: str,
    now: datetime,
    reason: str = "",
    warning: str = "",
    override_reason: str = "",
) -> Shipped:
    """One number for one order (or its whole merge group, services/shipping/parcels.py): the
    shipment row, the orders marked shipped and the audit rows."""
    return record_parcels(
        session,
        target=parcel_ship.target_in(session, order),
        numbers=[(waybill_id, number)],
        carrier=carrier,
        actor=actor,
        now=now,
        reason=reason,
        warning=warning,
        override_reason=override_reason,
    )


def record_parcels(
    session: Session,
    *,
    target: parcel_ship.Target,
    numbers: list[tuple[int, str]],
    carrier: str,
    actor: str,
    now: datetime,
    reason: str = "",
    warning: str = "",
    override_reason: str = "",
    batch_id: int | None = None,
) -> Shipped:
    """The last step of every way numbers are got (pool, typed, or issued by an e-waybill
    provider in services/ewaybill/issue.py): shipments, orders shipped when complete, audit rows."""
    made = parcel_ship.record_in(
        session,
        target=target,
        numbers=numbers,
        carrier=carrier,
        actor=actor,
        now=now,
        reason=reason,
        warning=warning,
        override_reason=override_reason,
        batch_id=batch_id,
    )
    first_id, _, first_number = made[0]
    return Shipped(
        first_id,
        target.lead.order_no,
        carrier,
        first_number,
        "pending",
        reason,
        warning,
        order_nos=target.order_nos,
        parcels=made,
        complete=target.lead.status == OrderStatus.shipped,
    )


def ship_order(
    db: Database,
    *,
    order_no: str,
    actor: str,
    carrier: str | None = None,
    number: str | None = None,
    reservation: str | None = None,
    now: datetime | None = None,
    lang: str | None = "zh",
    override_reason: str = "",
    parcel: int | None = None,
    shop_id: int | None = None,
) -> Shipped:
    """`order_no` in a merge group ships the whole group with one number; a split order ships its
    parcels not shipped yet, one number each (or only `parcel`), see services/shipping/parcels.py."""
    now = now or utcnow()
    try:
        with db.write() as session:
            order = load_pending(session, order_no, shop_id)
            target = parcel_ship.target_in(session, order, parcel=parcel)
            count = len(target.parcels)
            senders.require_in(session)
            reason = ""
            if carrier:
                code = codes.resolve(carrier)
                if code is None:
                    raise Invalid("ship.unknown_carrier", carrier=carrier)
            else:
                decision = matcher_loading.load_matcher(session).decide(facts_of(order), lang=lang)
                if decision.carrier is None:
                    raise Conflict(
                        "ship.no_carrier", code="no_carrier", order_no=order_no, reason=decision.reason(lang)
                    )
                code, reason = decision.carrier, decision.reason(lang)
            if not reservation:
                check_coverage(session, code=code, province=order.province, override_reason=override_reason)
            warning = carrier_requests.warning(
                carrier_requests.parse(order.buyer_message, order.seller_memo), code, lang
            )
            why = f"order {order.order_no}"
            if number and number.strip():
                if count > 1:  # a typed number is one parcel's: say which
                    raise Invalid("parcels.typed_needs_parcel", order_no=order_no, count=count)
                numbers = [_typed_number(session, code, number, now, actor=actor, why=why)[:2]]
                if reservation:  # typed instead of the held pool number: give that one back
                    allocation.release(session, token=reservation)
            elif reservation:
                held = allocation.take_reserved(session, token=reservation, now=now, actor=actor, reason=why)
                if held is None:
                    raise Conflict("ship.hold_lapsed", code="hold_lapsed", order_no=order_no)
                code = must_get(session, Waybill, held[0]).carrier_code  # just taken in this transaction
                check_coverage(session, code=code, province=order.province, override_reason=override_reason)
                numbers = [held] + allocation.take(
                    session, carrier=code, count=count - 1, now=now, actor=actor, reason=why
                )
            else:
                numbers = allocation.take(session, carrier=code, count=count, now=now, actor=actor, reason=why)
            if len(numbers) < count:  # all parcels or none: the transaction rolls the taken ones back
                raise Conflict("ship.no_stock", code="no_stock", carrier=codes.name_of(code))
            result = record_parcels(
                session,
                target=target,
                numbers=numbers,
                carrier=code,
                actor=actor,
                now=now,
                reason=reason,
                warning=warning,
                override_reason=override_reason,
            )
    except IntegrityError as exc:  # another process got there first (the unique indexes caught it)
        if "waybill" in str(exc.orig) and number:
            raise Conflict("ship.number_taken", code="number_used", number=number.strip()) from exc
        raise Conflict("ship.already_shipped", code="already_shipped", order_no=order_no) from exc
    publish(OrdersShipped(shipment_ids=(result.id,)))
    return result


def cancel_shipment(
    db: Database, *, shipment_id: int, actor: str, reason: str = "", now: datetime | None = None
) -> Shipped:
    """Before pickup only: the number is voided (never handed out again), the order waits again."""
    now = now or utcnow()
    with db.write() as session:
        shipment = session.get(Shipment, shipment_id)
        if shipment is None:
            raise NotFound("ship.shipment_not_found", id=shipment_id)
        order = must_get(session, Order, shipment.order_id)
        if shipment.cancelled_at is not None:
            raise Conflict("ship.already_cancelled", code="already_cancelled", number=shipment.number)
        if shipment.picked_up_at is not None or shipment.status not in ("pending", ""):
            raise Conflict("ship.cancel_after_pickup", code="picked_up", number=shipment.number, state=shipment.status)
        before = shipment.status
        allocation.void(
            session,
            waybill_id=shipment.waybill_id,
            now=now,
            actor=actor,
            reason=f"shipment {shipment.id} of order {order.order_no} cancelled",
        )
        shipment.cancelled_at, shipment.status, shipment.next_check_at = now, "cancelled", None
        shipment.cancel_reason = reason[:200]
        session.add(shipment)
        carrier_key.refresh(session, [shipment.order_id])  # the list's carrier filter
        # a merged parcel's cancel puts every order of its group back; a split order's parcel its order
        members = parcel_ship.group_members(session, shipment.merge_group_id) if shipment.merge_group_id else [order]
        audit.record(
            session,
            actor=actor,
            entity="shipment",
            entity_id=shipment.id,
            action="cancel",
            from_status=before,
            to_status="cancelled",
            reason=reason[:300],
            details={"order_no": order.order_no, "number": shipment.number},
        )
        for member in members:
            was = member.status
            member.status, member.updated_at = OrderStatus.pending, now
            session.add(member)
            audit.record(
                session,
                actor=actor,
                entity="order",
                entity_id=member.order_no,
                action="unship",
                from_status=was,
                to_status=OrderStatus.pending,
                details={"shipment_id": shipment.id, "parcel": shipment.parcel_seq},
            )
        result = Shipped(row_id(shipment), order.order_no, shipment.carrier_code, shipment.number, "cancelled")
    publish(OrdersChanged(reason="cancel", count=1), ShipmentsUpdated(ids=(result.id,)))
    return result


# --- the ship dialog's hold on a pool number -------------------------------------------------


def hold_number(
    db: Database, *, carrier: str, ttl: timedelta | None = None, now: datetime | None = None
) -> Hold | None:
    """Hold the next pool number of `carrier` while the dialog is open (None: no stock)."""
    now, ttl = now or utcnow(), ttl or HOLD_TTL
    with db.write() as session:
        held = allocation.reserve(session, carrier=carrier, ttl=ttl, now=now)
    if held is None:
        return None
    waybill_id, number, token = held
    return Hold(token, carrier, number, waybill_id, now + ttl)


def release_hold(db: Database, *, token: str) -> bool:
    with db.write() as session:
        return allocation.release(session, token=token)


def stock_counts(db: Database) -> dict[str, int]:
    """Numbers each carrier could hand out right now."""
    with db.read() as session:
        return matcher_loading.stock_by_carrier(session)


@dataclass
class DialogContext:
    order: Order
    decision: matching.Decision
    stock: dict[str, int]
    not_serving: set[str]  # carriers that do not deliver to the order's province
    quota: dict[str, int | None] = field(default_factory=dict)  # carriers with an e-waybill account → quota
    group: list[str] = field(default_factory=list)  # the orders of its merged parcel (docs/merge-split.md)
    parcels: int = 1  # parcels the order is split into
    parcels_left: int = 1  # of them still to ship

    def warning_for(self, code: str | None, lang: str | None = "zh") -> str:
        """The loud line when `code` goes against the buyer's request ("" when it does not)."""
        if code == self.decision.carrier:
            return self.decision.warning(lang)
        return carrier_requests.warning(self.decision.request, code, lang)


def dialog_context(
    db: Database, *, order_no: str, lang: str | None = "zh", shop_id: int | None = None
) -> DialogContext:
    """What the ship dialog opens with: the order, the matching decision, the stock and the coverage."""
    with db.read() as session:
        order = shops.find_order(session, order_no, shop_id)
        if order is None:
            raise NotFound("ship.order_not_found", order_no=order_no)
        matcher = matcher_loading.load_matcher(session)
        not_serving = {
            code
            for code, carrier in matcher.carriers.items()
            if order.province and order.province in carrier.provinces_excluded
        }
        group = (
            [o.order_no for o in parcel_ship.group_members(session, order.merge_group_id)]
            if order.merge_group_id
            else []
        )
        plan = parcel_ship.plan_of(session, row_id(order)) or {1: ""}
        left = len(set(plan) - parcel_ship.shipped_parcels(session, row_id(order)))
        return DialogContext(
            order,
            matcher.decide(facts_of(order), lang=lang),
            dict(matcher.stock),
            not_serving,
            dict(matcher.ewaybill),
            group,
            len(plan),
            left,
        )
