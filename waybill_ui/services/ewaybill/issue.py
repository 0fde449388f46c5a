"""Issue an e-waybill number for one order at the moment of shipping (电子面单取号发货), and
cancel / reprint it under the provider's rules.

Never two numbers for one order: step 1 commits an issue row whose `order_code` is sent to the
provider as the idempotency key BEFORE the call; step 2 calls the provider outside any
transaction; step 3 records the number and the shipment in one transaction. A retry after a
timeout, a crash between 2 and 3, or a second member of staff shipping the same order reuses the
same code, and the provider answers "already issued" with the same number. Only a number
cancelled at the provider frees the order for a new code (attempt + 1)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select, col
from typing import TYPE_CHECKING

from waybill_ui.runtime import http_of, providers_of
from waybill_ui.events import OrdersShipped, publish
from waybill_ui.carriers import codes
from waybill_ui.carriers import ewaybill_kinds as kinds
from waybill_ui.carriers.ewaybill import EwaybillProvider
from waybill_ui.carriers.protocol import EwaybillIssued, EwaybillOrder, EwaybillRefused, Party, ProviderError
from waybill_ui.db import Database
from waybill_ui.db.models import EwaybillAccount, EwaybillIssue, Order, Shipment, Waybill, WaybillOrigin, WaybillStatus
from waybill_ui.db.rows import must_get, row_id
from waybill_ui.clock import utcnow
from waybill_ui.services.accounts import audit
from waybill_ui.services.ewaybill import accounts as ewaybill_accounts
from waybill_ui.services.ewaybill import unsure as ewaybill_unsure
from waybill_ui.services.pool import history as pool_audit
from waybill_ui.services.settings import senders
from waybill_ui.services.shipping import single as shipping
from waybill_ui.services.orders import shops
from waybill_ui.services.common.errors import Conflict, Invalid, NotFound, ServiceError
from waybill_ui.services.shipping import parcels as parcel_ship
from waybill_ui.texts import tr

if TYPE_CHECKING:  # annotations only
    from waybill_ui.runtime import Runtime

ProviderFor = Callable[[EwaybillAccount], EwaybillProvider]
LIVE = ("requested", "issued")


class IssueFailed(ServiceError):
    """The provider refused or could not be reached; the order stays pending and can be retried."""

    status, code = 502, "ewaybill_failed"


class QuotaExhausted(ServiceError):
    """The account's quota is used up (as counted here after the provider's last figure): the
    order stays pending and no call is made."""

    status, code = 409, "ewaybill_quota"


def has_account(db: Database, carrier: str) -> bool:
    with db.read() as session:
        return ewaybill_accounts.account_for(session, carrier) is not None


def account_carriers(db: Database) -> set[str]:
    with db.read() as session:
        return set(ewaybill_accounts.quota_in(session))


def later_reason(carrier: str, order_no: str, lang: str | None) -> str:
    from waybill_ui.texts import tr

    return tr("ewaybill.issue_later", lang, carrier=codes.name_of(carrier), order_no=order_no)


def _party_of_order(order: Order) -> Party:
    return Party(
        order.receiver_name,
        order.phone or order.landline,
        order.province,
        order.city,
        order.district,
        order.address or order.full_address,
        extension=order.phone_ext if order.phone else "",
    )


def begin_in(
    session: Session, *, order_no: str, account: EwaybillAccount, sender_party: Party, shop_id: int | None = None
) -> tuple[EwaybillIssue, EwaybillOrder]:
    """Step 1 for one order inside a caller's transaction: the issue row (or the live one) and what to send."""
    order = shipping.load_pending(session, order_no, shop_id)
    # a merged parcel's e-waybill is its group's first order's (one issue row, one idempotency key);
    # a split order asks for one number per parcel to ship (子母件 where the provider gives children)
    target = parcel_ship.target_in(session, order)
    order = target.lead
    receiver = _party_of_order(order)
    if not (receiver.name and receiver.phone and receiver.address):
        raise Invalid("ewaybill.no_receiver", code="ewaybill_params", order_no=order_no)
    issue = _live_issue(session, row_id(order))
    if issue is not None and issue.status == "issued":  # a split order's e-waybill gave too few children
        raise Conflict("parcels.ewaybill_parcels_left", code="ewaybill_parcels_left", order_no=order.order_no)
    if issue is None and ewaybill_accounts.exhausted(account):
        raise QuotaExhausted(
            "ewaybill.quota_exhausted",
            order_no=order_no,
            carrier=codes.name_of(account.carrier),
            quota=max(0, ewaybill_accounts.view(account).quota or 0),
        )
    if issue is None:
        attempt = 1 + (
            session.exec(select(func.max(EwaybillIssue.attempt)).where(EwaybillIssue.order_id == order.id)).one() or 0
        )
        issue = EwaybillIssue(
            order_id=row_id(order),
            attempt=attempt,
            order_code=shops.issue_code(order.order_no, order.shop_id, attempt),
            account_id=row_id(account),
            provider=account.provider,
            carrier=account.carrier,
        )
        session.add(issue)
    # Where the provider may not dedupe our code, a lost answer must hold the order (services/ewaybill/unsure.py).
    ewaybill_unsure.before_send(issue)
    session.add(issue)
    session.flush()
    payload = EwaybillOrder(
        order_code=issue.order_code,
        carrier=account.carrier,
        sender=sender_party,
        receiver=receiver,
        goods=(order.items or "商品")[:50],
        quantity=len(target.parcels),
        weight_kg=round((order.weight_g or 0) / 1000, 3),
    )
    return issue, payload


