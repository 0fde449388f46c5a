"""E-waybill accounts (电子面单账号): owner-only management, one account per carrier, secrets kept
like API keys — stored, used on the wire, never shown back, never exported or logged.

Quota is kept two ways: as the provider last reported it (`quota_reported`, Kdniao 1127) and as
counted here (`quota_local`: that figure minus numbers issued since, plus top-ups since)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, select, col
from typing import Any, TYPE_CHECKING

from waybill_ui.carriers import codes
from waybill_ui.carriers.protocol import EwaybillAccount as WireAccount
from waybill_ui.carriers import registry
from waybill_ui.db import Database
from waybill_ui.db.models import EwaybillAccount
from waybill_ui.db.rows import row_id
from waybill_ui.clock import utcnow
from waybill_ui.services.accounts import audit
from waybill_ui.services.common.errors import Conflict, Invalid, NotFound
from waybill_ui.services.accounts.users import Principal, require_owner

if TYPE_CHECKING:  # annotations only
    from waybill_ui.services.ewaybill.issue import ProviderFor

FIELDS = ("customer_name", "customer_pwd", "month_code", "send_site", "partner_id", "partner_key")
SECRET_FIELDS = frozenset({"customer_pwd", "partner_key"})  # and every field is masked anyway


@dataclass
class AccountView:
    """What pages and the API may show: no secret, only which fields are set."""

    id: int
    provider: str
    carrier: str
    quota: int | None  # the best figure: counted locally, else as reported
    quota_reported: int | None
    quota_local: int | None
    quota_checked_at: datetime | None
    issued_count: int
    low_quota: int
    fields_set: list[str]

    @property
    def carrier_name(self) -> str:
        return codes.name_of(self.carrier)

    @property
    def is_low(self) -> bool:
        return self.quota is not None and self.quota < self.low_quota


def view(row: EwaybillAccount) -> AccountView:
    quota = row.quota_local if row.quota_local is not None else row.quota_reported
    return AccountView(
        id=row_id(row),
        provider=row.provider,
        carrier=row.carrier,
        quota=quota,
        quota_reported=row.quota_reported,
        quota_local=row.quota_local,
        quota_checked_at=row.quota_checked_at,
        issued_count=row.issued_count,
        low_quota=row.low_quota,
        fields_set=[f for f in FIELDS if getattr(row, f)],
    )


def wire(row: EwaybillAccount) -> WireAccount:
    return WireAccount(carrier=row.carrier, **{f: getattr(row, f) for f in FIELDS})


def _needs(provider: str, values: dict[str, str]) -> None:
    """The login a provider identifies the account by, as the provider declares it (the carrier
    may want more; the provider says so)."""
    missing = registry.ewaybill_needs(provider, values)
    if missing:
        raise Invalid(missing)


def add_account(
    db: Database, *, provider: str, carrier: str, values: dict[str, str], actor: Principal, low_quota: int = 50
) -> AccountView:
    require_owner(actor)
    provider = (provider or "").strip().lower()
    if provider not in registry.ewaybill_providers():
        raise Invalid("ewaybill.unknown_provider", provider=provider, known="、".join(registry.ewaybill_providers()))
    code = codes.resolve(carrier or "")
    if code is None:
        raise Invalid("ship.unknown_carrier", carrier=carrier or "")
    clean: dict[str, Any] = {f: str(values.get(f) or "").strip() for f in FIELDS}
    if any(len(v) > 80 for v in clean.values()):
        raise Invalid("ewaybill.field_too_long")
    _needs(provider, clean)
    with db.write() as session:
        if session.exec(select(EwaybillAccount).where(EwaybillAccount.carrier == code)).first():
            raise Conflict("ewaybill.carrier_taken", carrier=codes.name_of(code))
        row = EwaybillAccount(
            provider=provider, carrier=code, low_quota=max(0, low_quota), created_by=actor.username, **clean
        )
        session.add(row)
        session.flush()
        # Only which fields were given goes into the audit log, never their values.
        audit.record(
            session,
            actor=actor.username,
            entity="ewaybill_account",
            entity_id=row.id,
            action="create",
            details={"provider": provider, "carrier": code, "fields": [f for f in FIELDS if clean[f]]},
        )
        return view(row)


def list_accounts(db: Database) -> list[AccountView]:
    with db.read() as session:
        return [view(r) for r in session.exec(select(EwaybillAccount).order_by(col(EwaybillAccount.id)))]


def delete_account(db: Database, *, account_id: int, actor: Principal) -> None:
    """Numbers already issued stay on their shipments; new ships of this carrier use the pool."""
    require_owner(actor)
    with db.write() as session:
        row = session.get(EwaybillAccount, account_id)
        if row is None:
            raise NotFound("ewaybill.account_not_found", id=account_id)
        audit.record(
            session,
            actor=actor.username,
            entity="ewaybill_account",
            entity_id=row.id,
            action="delete",
            details={"provider": row.provider, "carrier": row.carrier},
        )
        session.delete(row)


def account_for(session: Session, carrier: str) -> EwaybillAccount | None:
    return session.exec(select(EwaybillAccount).where(EwaybillAccount.carrier == carrier)).first()


def quota_by_carrier(db: Database) -> dict[str, int | None]:
    """carrier → e-waybill numbers it can still issue (None: unknown); for the pool page and planner."""
    with db.read() as session:
        return quota_in(session)


def quota_in(session: Session) -> dict[str, int | None]:
    """The same inside a caller's transaction (the matcher reads it with the pool stock)."""
    return {r.carrier: view(r).quota for r in session.exec(select(EwaybillAccount))}


