"""The change-notice bus (waybill_ui/events.py): told only after a commit, never after a
rollback, once per distinct notice in a transaction, and carried as text for other processes."""

import pytest

from waybill_ui import events
from waybill_ui.events import AlertsChanged, Bus, OrdersShipped, PoolChanged, ShipmentsUpdated


def test_an_event_emitted_in_a_transaction_is_told_after_the_commit_only(db):
    with events.recorded() as seen:
        with db.write() as session:
            events.emit(session, ShipmentsUpdated(ids=(1, 2)))
            assert seen == []  # not yet: the change is not durable
        assert seen == [ShipmentsUpdated(ids=(1, 2))]


def test_a_rolled_back_transaction_tells_nothing(db):
    with events.recorded() as seen:
        with pytest.raises(RuntimeError):
            with db.write() as session:
                events.emit(session, AlertsChanged(kind="x"))
                raise RuntimeError("the use case failed")
        with db.write():
            pass  # the next transaction on a fresh session does not carry the dropped notice
    assert seen == []


def test_equal_notices_in_one_transaction_are_told_once(db):
    with events.recorded() as seen:
        with db.write() as session:
            for _ in range(500):
                events.emit(session, AlertsChanged(kind="transit_overdue"))
            events.emit(session, AlertsChanged(kind="pool_low_stock"))
    assert seen == [AlertsChanged(kind="transit_overdue"), AlertsChanged(kind="pool_low_stock")]


def test_listeners_get_the_events_of_their_topics_and_a_broken_one_breaks_nothing(caplog):
    bus = Bus()
    orders, shipments = [], []

    def broken(_event):
        raise ValueError("listener bug")

    bus.subscribe("orders", broken)
    bus.subscribe("orders", orders.append)
    stop = bus.subscribe("shipments", shipments.append)
    shipped = OrdersShipped(shipment_ids=(7,))
    bus.publish(shipped)
    assert orders == [shipped] and shipments == [shipped]  # one event, both topics
    stop()
    bus.publish(ShipmentsUpdated(ids=(8,)))
    assert shipments == [shipped] and "listener bug" in caplog.text
    with pytest.raises(TypeError):
        bus.publish("orders")  # the old string topics are gone: one style only


def test_events_travel_as_text_and_remote_ones_are_not_sent_back():
    for event in (
        OrdersShipped(order_ids=(1,), shipment_ids=(2, 3)),
        PoolChanged("imported", {"ZTO": 5}),
        AlertsChanged(kind="k", resolved=2),
        events.PurchasePaid(purchase_id=4, actor="api:owner"),
    ):
        assert events.from_wire(event.to_wire()) == event
    bus = Bus()
    sent, heard = [], []
    bus.bridges.append(sent.append)
    bus.subscribe("pool", heard.append)
    bus.publish(PoolChanged("expired"))
    bus.receive(events.from_wire(PoolChanged("recycled").to_wire()))  # from another process
    assert [e.reason for e in heard] == ["expired", "recycled"] and [e.reason for e in sent] == ["expired"]
