"""E-waybill issues whose outcome is unknown, for providers that are NOT known to give the same
number back for a repeated order code (Kuaidi100: its `thirdOrderId` is unverified, see
docs/ewaybill.md).

For such a provider an issue row is marked `unsure` in the same commit that precedes the call,
and the mark goes only when the answer is recorded (issued) or the provider clearly said no
(refused: nothing was issued). So after a timeout, a garbled answer or a crash between the call
and the commit the mark is still there, and a retry does NOT send the order again — that could
issue a second number. The order is held with a message saying how to look the number up by our
order code (it is also in the request's `remark`); the seller then either enters the number found
(`settle` with a number: shipped with it, counted once) or confirms none was issued (`settle`
without: a new order code, the next ship issues)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from waybill_ui.events import OrdersChanged, OrdersShipped, publish
from waybill_ui.carriers import codes, formats
from waybill_ui.carriers.ewaybill import UNSURE_AFTER_LOSS
from waybill_ui.carriers.protocol import EwaybillIssued, EwaybillRefused, NotSupported, ProviderConfigError
from waybill_ui.db import Database
from waybill_ui.db.models import EwaybillIssue
from waybill_ui.clock import utcnow
from waybill_ui.services.accounts import audit
from waybill_ui.services.shipping import single as shipping
from waybill_ui.services.orders import shops
from waybill_ui.services.common.errors import Conflict, Invalid, NotFound, ServiceError
from waybill_ui.db.rows import row_id

MARK = "unsure"


class Unsure(ServiceError):
    """The last issue for this order may have produced a number we never received."""

    status, code = 409, "ewaybill_unsure"


def applies(provider: str) -> bool:
    return provider in UNSURE_AFTER_LOSS


def is_unsure(issue: EwaybillIssue) -> bool:
    return issue.status == "requested" and bool((issue.answer or {}).get(MARK))


def refusal(issue: EwaybillIssue) -> Unsure:
    return Unsure(
        "ewaybill.unsure",
        order_no=issue.order_code.rsplit("-", 1)[0],
        order_code=issue.order_code,
        carrier=codes.name_of(issue.carrier),
    )


def before_send(issue: EwaybillIssue) -> None:
    """Called for the row about to be sent, inside the commit that precedes the call."""
    if not applies(issue.provider) or issue.status != "requested":
        return
    if is_unsure(issue):
        raise refusal(issue)
    issue.answer = {MARK: True}


def definite(exc: Exception) -> bool:
    """The provider (or our own settings) clearly refused: nothing can have been issued."""
    return isinstance(exc, (EwaybillRefused, ProviderConfigError, NotSupported))


def after_failure(row: EwaybillIssue, exc: Exception) -> None:
    if row.status == "requested" and definite(exc) and (row.answer or {}).get(MARK):
        row.answer = {}


def held(session: Session, order_no: str, shop_id: int | None = None) -> EwaybillIssue | None:
    order = shops.find_order(session, order_no, shop_id)
    if order is None:
        return None
    return session.exec(
        select(EwaybillIssue).where(EwaybillIssue.order_id == order.id, EwaybillIssue.status == "requested")
    ).first()


def settle(
    db: Database,
    *,
    order_no: str,
    number: str | None,
    actor: str,
    now: datetime | None = None,
    shop_id: int | None = None,
) -> shipping.Shipped | None:
    """The seller looked the order code up at the provider: `number` found → shipped with it
    (counted once); no number → the code is retired and the next ship asks afresh."""
    now = now or utcnow()
    number, problem = (
        formats.validate(issue_carrier(db, order_no, shop_id), number or "") if (number or "").strip() else ("", None)
    )
    if problem:
        raise Invalid(problem, number=number)
    try:
        result = _settle(db, order_no=order_no, number=number, actor=actor, now=now, shop_id=shop_id)
    except IntegrityError as exc:  # the number is already on another shipment or in the pool
        raise Conflict("ship.number_taken", code="number_taken", number=number) from exc
    publish(OrdersShipped(shipment_ids=(result.id,)) if result else OrdersChanged(reason="unsure_settled"))
    return result


def _settle(
    db: Database, *, order_no: str, number: str, actor: str, now: datetime, shop_id: int | None = None
) -> shipping.Shipped | None:
    from waybill_ui.services.ewaybill import issue as ewaybill  # the recording step is shared with a normal issue

    with db.write() as session:
        issue = held(session, order_no, shop_id)
        if issue is None or not is_unsure(issue):
            raise NotFound("ewaybill.unsure_none", order_no=order_no)
        if number:
            got = EwaybillIssued(
                order_code=issue.order_code,
                number=number,
                raw={"entered_by": actor, "note": "looked up by the seller after a lost answer"},
            )
            audit.record(
                session,
                actor=actor,
                entity="ewaybill_issue",
                entity_id=issue.id,
                action="settle_number",
                details={"order_code": issue.order_code, "number": number},
            )
            return ewaybill.finish_in(session, issue_id=row_id(issue), got=got, actor=actor, now=now)
        issue.status, issue.error = "failed", "no number issued (confirmed by the seller)"
        session.add(issue)
        audit.record(
            session,
            actor=actor,
            entity="ewaybill_issue",
            entity_id=issue.id,
            action="settle_none",
            details={"order_code": issue.order_code},
        )
    return None


def issue_carrier(db: Database, order_no: str, shop_id: int | None = None) -> str:
    with db.read() as session:
        issue = held(session, order_no, shop_id)
        if issue is None:
            raise NotFound("ewaybill.unsure_none", order_no=order_no)
        return issue.carrier
