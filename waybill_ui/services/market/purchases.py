"""Buying number packages (购买单号): checkout with an idempotency key, the purchase history, and
cancel-with-refund. Getting the numbers from the provider is services/market/number_sync.py.

Money rules: payment, purchase record and ledger entry are one transaction; the same key never
pays twice; the balance never goes below zero (writes are serialized, the check and the debit
happen under the same write lock); a purchase that ends without all its numbers is refunded for
exactly the numbers that did not arrive.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlmodel import Session, col

from waybill_ui.events import PurchaseChanged, PurchasePaid, emit
from waybill_ui.carriers.codes import name_of
from waybill_ui.db import Database
from waybill_ui.db.models import CarrierPackage, LedgerEntry, LedgerKind, Purchase, PurchaseStatus, Waybill
from waybill_ui.db.rows import row_id
from waybill_ui.clock import SHANGHAI, utcnow
from waybill_ui.services.alerts import raising as alerts
from waybill_ui.services.accounts import audit
from waybill_ui.services.market import ledger
from waybill_ui.services.accounts import users
from waybill_ui.services.common.errors import Conflict, Invalid, NotFound, PaymentRequired
from waybill_ui.services.accounts.users import Principal
from waybill_ui.texts import tr

MAX_PACKAGES = 50  # per checkout
MAX_NUMBERS = 100_000  # per purchase: what the provider issues in one order
OPEN = (PurchaseStatus.paid, PurchaseStatus.sync_pending)
FINAL = (PurchaseStatus.synced, PurchaseStatus.refunded, PurchaseStatus.rejected)
STATUSES = tuple(s.value for s in PurchaseStatus)


def order_ref(purchase: Purchase) -> str:
    """The provider's order reference: stable across retries and restarts, unique per purchase."""
    digest = hashlib.sha256(purchase.idempotency_key.encode()).hexdigest()[:10]
    return f"WB{purchase.id}-{digest}"


def alert_key(purchase_id: int) -> str:
    return f"purchase_stuck:{purchase_id}"


def actor_name(actor: Principal, channel: str) -> str:
    return f"{channel}:{actor.username}" if channel else actor.username


def _yuan(fen: int) -> str:
    return f"¥{fen / 100:,.2f}"


# --- checkout ----------------------------------------------------------------------------------


@dataclass
class Summary:
    """What the checkout page shows before paying."""

    package: CarrierPackage
    carrier_name: str
    quantity: int
    numbers: int
    unit_price_fen: float
    total_fen: int
    valid_until: date
    balance_fen: int

    @property
    def balance_after_fen(self) -> int:
        return self.balance_fen - self.total_fen

    @property
    def missing_fen(self) -> int:
        return max(0, self.total_fen - self.balance_fen)


def _package(session: Session, package_id: str, quantity: int) -> CarrierPackage:
    if not isinstance(quantity, int) or not 1 <= quantity <= MAX_PACKAGES:
        raise Invalid("purchase.bad_quantity", max=MAX_PACKAGES)
    package = session.get(CarrierPackage, package_id or "")
    if package is None:
        raise NotFound("purchase.package_not_found", package=package_id or "")
    if not package.active:
        raise Invalid("purchase.package_inactive", package=package_id)
    if package.quantity * quantity > MAX_NUMBERS:
        raise Invalid("purchase.too_many_numbers", max=f"{MAX_NUMBERS:,}")
    return package


def summary(db: Database, *, package_id: str, quantity: int, today: date | None = None) -> Summary:
    with db.read() as session:
        package = _package(session, package_id, quantity)
        balance = ledger.balance_in(session)
    today = today or utcnow().astimezone(SHANGHAI).date()
    return Summary(
        package=package,
        carrier_name=name_of(package.carrier_code),
        quantity=quantity,
        numbers=package.quantity * quantity,
        unit_price_fen=package.price_fen / package.quantity,
        total_fen=package.price_fen * quantity,
        valid_until=today + timedelta(days=package.validity_days),
        balance_fen=balance,
    )


@dataclass
class CheckoutResult:
    purchase: Purchase
    created: bool  # False: this key had already paid; nothing was charged again