def context_in(session: Session, carrier: str) -> tuple[EwaybillAccount, Party]:
    """The carrier's account and the shop's sender, or a clear error."""
    account = ewaybill_accounts.account_for(session, carrier)
    if account is None:
        raise NotFound("ewaybill.account_not_found", id=carrier)
    sender = senders.default_in(session)
    if sender is None:
        raise Invalid("ewaybill.no_sender", code="ewaybill_no_sender")
    return account, Party(sender.name, sender.phone, sender.province, sender.city, sender.district, sender.address)


def _begin(
    db: Database, *, order_no: str, carrier: str, shop_id: int | None = None
) -> tuple[EwaybillIssue, EwaybillAccount, EwaybillOrder]:
    with db.write() as session:
        account, sender = context_in(session, carrier)
        issue, payload = begin_in(session, order_no=order_no, account=account, sender_party=sender, shop_id=shop_id)
        session.refresh(account)
        session.expunge(issue)
        session.expunge(account)
    return issue, account, payload


def _live_issue(session: Session, order_id: int) -> EwaybillIssue | None:
    return session.exec(
        select(EwaybillIssue).where(EwaybillIssue.order_id == order_id, col(EwaybillIssue.status).in_(LIVE))
    ).first()


def explain(exc: ProviderError, carrier: str, lang: str | None) -> IssueFailed:
    name = codes.name_of(carrier)
    if isinstance(exc, EwaybillRefused):
        return IssueFailed(
            f"ewaybill.kind_{exc.kind if exc.kind in _KNOWN else kinds.OTHER}",
            code=f"ewaybill_{exc.kind}",
            carrier=name,
            reason=str(exc)[:120],
        )
    if not exc.transient:  # settings missing or refused: a person must fix them
        return IssueFailed("ewaybill.kind_sign", code="ewaybill_sign", reason=str(exc)[:120])
    return IssueFailed("ewaybill.kind_transient", code="ewaybill_unreachable", reason=str(exc)[:120])


_KNOWN = {kinds.QUOTA, kinds.ADDRESS, kinds.ACCOUNT, kinds.SIGN, kinds.PARAMS, kinds.OTHER}


def note_error(db: Database, issue_id: int, exc: Exception) -> None:
    with db.write() as session:
        note_error_in(session, issue_id, exc)


def note_error_in(session: Session, issue_id: int, exc: Exception) -> None:
    """The last refusal stays on the issue row; its order code is reused by the retry (a clear
    refusal also lifts the "unsure" hold: nothing was issued)."""
    row = session.get(EwaybillIssue, issue_id)
    if row is not None and row.status == "requested":
        row.error = str(exc)[:300]
        ewaybill_unsure.after_failure(row, exc)
        session.add(row)