def exhausted(row: EwaybillAccount) -> bool:
    """The one rule for "this account cannot issue": its quota is known and used up. An unknown
    quota is not exhausted — the provider decides (and says so when it is)."""
    quota = view(row).quota
    return quota is not None and quota <= 0


def count_issue(session: Session, account_id: int) -> None:
    """One more number issued: counted in the same transaction as the shipment."""
    session.execute(
        update(EwaybillAccount)
        .where(col(EwaybillAccount.id) == account_id)
        .values(issued_count=col(EwaybillAccount.issued_count) + 1, quota_local=col(EwaybillAccount.quota_local) - 1)
    )  # NULL stays NULL: nothing known to count from


def record_balance(db: Database, *, account_id: int, balance: int | None, now: datetime | None = None) -> AccountView:
    now = now or utcnow()
    with db.write() as session:
        row = session.get(EwaybillAccount, account_id)
        if row is None:
            raise NotFound("ewaybill.account_not_found", id=account_id)
        if balance is not None:
            row.quota_reported = row.quota_local = balance
        row.quota_checked_at = now
        session.add(row)
        return view(row)


def top_up(session: Session, *, carrier: str, count: int) -> EwaybillAccount | None:
    """A market purchase for a carrier with an account adds to that account's quota."""
    row = account_for(session, carrier)
    if row is not None and count > 0 and row.quota_local is not None:  # unknown stays unknown until checked
        row.quota_local = row.quota_local + count
        session.add(row)
    return row


def check_quota(db: Database, *, actor: str = "system") -> list[AccountView]:
    """Low-quota alerts, like low stock: open below the account's threshold, resolved above it."""
    from waybill_ui.services.alerts import raising as alerts
    from waybill_ui.texts import tr

    out = []
    with db.write() as session:
        for row in session.exec(select(EwaybillAccount)):
            v = view(row)
            key = f"ewaybill_low_quota:{row.carrier}"
            if v.is_low:
                alerts.raise_alert(
                    session,
                    kind="ewaybill_low_quota",
                    dedupe_key=key,
                    actor=actor,
                    carrier_code=row.carrier,
                    message=tr(
                        "ewaybill.alert_low", "zh", carrier=v.carrier_name, count=v.quota, threshold=v.low_quota
                    ),
                    details={"quota": v.quota, "threshold": v.low_quota},
                )
            else:
                alerts.clear_alert(session, dedupe_key=key, actor=actor, note="quota is enough again")
            out.append(v)
    return out


async def refresh_quota(
    db: Database, *, account_id: int, provider_for: ProviderFor, now: datetime | None = None
) -> AccountView:
    """Ask the provider for the balance (capability "balance", e.g. Kdniao 1127); providers without one keep the local count."""
    with db.read() as session:
        row = session.get(EwaybillAccount, account_id)
        if row is None:
            raise NotFound("ewaybill.account_not_found", id=account_id)
        session.expunge(row)
    balance = await provider_for(row).balance(wire(row))
    result = record_balance(db, account_id=account_id, balance=balance, now=now)
    check_quota(db)
    return result


async def refresh_if_short(db: Database, *, carrier: str, need: int, provider_for: ProviderFor) -> None:
    """Before refusing orders for want of quota, ask the provider once (Kdniao 1127): the local
    count may be stale after a top-up at the outlet. A failed check keeps the local count."""
    from waybill_ui.carriers.protocol import ProviderError

    with db.read() as session:
        row = account_for(session, carrier)
        quota = view(row).quota if row is not None else None
        account_id = row.id if row is not None else None
    if account_id is None or quota is None or quota >= need:
        return
    try:
        await refresh_quota(db, account_id=account_id, provider_for=provider_for)
    except ProviderError:
        pass


@dataclass
class QuotaRefresh:
    accounts: list[AccountView]  # after the check, with the alerts raised or resolved
    failed: dict[int, str]  # account id → why the provider could not be asked (local count kept)


async def refresh_all(db: Database, *, provider_for: ProviderFor, now: datetime | None = None) -> QuotaRefresh:
    """Every account's balance from its provider where it reports one (scheduled, jobs/ewaybill_quota.py);
    one failing account does not stop the others. Then the low-quota rule, once."""
    from waybill_ui.carriers.protocol import ProviderError

    with db.read() as session:
        rows = list(session.exec(select(EwaybillAccount).order_by(col(EwaybillAccount.id))))
        for row in rows:
            session.expunge(row)
    failed: dict[int, str] = {}
    for row in rows:
        try:
            balance = await provider_for(row).balance(wire(row))
        except ProviderError as exc:
            failed[row_id(row)] = str(exc)[:200]
            continue
        record_balance(db, account_id=row_id(row), balance=balance, now=now)
    return QuotaRefresh(accounts=check_quota(db) if rows else [], failed=failed)
