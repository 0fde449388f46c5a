"""Server-side filters, paging and counts for the 物流跟踪 list; one shipment's detail."""

from datetime import datetime, timedelta, timezone

import pytest

from waybill_ui.clock import utcnow
from waybill_ui.services.alerts import raising as alerts
from waybill_ui.services.tracking import queries as tq
from waybill_ui.services.common.errors import Invalid
from tests.tracking_factories import make_shipment

T0 = datetime(2026, 5, 1, tzinfo=timezone.utc)


def test_filters_search_paging_and_counts(db):
    a = make_shipment(db, carrier="SF", number="SF1234567890123", status="in_transit", shipped_at=T0)
    b = make_shipment(
        db, carrier="YTO", number="YT1234567890123", status="delivered", shipped_at=T0 + timedelta(days=1)
    )
    c = make_shipment(db, carrier="YTO", status="in_transit", shipped_at=T0 + timedelta(days=2))
    with db.write() as session:
        alerts.raise_alert(session, kind="transit_stalled", dedupe_key="k", message="m", actor="t", shipment_id=c)
    rows, total = tq.list_shipments(db, tq.Filters())
    assert total == 3 and [r.id for r in rows] == [c, b, a]  # newest first
    assert rows[0].alert_kinds == ["transit_stalled"]
    assert tq.list_shipments(db, tq.Filters(status="in_transit"))[1] == 2
    assert tq.list_shipments(db, tq.Filters(carrier="SF"))[0][0].id == a
    assert [r.id for r in tq.list_shipments(db, tq.Filters(alert="any"))[0]] == [c]
    assert {r.id for r in tq.list_shipments(db, tq.Filters(alert="none"))[0]} == {a, b}
    assert [r.id for r in tq.list_shipments(db, tq.Filters(alert="transit_stalled"))[0]] == [c]
    assert [r.id for r in tq.list_shipments(db, tq.Filters(q=" sf1234567890123 "))[0]] == [a]  # cleaned like a scan
    assert tq.list_shipments(db, tq.Filters(q="5678"))[1] == 3  # phone tail
    assert [
        r.id
        for r in tq.list_shipments(
            db, tq.Filters(since=T0 + timedelta(hours=12), until=T0 + timedelta(days=1, hours=12))
        )[0]
    ] == [b]
    page, total = tq.list_shipments(db, tq.Filters(), page=2, size=2)
    assert total == 3 and [r.id for r in page] == [a]
    assert tq.status_counts(db, tq.Filters(status="delivered")) == {"in_transit": 2, "delivered": 1}
    assert tq.status_counts(db, tq.Filters(carrier="YTO")) == {"in_transit": 1, "delivered": 1}
    with pytest.raises(Invalid):
        tq.list_shipments(db, tq.Filters(status="lost"))


def test_phone_tail_edit_makes_the_parcel_due(db):
    later = utcnow() + timedelta(days=5)
    sid = make_shipment(db, carrier="SF", number="SF1234567890999", phone="", next_check_at=later)
    assert tq.set_phone_tail(db, shipment_id=sid, phone="139 1234 8888", actor="staff1") == "8888"
    detail = tq.detail(db, sid)
    assert detail.phone_tail == "8888" and detail.row.next_check_at <= utcnow()
    with pytest.raises(Invalid):
        tq.set_phone_tail(db, shipment_id=sid, phone="12", actor="staff1")
    assert tq.find_by_number(db, "sf1234567890999") == sid


def test_latest_text_is_the_newest_event_even_at_equal_times(db):
    from waybill_ui.db.models import TrackingEvent

    sid = make_shipment(db)
    with db.write() as session:
        for n, text in enumerate(["揽收", "运输中", "已签收"]):
            session.add(
                TrackingEvent(
                    shipment_id=sid,
                    event_time=T0,
                    text=text,
                    status="in_transit",
                    dedupe_key=f"{int(T0.timestamp())}:{n}",
                )
            )
    assert tq.list_shipments(db, tq.Filters())[0][0].last_text == "已签收"


def test_unprinted_filter_counts_pages_and_shows_the_print_count(db):
    printed = make_shipment(db, status="in_transit", shipped_at=T0, printed_count=3)
    old = make_shipment(db, status="in_transit", shipped_at=T0 + timedelta(days=1))
    new = make_shipment(db, status="pending", shipped_at=T0 + timedelta(days=2))
    make_shipment(db, status="pending", shipped_at=T0 + timedelta(days=3), cancelled_at=T0 + timedelta(days=3))
    rows, total = tq.list_shipments(db, tq.Filters(unprinted=True))
    assert total == 2 and [r.id for r in rows] == [new, old]  # cancelled and printed ones left out
    assert [r.printed_count for r in rows] == [0, 0]
    assert tq.list_shipments(db, tq.Filters())[1] == 3
    assert {r.id: r.printed_count for r in tq.list_shipments(db, tq.Filters())[0]}[printed] == 3
    page, total = tq.list_shipments(db, tq.Filters(unprinted=True), page=2, size=1)
    assert total == 2 and [r.id for r in page] == [old]
    assert tq.list_shipments(db, tq.Filters(unprinted=True, status="pending"))[1] == 1
    assert tq.status_counts(db, tq.Filters(unprinted=True, status="pending")) == {"in_transit": 1, "pending": 1}
    assert tq.status_counts(db, tq.Filters()) == {"in_transit": 2, "pending": 1}
    assert tq.detail(db, printed).row.printed_count == 3