def finish_in(session: Session, *, issue_id: int, got: EwaybillIssued, actor: str, now: datetime) -> shipping.Shipped:
    """Step 3 inside a caller's transaction: number, shipment, order shipped, quota counted."""
    issue = must_get(session, EwaybillIssue, issue_id)
    order = must_get(session, Order, issue.order_id)
    if issue.status == "issued":  # someone else finished it meanwhile
        existing = session.exec(
            select(Shipment).where(Shipment.order_id == order.id, col(Shipment.cancelled_at).is_(None))
        ).first()
        if existing is not None and existing.number == got.number:
            return shipping.Shipped(
                row_id(existing), order.order_no, existing.carrier_code, existing.number, existing.status, "ewaybill"
            )
    shipping.load_pending(session, order.order_no, order.shop_id)  # raises "already shipped" for the slower one
    shipping.ensure_carrier(session, issue.carrier)
    target = parcel_ship.target_in(session, order)
    # the parent number for the first parcel, child numbers (子母件) for the next ones; a provider
    # that gives fewer leaves the other parcels waiting (部分发货) for pool or typed numbers
    given = list(dict.fromkeys([got.number, *got.child_numbers]))[: len(target.parcels)]
    numbers: list[tuple[int, str]] = []
    for value in given:
        waybill = Waybill(
            carrier_code=issue.carrier,
            number=value,
            status=WaybillStatus.used,
            origin=WaybillOrigin.ewaybill,
            created_at=now,
            updated_at=now,
        )
        session.add(waybill)
        session.flush()
        numbers.append((row_id(waybill), value))
    pool_audit.record_numbers(
        session,
        [(issue.carrier, value, wid) for wid, value in numbers],
        action="allocate",
        from_status="new",
        to_status=WaybillStatus.used,
        actor=actor,
        reason=f"e-waybill for order {order.order_no} ({issue.order_code})",
    )
    issue.status, issue.number, issue.issued_at, issue.error = "issued", got.number, now, ""
    issue.child_numbers, issue.sort_name, issue.sorting_code = got.child_numbers, got.sort_name, got.sorting_code
    issue.package_code, issue.package_name = got.package_code, got.package_name
    issue.provider_order_id, issue.task_id, issue.answer = got.provider_order_id, got.task_id, got.raw
    session.add(issue)
    # Counted here once, whether the provider issued it now or before a crash/retry.
    ewaybill_accounts.count_issue(session, issue.account_id)
    warning = (
        ""
        if len(numbers) == len(target.parcels)
        else tr("parcels.children_short", None, got=len(numbers), need=len(target.parcels))
    )
    shipped = shipping.record_parcels(
        session,
        target=target,
        numbers=numbers,
        carrier=issue.carrier,
        actor=actor,
        now=now,
        reason="ewaybill",
        warning=warning,
    )
    # The provider's sorting codes go where the label reads them: 三段码 and 大头笔 zones.
    for shipment_id, _, _ in shipped.parcels:
        row = must_get(session, Shipment, shipment_id)
        row.route_code, row.sort_name = (got.sorting_code or "")[:40], (got.sort_name or "")[:60]
        session.add(row)
    return shipped


def _finish(db: Database, *, issue_id: int, got: EwaybillIssued, actor: str, now: datetime) -> shipping.Shipped:
    try:
        with db.write() as session:
            return finish_in(session, issue_id=issue_id, got=got, actor=actor, now=now)
    except IntegrityError as exc:
        raise Conflict("ship.already_shipped", code="already_shipped", order_no=str(issue_id)) from exc


async def issue_and_ship(
    db: Database,
    *,
    order_no: str,
    carrier: str,
    actor: str,
    provider_for: ProviderFor,
    now: datetime | None = None,
    lang: str | None = "zh",
    shop_id: int | None = None,
) -> shipping.Shipped:
    """`shop_id`: the order's shop, needed only when its number is in two shops (services/orders/shops.py)."""
    now = now or utcnow()
    # A quota counted as used up is checked with the provider first: the seller may have topped it up.
    await ewaybill_accounts.refresh_if_short(db, carrier=carrier, need=1, provider_for=provider_for)
    # The database steps run in a worker thread so a batch's provider calls keep flowing meanwhile.
    try:
        issue, account, payload = await asyncio.to_thread(
            _begin, db, order_no=order_no, carrier=carrier, shop_id=shop_id
        )
    except IntegrityError:  # a second member of staff inserted the same attempt first: use theirs
        issue, account, payload = await asyncio.to_thread(
            _begin, db, order_no=order_no, carrier=carrier, shop_id=shop_id
        )
    try:
        got = await provider_for(account).issue(payload, ewaybill_accounts.wire(account))
    except ProviderError as exc:
        await asyncio.to_thread(note_error, db, row_id(issue), exc)
        raise explain(exc, carrier, lang) from exc
    result = await asyncio.to_thread(_finish, db, issue_id=row_id(issue), got=got, actor=actor, now=now)
    if account.quota_local is not None and account.quota_local - 1 < account.low_quota:  # crossed the alert line
        await asyncio.to_thread(ewaybill_accounts.check_quota, db)
    publish(OrdersShipped(shipment_ids=(result.id,)))
    return result