def checkout(
    db: Database, *, package_id: str, quantity: int, idempotency_key: str, actor: Principal, channel: str = ""
) -> CheckoutResult:
    """Pay for `quantity` packages from the balance. The same key returns the same purchase."""
    users.require_owner(actor)
    key = (idempotency_key or "").strip()
    if not key or len(key) > 128 or key.endswith(REJECTED_SUFFIX):  # the suffix marks refused attempts
        raise Invalid("purchase.key_required")
    who = actor_name(actor, channel)
    now = utcnow()
    with db.write() as session:
        existing = session.execute(select(Purchase).where(col(Purchase.idempotency_key) == key)).scalars().first()
        if existing is not None:
            if existing.package_id != package_id or existing.quantity != quantity:
                raise Conflict("purchase.key_reused", id=existing.id)
            return CheckoutResult(existing, created=False)
        package = _package(session, package_id, quantity)
        amount = package.price_fen * quantity
        balance = ledger.balance_in(session)
        if balance < amount:
            # Nothing is charged. The attempt is kept as a `rejected` purchase under a key of its
            # own, so the checkout's key stays free and the same checkout pays after a top-up.
            rejected = _rejected_attempt(
                session, key=key, package=package, quantity=quantity, amount=amount, balance=balance, who=who, now=now
            )
            short = (amount, balance, rejected.id)
        else:
            short = None
            purchase = Purchase(
                idempotency_key=key,
                **_bought(package, quantity, amount),
                status=PurchaseStatus.paid,
                paid_at=now,
                next_attempt_at=now,
                created_by=who,
            )
            session.add(purchase)
            session.flush()
            ledger.append(
                session,
                kind=LedgerKind.purchase,
                amount_fen=-amount,
                actor=who,
                purchase_id=purchase.id,
                reference=tr("purchase.ledger_reference", "zh", id=purchase.id, package=package.id, quantity=quantity),
            )
            audit.record(
                session,
                actor=who,
                entity="purchase",
                entity_id=purchase.id,
                action="pay",
                from_status=PurchaseStatus.created,
                to_status=PurchaseStatus.paid,
                details={
                    "package_id": package.id,
                    "quantity": quantity,
                    "amount_fen": amount,
                    "numbers": purchase.numbers_count,
                },
            )
            emit(session, PurchasePaid(purchase_id=row_id(purchase), actor=who))
    if short is not None:
        amount, balance, rejected_id = short
        error = PaymentRequired(
            "purchase.insufficient", missing=_yuan(amount - balance), amount=_yuan(amount), balance=_yuan(balance)
        )
        error.extra = {
            "missing_fen": amount - balance,
            "amount_fen": amount,
            "balance_fen": balance,
            "purchase_id": rejected_id,
        }
        raise error
    return CheckoutResult(purchase, created=True)


REJECTED_SUFFIX = "~rejected"


def _bought(package: CarrierPackage, quantity: int, amount: int) -> dict[str, Any]:
    """What a purchase records of the package bought, paid or refused alike: the numbers it brings,
    the price of one number (refunds of missing numbers are worked out from it) and the validity."""
    return {
        "package_id": package.id,
        "carrier_code": package.carrier_code,
        "quantity": quantity,
        "numbers_count": package.quantity * quantity,
        "unit_price_fen": package.price_fen // package.quantity,
        "amount_fen": amount,
        "validity_days": package.validity_days,
    }


def _rejected_attempt(
    session: Session,
    *,
    key: str,
    package: CarrierPackage,
    quantity: int,
    amount: int,
    balance: int,
    who: str,
    now: datetime,
) -> Purchase:
    """The refused attempt as a purchase (`created → rejected`), one per checkout key: a double
    click or a retry while the balance is still short finds the same record."""
    attempt_key = key[: 128 - len(REJECTED_SUFFIX)] + REJECTED_SUFFIX
    found: Purchase | None = (
        session.execute(select(Purchase).where(col(Purchase.idempotency_key) == attempt_key)).scalars().first()
    )
    if found is not None:
        return found
    purchase = Purchase(
        idempotency_key=attempt_key,
        **_bought(package, quantity, amount),
        status=PurchaseStatus.rejected,
        next_attempt_at=None,
        last_error="insufficient_balance",
        created_at=now,
        created_by=who,
    )
    session.add(purchase)
    session.flush()
    audit.record(
        session,
        actor=who,
        entity="purchase",
        entity_id=purchase.id,
        action="reject",
        from_status=PurchaseStatus.created,
        to_status=PurchaseStatus.rejected,
        reason="insufficient_balance",
        details={
            "package_id": package.id,
            "quantity": quantity,
            "amount_fen": amount,
            "balance_fen": balance,
            "key": key,
        },
    )
    return purchase


# --- reading -----------------------------------------------------------------------------------


@dataclass
class PurchaseInfo:
    purchase: Purchase
    refunded_fen: int = 0

    @property
    def carrier_name(self) -> str:
        return name_of(self.purchase.carrier_code)


