"""The balance (支付账户余额): an append-only ledger; the balance is always the sum of entries."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Select, Subquery, func, select
from sqlmodel import Session, col

from typing import Any
from waybill_ui.db import Database
from waybill_ui.db.models import LedgerEntry, LedgerKind
from waybill_ui.clock import fmt_local
from waybill_ui.services.accounts import audit
from waybill_ui.services.accounts import users
from waybill_ui.services.common.errors import Invalid, NotFound
from waybill_ui.services.common.spreadsheet import csv_bytes
from waybill_ui.services.accounts.users import Principal
from waybill_ui.texts import tr

# One top-up above this is almost surely a typo (an extra zero); the owner can split it.
MAX_TOPUP_FEN = 100_000_000  # ¥1,000,000


def balance_in(session: Session) -> int:
    return int(session.execute(select(func.coalesce(func.sum(LedgerEntry.amount_fen), 0))).scalar_one())


def balance(db: Database) -> int:
    with db.read() as session:
        return balance_in(session)


def append(
    session: Session,
    *,
    kind: LedgerKind | str,
    amount_fen: int,
    reference: str,
    actor: str,
    purchase_id: int | None = None,
) -> LedgerEntry:
    """Add an entry inside the caller's transaction (so money moves with the change it pays for).
    Signs: top-ups and refunds positive, purchases and fees negative."""
    kind = LedgerKind(kind)
    if kind in (LedgerKind.topup, LedgerKind.refund) and amount_fen <= 0:
        raise ValueError(f"a {kind} must be positive")
    if kind in (LedgerKind.purchase, LedgerKind.fee) and amount_fen >= 0:
        raise ValueError(f"a {kind} must be negative")
    entry = LedgerEntry(
        kind=kind, amount_fen=amount_fen, reference=reference[:200], purchase_id=purchase_id, created_by=actor
    )
    session.add(entry)
    session.flush()
    audit.record(
        session,
        actor=actor,
        entity="ledger",
        entity_id=entry.id,
        action=str(kind),
        details={"amount_fen": amount_fen, "purchase_id": purchase_id},
    )
    return entry


def top_up(db: Database, *, amount_fen: int, reference: str, actor: Principal, channel: str = "") -> LedgerEntry:
    """The owner records money paid into the account (bank transfer, Alipay…) with its reference."""
    users.require_owner(actor)
    reference = (reference or "").strip()
    if not isinstance(amount_fen, int) or amount_fen <= 0:
        raise Invalid("ledger.topup_positive")
    if amount_fen > MAX_TOPUP_FEN:
        raise Invalid("ledger.topup_too_large", limit=f"{MAX_TOPUP_FEN // 100:,}")
    if not reference:
        raise Invalid("ledger.reference_required")
    if len(reference) > 200:
        raise Invalid("ledger.reference_too_long")
    with db.write() as session:
        return append(
            session,
            kind=LedgerKind.topup,
            amount_fen=amount_fen,
            reference=reference,
            actor=f"{channel}:{actor.username}" if channel else actor.username,
        )


@dataclass
class LedgerRow:
    id: int
    created_at: datetime
    kind: str
    amount_fen: int
    balance_after_fen: int
    reference: str
    purchase_id: int | None
    created_by: str
    is_demo: bool


def _with_running_balance(kind: str | None) -> tuple[Subquery, Select[Any]]:
    """Every entry with the balance right after it (a window over the whole ledger, so the
    running balance stays right when the list is filtered by kind)."""
    running = select(
        LedgerEntry, func.sum(LedgerEntry.amount_fen).over(order_by=col(LedgerEntry.id)).label("after")
    ).subquery()
    query = select(running)
    if kind:
        query = query.where(running.c.kind == kind)
    return running, query


def _row(r: Any) -> LedgerRow:
    return LedgerRow(
        id=r.id,
        created_at=r.created_at,
        kind=r.kind,
        amount_fen=r.amount_fen,
        balance_after_fen=int(r.after),
        reference=r.reference,
        purchase_id=r.purchase_id,
        created_by=r.created_by,
        is_demo=bool(r.is_demo),
    )


def history(db: Database, *, page: int = 1, size: int = 50, kind: str | None = None) -> tuple[list[LedgerRow], int]:
    """One page of the ledger, newest first, each entry with the balance after it; and the total."""
    if kind:
        kind = LedgerKind(kind).value
    page, size = max(1, page), max(1, min(size, 500))
    running, query = _with_running_balance(kind)
    with db.read() as session:
        total_query = select(func.count()).select_from(LedgerEntry)
        if kind:
            total_query = total_query.where(col(LedgerEntry.kind) == kind)
        total = int(session.execute(total_query).scalar_one())
        rows = session.execute(query.order_by(running.c.id.desc()).offset((page - 1) * size).limit(size)).all()
    return [_row(r) for r in rows], total


def get_entry(db: Database, entry_id: int) -> LedgerRow:
    running, query = _with_running_balance(None)
    with db.read() as session:
        row = session.execute(query.where(running.c.id == entry_id)).first()
    if row is None:
        raise NotFound("ledger.not_found", id=entry_id)
    return _row(row)


CSV_COLUMNS = (
    "ledger.csv.time",
    "ledger.csv.kind",
    "ledger.csv.amount",
    "ledger.csv.balance",
    "ledger.csv.reference",
    "ledger.csv.purchase",
    "ledger.csv.by",
)


def _yuan(fen: int) -> Decimal:
    # a number, not text: spreadsheets sum it, and a minus sign is no formula
    return Decimal(fen).scaleb(-2).quantize(Decimal("0.01"))


def export_rows(db: Database, *, kind: str | None = None, lang: str = "zh") -> Iterator[list[str | Decimal]]:
    """The whole ledger (oldest first, as an accountant reads it), header first."""
    if kind:
        kind = LedgerKind(kind).value
    running, query = _with_running_balance(kind)
    yield [tr(key, lang) for key in CSV_COLUMNS]
    with db.read() as session:
        for r in session.execute(query.order_by(running.c.id)).yield_per(1000):
            row = _row(r)
            yield [
                fmt_local(row.created_at, "%Y-%m-%d %H:%M:%S"),
                tr(f"ledger.kind.{row.kind}", lang),
                _yuan(row.amount_fen),
                _yuan(row.balance_after_fen),
                row.reference,
                str(row.purchase_id or ""),
                row.created_by,
            ]


def export_csv(db: Database, *, kind: str | None = None, lang: str = "zh") -> bytes:
    """CSV for Excel (UTF-8 with BOM; a typed reference can never become a formula)."""
    return csv_bytes(None, export_rows(db, kind=kind, lang=lang))
