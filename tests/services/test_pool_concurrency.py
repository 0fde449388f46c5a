"""Many threads allocating at once while imports, expiry runs and refunds touch the same pool:
no number goes to two shipments, nothing refunded or expired is handed out."""

import asyncio
import threading
from datetime import timedelta

from sqlalchemy import func, select

from waybill_ui.services.accounts.users import Principal
from waybill_ui.db.models import AuditLog, Waybill
from waybill_ui.clock import utcnow
from waybill_ui.services.pool import allocation
from waybill_ui.services.pool import importing as pool_import
from waybill_ui.services.pool import provider_ops as pool_provider
from waybill_ui.services.pool import watch as pool_watch
from tests.pool_helpers import FakeMarket, add_numbers, add_purchase, zto

OWNER_P = Principal(1, "owner", "owner")


def test_many_threads_allocating_while_the_pool_changes(db):
    now = utcnow()
    purchase = add_purchase(db, count=600)
    add_numbers(
        db, [zto(i) for i in range(600)], origin="purchase", cost_fen=10, purchase_id=purchase, expires_in_days=30
    )
    add_numbers(db, [zto(i) for i in range(600, 800)], expires_in_days=-1)  # past expiry, not yet marked
    got: list[tuple[str, str]] = []
    lock = threading.Lock()
    errors: list[BaseException] = []

    def guarded(fn):
        def run():
            try:
                fn()
            except BaseException as exc:  # surfaced below: a thread's failure must fail the test
                errors.append(exc)

        return run

    def shipper():
        mine = []
        for _ in range(40):
            with db.write() as session:
                mine += [("take", n) for _, n in allocation.take(session, carrier="ZTO", count=3, actor="staff")]
            with db.write() as session:
                held = allocation.reserve(session, carrier="ZTO")
            if held:
                with db.write() as session:
                    taken = allocation.take_reserved(session, token=held[2], actor="staff")
                    if taken:
                        mine.append(("dialog", taken[1]))
        with lock:
            got.extend(mine)

    def importer():
        for k in range(10):
            pool_import.commit_import(
                db,
                carrier="ZTO",
                numbers=[zto(1000 + k * 50 + i) for i in range(50)],
                actor="owner",
                expires_at=now + timedelta(days=60),
            )

    refunded: list[str] = []

    def refunder():
        for k in range(5):
            out = asyncio.run(
                pool_provider.refund(
                    db,
                    FakeMarket(),
                    carrier="ZTO",
                    actor=OWNER_P,
                    numbers=[zto(i) for i in range(k * 100, k * 100 + 100)],
                )
            )
            refunded.extend(out.done)

    threads = [threading.Thread(target=guarded(shipper)) for _ in range(8)]
    threads += [
        threading.Thread(target=guarded(importer)),
        threading.Thread(target=guarded(refunder)),
        threading.Thread(target=guarded(lambda: [pool_watch.expire_due(db) for _ in range(5)])),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    numbers = [n for _, n in got]
    assert len(numbers) == len(set(numbers)), "a number went to two shipments"
    assert not set(numbers) & set(refunded), "a refunded number was handed out"
    assert not set(numbers) & {zto(i) for i in range(600, 800)}, "an expired number was handed out"
    with db.read() as session:
        used = session.execute(select(func.count()).select_from(Waybill).where(Waybill.status == "used")).scalar_one()
        audited = session.execute(
            select(func.count()).select_from(AuditLog).where(AuditLog.action == "allocate")
        ).scalar_one()
        refunded_rows = session.execute(
            select(func.count()).select_from(Waybill).where(Waybill.status == "refunded")
        ).scalar_one()
    assert used == len(numbers) == audited
    assert refunded_rows == len(refunded)
    assert len(numbers) + len(refunded) <= 600 + 500
