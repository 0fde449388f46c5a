"""Random interleavings of import / buy / allocate / void / expire / refund / extend against the
real services: no number ever has two owners, the counts always add up, the ledger matches the
refunds, and every number's audit trail replays to its current status."""

import asyncio
import functools
import itertools
import shutil
import tempfile
from datetime import timedelta

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import func, select

from waybill_ui.services.accounts.users import Principal
from waybill_ui.db import open_database
from waybill_ui.db.models import AuditLog, LedgerEntry, Waybill
from waybill_ui.clock import utcnow
from waybill_ui.services.pool import allocation
from waybill_ui.services.pool import stock as pool
from waybill_ui.services.pool import history as pool_audit
from waybill_ui.services.pool import importing as pool_import
from waybill_ui.services.pool import provider_ops as pool_provider
from waybill_ui.services.pool import watch as pool_watch
from tests.pool_helpers import FakeMarket, add_numbers, add_purchase, zto

CARRIERS = ("ZTO", "YTO")

OWNER_P = Principal(1, "owner", "owner")


@functools.cache
def _template() -> str:
    folder = tempfile.mkdtemp(prefix="pool-template-")
    db = open_database(f"sqlite:///{folder}/template.db")
    db.dispose()
    return f"{folder}/template.db"


def number(carrier: str, i: int) -> str:
    return zto(i) if carrier == "ZTO" else f"YT{i:013d}"


class PoolMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.tmp = tempfile.TemporaryDirectory()
        shutil.copy(_template(), f"{self.tmp.name}/pool.db")  # a migrated empty database, copied: fast
        self.db = open_database(f"sqlite:///{self.tmp.name}/pool.db", migrate=False)
        self.now = utcnow()
        self.owners: dict[tuple[str, str], int] = {}  # (carrier, number) -> shipment it went to
        self.shipments = itertools.count(1)
        self.used: list[tuple[int, str, str]] = []  # (waybill id, carrier, number) in use
        self.market = FakeMarket()
        self.bought = itertools.count(10_000)

    def teardown(self):
        self.db.dispose()
        self.tmp.cleanup()

    @rule(
        carrier=st.sampled_from(CARRIERS),
        start=st.integers(0, 60),
        count=st.integers(1, 15),
        days=st.one_of(st.none(), st.integers(1, 20)),
    )
    def import_numbers(self, carrier, start, count, days):
        expires = self.now + timedelta(days=days) if days else None
        if expires is not None and expires <= utcnow():
            return
        pool_import.commit_import(
            self.db,
            carrier=carrier,
            numbers=[number(carrier, i) for i in range(start, start + count)],
            expires_at=expires,
            actor="owner",
        )

    @rule(carrier=st.sampled_from(CARRIERS), count=st.integers(1, 10), unit=st.integers(5, 30), days=st.integers(1, 30))
    def buy(self, carrier, count, unit, days):
        purchase = add_purchase(self.db, carrier=carrier, count=count, unit_fen=unit)
        base = next(self.bought) * 100
        numbers = [number(carrier, base + i) for i in range(count)]
        add_numbers(
            self.db,
            numbers,
            carrier=carrier,
            origin="purchase",
            cost_fen=unit,
            purchase_id=purchase,
            expires_in_days=days,
            now=self.now,
        )
        with self.db.write() as session:  # what the checkout's sync records when numbers arrive
            pool_audit.record_numbers(
                session,
                [(carrier, n, None) for n in numbers],
                action="purchased",
                from_status="",
                to_status="available",
                actor="job:purchase_sync",
                reason="",
            )

    @rule(carrier=st.sampled_from(CARRIERS), count=st.integers(1, 8))
    def allocate(self, carrier, count):
        with self.db.write() as session:
            taken = allocation.take(session, carrier=carrier, count=count, now=self.now, actor="staff")
        for wid, n in taken:
            assert (carrier, n) not in self.owners, f"{n} handed out twice"
            self.owners[(carrier, n)] = next(self.shipments)
            self.used.append((wid, carrier, n))

    @precondition(lambda self: self.used)
    @rule(pick=st.integers(0, 10_000))
    def void(self, pick):
        wid, carrier, n = self.used.pop(pick % len(self.used))
        with self.db.write() as session:
            assert allocation.void(session, waybill_id=wid, now=self.now, actor="staff")
            assert not allocation.void(session, waybill_id=wid, now=self.now)

    @rule(days=st.integers(1, 10))
    def time_passes_and_expiry_runs(self, days):
        self.now += timedelta(days=days)
        pool_watch.expire_due(self.db, now=self.now)

    @rule(carrier=st.sampled_from(CARRIERS), picks=st.lists(st.integers(0, 10_000), max_size=6))
    def refund(self, carrier, picks):
        with self.db.read() as session:
            candidates = (
                session.execute(select(Waybill.number).where(Waybill.carrier_code == carrier).order_by(Waybill.id))
                .scalars()
                .all()
            )
        if candidates:
            wanted = [candidates[p % len(candidates)] for p in picks] or [candidates[0]]
            asyncio.run(
                pool_provider.refund(self.db, self.market, carrier=carrier, numbers=wanted, actor=OWNER_P, now=self.now)
            )

    @rule(carrier=st.sampled_from(CARRIERS), days=st.integers(1, 30))
    def extend_some(self, carrier, days):
        with self.db.read() as session:
            some = (
                session.execute(
                    select(Waybill.number).where(Waybill.carrier_code == carrier, Waybill.origin == "purchase").limit(3)
                )
                .scalars()
                .all()
            )
        if some:
            asyncio.run(
                pool_provider.extend(
                    self.db, self.market, carrier=carrier, numbers=some, days=days, actor=OWNER_P, now=self.now
                )
            )

    @invariant()
    def counts_add_up(self):
        with self.db.read() as session:
            totals = dict(
                session.execute(select(Waybill.carrier_code, func.count()).group_by(Waybill.carrier_code)).all()
            )
            used_now = session.execute(
                select(func.count()).select_from(Waybill).where(Waybill.status.in_(("used", "voided")))
            ).scalar_one()
        stock = {s.carrier: s for s in pool.stock_stats(self.db, now=self.now)}
        for carrier, total in totals.items():
            s = stock[carrier]
            assert s.available + s.used + s.voided + s.expired + s.refunded == total
        assert used_now == len(self.owners)  # every used/voided number is exactly one that was handed out

    @invariant()
    def ledger_matches_refunds(self):
        with self.db.read() as session:
            credited = session.execute(
                select(func.coalesce(func.sum(LedgerEntry.amount_fen), 0)).where(LedgerEntry.kind == "refund")
            ).scalar_one()
            refunded = session.execute(
                select(func.coalesce(func.sum(Waybill.cost_fen), 0)).where(Waybill.status == "refunded")
            ).scalar_one()
            fees = session.execute(
                select(func.coalesce(func.sum(LedgerEntry.amount_fen), 0)).where(LedgerEntry.kind == "fee")
            ).scalar_one()
        assert credited == refunded
        extended = sum(len(c[2]) for c in self.market.calls if c[0] == "extend")
        assert -fees == extended * self.market.fee_per_number

    @invariant()
    def audit_replays_to_the_current_status(self):
        with self.db.read() as session:
            current = {
                f"{c}:{n}": s
                for c, n, s in session.execute(select(Waybill.carrier_code, Waybill.number, Waybill.status))
            }
            trail: dict[str, str] = {}
            for entity_id, src, dst in session.execute(
                select(AuditLog.entity_id, AuditLog.from_status, AuditLog.to_status)
                .where(AuditLog.entity == "waybill")
                .order_by(AuditLog.id)
            ):
                assert trail.get(entity_id, "") == src, (entity_id, trail.get(entity_id), src)
                trail[entity_id] = dst
        imported = {k: v for k, v in current.items() if k in trail}
        assert trail == imported  # every audited number ends where the pool says it is


TestPoolProperties = PoolMachine.TestCase
TestPoolProperties.settings = settings(
    max_examples=25, stateful_step_count=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
