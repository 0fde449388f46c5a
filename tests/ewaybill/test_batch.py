"""Batch issue: concurrent, within the rate limit, per-order reasons, retry of the failed ones."""

from sqlmodel import select

from tests.ewaybill.support import add_account, add_order, add_sender, make_sandbox, provider_factory
from waybill_ui.db.models import Order, Shipment
from waybill_ui.services.ewaybill import batch as ewaybill_batch


async def test_batch_of_200_with_failures_then_retry(db, settings, tmp_path):
    box = make_sandbox(settings, tmp_path / "net.db")
    provider_for, _ = provider_factory(settings, box)
    add_sender(db)
    add_account(db)
    good = [add_order(db) for _ in range(190)]
    unserved = [add_order(db, address="某村 不派送") for _ in range(10)]
    seen = []
    result = await ewaybill_batch.issue_batch(
        db,
        order_nos=good + unserved + good[:5],
        carrier="ZTO",
        actor="s",
        provider_for=provider_for,
        concurrency=8,
        qps=0,
        progress=lambda d, t: seen.append((d, t)),
    )
    assert len(result.shipped) == 190 and len({s["number"] for s in result.shipped}) == 190
    assert {f["order_no"] for f in result.failed} == set(unserved)
    assert all("服务范围" in f["reason"] and f["code"] == "ewaybill_address" for f in result.failed)
    assert seen[-1] == (200, 205) or seen[-1][0] == 200
    with db.read() as session:
        pending = session.exec(select(Order.order_no).where(Order.status == "pending")).all()
        assert set(pending) == set(unserved)
        assert len(session.exec(select(Shipment)).all()) == 190
    assert box.store._conn.execute("SELECT count(*) FROM ew_orders").fetchone()[0] == 190
    # the seller fixes the addresses and runs the batch again: only those ship, nothing doubles
    with db.write() as session:
        for order in session.exec(select(Order).where(Order.order_no.in_(unserved))):
            order.address = "泉城路2号"
            session.add(order)
    again = await ewaybill_batch.issue_batch(
        db, order_nos=good + unserved, carrier="ZTO", actor="s", provider_for=provider_for, qps=0
    )
    assert len(again.shipped) == 10 and all(f["code"] == "already_shipped" for f in again.failed)
    assert box.store._conn.execute("SELECT count(*) FROM ew_orders").fetchone()[0] == 200
    box.close()