def issue_of_shipment(session: Session, shipment: Shipment) -> EwaybillIssue | None:
    return session.exec(
        select(EwaybillIssue).where(
            EwaybillIssue.order_id == shipment.order_id,
            EwaybillIssue.number == shipment.number,
            EwaybillIssue.status == "issued",
        )
    ).first()


async def cancel(
    db: Database,
    *,
    shipment_id: int,
    actor: str,
    provider_for: ProviderFor,
    reason: str = "",
    now: datetime | None = None,
) -> shipping.Shipped:
    """Cancel at the provider first; a refusal (already picked up…) changes nothing here."""
    with db.read() as session:
        shipment = session.get(Shipment, shipment_id)
        if shipment is None:
            raise NotFound("ship.shipment_not_found", id=shipment_id)
        issue = issue_of_shipment(session, shipment)
        if issue is None:
            raise Invalid("ewaybill.not_ewaybill", id=shipment_id)
        account = session.get(EwaybillAccount, issue.account_id)
        if shipment.cancelled_at is not None or shipment.picked_up_at is not None:
            # the local rules say no already: let them explain it without calling the provider
            return shipping.cancel_shipment(db, shipment_id=shipment_id, actor=actor, reason=reason, now=now)
        if account is None:
            raise NotFound("ewaybill.account_not_found", id=issue.account_id)
        session.expunge(account)
    try:
        await provider_for(account).cancel(
            account=ewaybill_accounts.wire(account),
            order_code=issue.order_code,
            number=issue.number,
            provider_order_id=issue.provider_order_id,
        )
    except ProviderError as exc:
        raise Conflict(
            "ewaybill.cancel_refused", code="ewaybill_cancel_refused", number=issue.number, reason=str(exc)[:160]
        ) from exc
    result = shipping.cancel_shipment(db, shipment_id=shipment_id, actor=actor, reason=reason, now=now)
    with db.write() as session:
        row = must_get(session, EwaybillIssue, issue.id)
        row.status = "cancelled"
        session.add(row)
        audit.record(
            session,
            actor=actor,
            entity="ewaybill_issue",
            entity_id=row.id,
            action="cancel",
            details={"number": row.number, "order_code": row.order_code},
        )
    return result


def runtime_provider_for(rt: Runtime) -> ProviderFor:
    """Providers for accounts, built from the running app's settings and shared HTTP client."""
    from waybill_ui.carriers import registry
    from waybill_ui.services.settings.providers import sandbox_url_of

    def provider_for(account: EwaybillAccount) -> EwaybillProvider:
        return registry.ewaybill_provider(
            account.provider,
            rt.settings,
            http_of(rt),
            sandbox_url_of(providers_of(rt)),
            api_secret=account.customer_pwd,
        )

    return provider_for


def is_ewaybill(db: Database, shipment_id: int) -> bool:
    with db.read() as session:
        shipment = session.get(Shipment, shipment_id)
        return shipment is not None and issue_of_shipment(session, shipment) is not None


async def cancel_any(
    db: Database,
    *,
    shipment_id: int,
    actor: str,
    provider_for: ProviderFor | None,
    reason: str = "",
    now: datetime | None = None,
) -> shipping.Shipped:
    """Cancel before pickup, whichever way the number came: an e-waybill at its provider first,
    a pool number locally (services/shipping/single.py). Pages and routes call this one."""
    if provider_for is not None and await asyncio.to_thread(is_ewaybill, db, shipment_id):
        return await cancel(db, shipment_id=shipment_id, actor=actor, provider_for=provider_for, reason=reason, now=now)
    return await asyncio.to_thread(
        shipping.cancel_shipment, db, shipment_id=shipment_id, actor=actor, reason=reason, now=now
    )
