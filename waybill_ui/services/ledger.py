"""The balance (支付账户余额): an append-only ledger; the balance is always the sum of entries."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlmodel import Session

from waybill_ui.db import Database
from waybill_ui.db.models import LedgerEntry, LedgerKind
from waybill_ui.services import audit


def balance_in(session: Session) -> int:
    return int(session.execute(select(func.coalesce(func.sum(LedgerEntry.amount_fen), 0))).scalar_one())


def balance(db: Database) -> int:
    with db.read() as session:
        return balance_in(session)


def append(session: Session, *, kind: LedgerKind | str, amount_fen: int, reference: str, actor: str,
           purchase_id: int | None = None) -> LedgerEntry:
    """Add an entry inside the caller's transaction (so money moves with the change it pays for).
    Signs: top-ups and refunds positive, purchases and fees negative."""
    kind = LedgerKind(kind)
    if kind in (LedgerKind.topup, LedgerKind.refund) and amount_fen <= 0:
        raise ValueError(f"a {kind} must be positive")
    if kind in (LedgerKind.purchase, LedgerKind.fee) and amount_fen >= 0:
        raise ValueError(f"a {kind} must be negative")
    entry = LedgerEntry(kind=kind, amount_fen=amount_fen, reference=reference[:200], purchase_id=purchase_id,
                        created_by=actor)
    session.add(entry)
    session.flush()
    audit.record(session, actor=actor, entity="ledger", entity_id=entry.id, action=str(kind),
                 details={"amount_fen": amount_fen, "purchase_id": purchase_id})
    return entry