def _refunds(session: Session, ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    rows = session.execute(
        select(col(LedgerEntry.purchase_id), func.sum(col(LedgerEntry.amount_fen)))
        .where(col(LedgerEntry.purchase_id).in_(ids), col(LedgerEntry.kind) == LedgerKind.refund)
        .group_by(col(LedgerEntry.purchase_id))
    ).all()
    return {pid: int(total) for pid, total in rows}


def get_purchase(db: Database, purchase_id: int) -> PurchaseInfo:
    with db.read() as session:
        purchase = session.get(Purchase, purchase_id)
        if purchase is None:
            raise NotFound("purchase.not_found", id=purchase_id)
        return PurchaseInfo(purchase, _refunds(session, [row_id(purchase)]).get(row_id(purchase), 0))


def find_by_key(db: Database, idempotency_key: str) -> Purchase | None:
    with db.read() as session:
        return (
            session.execute(select(Purchase).where(col(Purchase.idempotency_key) == idempotency_key)).scalars().first()
        )


def list_purchases(
    db: Database, *, status: str | None = None, carrier: str | None = None, page: int = 1, size: int = 20
) -> tuple[list[PurchaseInfo], int]:
    """One page of purchases, newest first, and how many match."""
    if status and status not in STATUSES:
        raise Invalid("purchase.bad_status", value=status)
    page, size = max(1, page), max(1, min(size, 500))
    filters: list[ColumnElement[bool]] = []
    if status:
        filters.append(col(Purchase.status) == status)
    if carrier:
        filters.append(col(Purchase.carrier_code) == carrier)
    with db.read() as session:
        total = int(session.execute(select(func.count()).select_from(Purchase).where(*filters)).scalar_one())
        rows = list(
            session.execute(
                select(Purchase).where(*filters).order_by(col(Purchase.id).desc()).offset((page - 1) * size).limit(size)
            ).scalars()
        )
        refunds = _refunds(session, [p.id for p in rows])
    return [PurchaseInfo(p, refunds.get(p.id, 0)) for p in rows], total


def received_in(session: Session, purchase_id: int) -> int:
    """Numbers of this purchase in the pool: the one source of truth for "how many arrived"."""
    return int(
        session.execute(
            select(func.count()).select_from(Waybill).where(col(Waybill.purchase_id) == purchase_id)
        ).scalar_one()
    )


# --- ending a purchase without all its numbers ----------------------------------------------------


def refund_missing(session: Session, purchase: Purchase, *, actor: str, reason: str, now: datetime) -> int:
    """Close an open purchase: refund the numbers that did not arrive (the ones that did stay in
    the pool, paid). Returns the refund in fen. Runs inside the caller's transaction."""
    have = received_in(session, row_id(purchase))
    kept = purchase.amount_fen * have // purchase.numbers_count
    refund = purchase.amount_fen - kept
    if refund > 0:
        ledger.append(
            session,
            kind=LedgerKind.refund,
            amount_fen=refund,
            actor=actor,
            purchase_id=purchase.id,
            reference=tr("purchase.refund_reference", "zh", id=purchase.id, missing=purchase.numbers_count - have),
        )
    before = purchase.status
    purchase.status, purchase.refunded_at, purchase.next_attempt_at = PurchaseStatus.refunded, now, None
    purchase.numbers_received = have
    session.add(purchase)
    audit.record(
        session,
        actor=actor,
        entity="purchase",
        entity_id=purchase.id,
        action="refund",
        from_status=before,
        to_status=PurchaseStatus.refunded,
        reason=reason,
        details={"refund_fen": refund, "received": have, "missing": purchase.numbers_count - have},
    )
    return refund


def cancel_purchase(db: Database, *, purchase_id: int, actor: Principal, channel: str = "") -> PurchaseInfo:
    """The owner stops waiting for the numbers: refund what has not arrived."""
    users.require_owner(actor)
    who = actor_name(actor, channel)
    with db.write() as session:
        purchase = session.get(Purchase, purchase_id)
        if purchase is None:
            raise NotFound("purchase.not_found", id=purchase_id)
        if purchase.status not in OPEN:
            raise Conflict("purchase.not_cancellable", id=purchase_id, state=tr(f"purchase.status.{purchase.status}"))
        refund = refund_missing(session, purchase, actor=who, reason="cancelled_by_owner", now=utcnow())
        alerts.clear_alert(session, dedupe_key=alert_key(row_id(purchase)), actor=who, note="cancelled and refunded")
        emit(session, PurchaseChanged(purchase_id=row_id(purchase)))
    return PurchaseInfo(purchase, refund)
