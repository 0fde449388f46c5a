"""Reprinting e-waybill labels (补打) under the provider's rules.

Every reprint is counted on the issue row. Where the provider has a reprint call (Kuaidi100
`printOld`) the reprint goes through it first — the provider counts it too and refuses past its
limit (10 within 2 days) — and our own count refuses the same limit before any call, with the
number and the rule in the message. A refused reprint prints nothing and counts nothing.
Pages and the API both reach this through services/printing/prepare.py and services/printing/labels.py."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select, col
from typing import TYPE_CHECKING

from waybill_ui.carriers.ewaybill import REPRINT_RULES, REPRINTS_AT_PROVIDER
from waybill_ui.carriers.protocol import ProviderError
from waybill_ui.db import Database
from waybill_ui.db.models import EwaybillAccount, EwaybillIssue, Shipment
from waybill_ui.db.rows import must_get, row_id, stored_ids
from waybill_ui.clock import utcnow
from waybill_ui.services.ewaybill import accounts as ewaybill_accounts
from waybill_ui.services.common.errors import Conflict, Invalid

if TYPE_CHECKING:  # annotations only
    from waybill_ui.services.ewaybill.issue import ProviderFor


def reprint_refusal(issue: EwaybillIssue, now: datetime) -> Conflict | None:
    """The provider's reprint rule (Kuaidi100: 10 within 2 days), or None when one more is fine."""
    rule = REPRINT_RULES.get(issue.provider)
    if rule is None:
        return None
    limit, window_h = rule
    if window_h and issue.issued_at and now - issue.issued_at > timedelta(hours=window_h):
        return Conflict("ewaybill.reprint_window", code="reprint_limit", number=issue.number)
    if len(issue.reprints) >= limit:
        return Conflict("ewaybill.reprint_limit", code="reprint_limit", number=issue.number, count=len(issue.reprints))
    return None


def _issues_of(session: Session, shipment_ids: list[int]) -> list[EwaybillIssue]:
    return list(
        session.exec(
            select(EwaybillIssue)
            .join(
                Shipment,
                (col(Shipment.order_id) == col(EwaybillIssue.order_id))
                & (col(Shipment.number) == col(EwaybillIssue.number)),
            )
            .where(col(Shipment.id).in_(shipment_ids), EwaybillIssue.status == "issued")
        )
    )


def count_reprints(session: Session, *, shipment_ids: list[int], now: datetime) -> None:
    """Labels printed again: each e-waybill among them counts one reprint, refused past the
    provider's limit (the whole print is refused, so nothing is half counted)."""
    issues = _issues_of(session, shipment_ids) if shipment_ids else []
    for issue in issues:
        refusal = reprint_refusal(issue, now)
        if refusal is not None:
            raise refusal
    for issue in issues:
        issue.reprints = [*issue.reprints, now.isoformat()]
        session.add(issue)


@dataclass
class _Due:
    issue_id: int
    number: str
    task_id: str
    account: EwaybillAccount


def _due(db: Database, shipment_ids: list[int], now: datetime) -> list[_Due]:
    """E-waybills among these shipments that are about to be printed AGAIN and whose provider has a
    reprint call; our count refuses past the limit before anything is sent."""
    with db.read() as session:
        again = stored_ids(
            session.exec(
                select(col(Shipment.id)).where(col(Shipment.id).in_(shipment_ids), col(Shipment.printed_count) > 0)
            )
        )
        out = []
        for issue in _issues_of(session, again) if again else []:
            refusal = reprint_refusal(issue, now)
            if refusal is not None:
                raise refusal
            account = session.get(EwaybillAccount, issue.account_id)
            if account is None or issue.provider not in REPRINTS_AT_PROVIDER or not issue.task_id:
                continue  # reprinted locally only (counted when the labels are drawn)
            session.expunge(account)
            out.append(_Due(row_id(issue), issue.number, issue.task_id, account))
        return out


async def at_providers(
    db: Database, *, shipment_ids: list[int], provider_for: ProviderFor | None, now: datetime | None = None
) -> int:
    """Send the reprints to the providers that count them; returns how many were sent. A refusal
    raises with the provider's reason; the ones it accepted before are counted here at once."""
    now = now or utcnow()
    due = await asyncio.to_thread(_due, db, shipment_ids, now)
    if not due or provider_for is None:
        return 0
    sent: list[int] = []
    for item in due:
        try:
            await provider_for(item.account).reprint(account=ewaybill_accounts.wire(item.account), task_id=item.task_id)
        except ProviderError as exc:
            await asyncio.to_thread(_count, db, sent, now)
            raise Conflict(
                "ewaybill.reprint_refused", code="reprint_refused", number=item.number, reason=str(exc)[:160]
            ) from exc
        sent.append(item.issue_id)
    return len(sent)


def _count(db: Database, issue_ids: list[int], now: datetime) -> None:
    if not issue_ids:
        return
    with db.write() as session:
        for row in session.exec(select(EwaybillIssue).where(col(EwaybillIssue.id).in_(issue_ids))):
            row.reprints = [*row.reprints, now.isoformat()]
            session.add(row)


async def reprint(
    db: Database, *, shipment_id: int, actor: str, provider_for: ProviderFor, now: datetime | None = None
) -> int:
    """One e-waybill reprinted through its provider without drawing a label (the provider renders
    it, e.g. Kuaidi100 cloud print); counted and refused past the limit. Returns the count."""
    now = now or utcnow()
    with db.read() as session:
        shipment = session.get(Shipment, shipment_id)
        issues = _issues_of(session, [shipment_id]) if shipment else []
        if not issues:
            raise Invalid("ewaybill.not_ewaybill", id=shipment_id)
        issue = issues[0]
        account = must_get(session, EwaybillAccount, issue.account_id)
        session.expunge(account)
    refusal = reprint_refusal(issue, now)
    if refusal is not None:
        raise refusal
    await provider_for(account).reprint(account=ewaybill_accounts.wire(account), task_id=issue.task_id)
    await asyncio.to_thread(_count, db, [row_id(issue)], now)
    with db.read() as session:
        return len(must_get(session, EwaybillIssue, issue.id).reprints)
