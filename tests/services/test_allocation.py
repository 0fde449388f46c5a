import threading
from datetime import timedelta

from sqlalchemy import insert, text

from waybill_ui.db.models import Carrier, Waybill
from waybill_ui.clock import utcnow
from waybill_ui.services.pool import allocation


def seed_carrier(db, code="ZTO"):
    with db.write() as session:
        if session.get(Carrier, code) is None:
            session.add(Carrier(code=code, name=code))


def add_numbers(db, numbers, *, carrier="ZTO", expires_in_days=None, status="available"):
    seed_carrier(db, carrier)
    now = utcnow()
    with db.write() as session:
        session.execute(
            insert(Waybill),
            [
                {
                    "carrier_code": carrier,
                    "number": n,
                    "status": status,
                    "origin": "imported",
                    "expires_at": now + timedelta(days=expires_in_days[i]) if expires_in_days else None,
                    "created_at": now,
                }
                for i, n in enumerate(numbers)
            ],
        )


def test_soonest_expiring_first_and_never_expired(db):
    add_numbers(db, ["A", "B", "C", "D"], expires_in_days=[30, 2, -1, 10])
    with db.write() as session:
        taken = allocation.take(session, carrier="ZTO", count=10)
    assert [n for _, n in taken] == ["B", "D", "A"]  # C expired yesterday
    with db.write() as session:
        assert allocation.take(session, carrier="ZTO", count=1) == []


def test_numbers_without_expiry_come_last(db):
    add_numbers(db, ["X"])
    add_numbers(db, ["Y"], expires_in_days=[5])
    with db.write() as session:
        assert [n for _, n in allocation.take(session, carrier="ZTO", count=2)] == ["Y", "X"]


def test_other_statuses_are_never_handed_out(db):
    for status in ("used", "voided", "expired", "refunded"):
        add_numbers(db, [f"N-{status}"], status=status)
    with db.write() as session:
        assert allocation.take(session, carrier="ZTO", count=5) == []


def test_reservation_holds_a_number_until_taken_released_or_lapsed(db):
    add_numbers(db, ["R1", "R2"], expires_in_days=[1, 2])
    with db.write() as session:
        wid, number, token = allocation.reserve(session, carrier="ZTO")
    assert number == "R1"
    with db.write() as session:  # someone else's batch skips the held number
        assert [n for _, n in allocation.take(session, carrier="ZTO", count=5)] == ["R2"]
    with db.write() as session:
        assert allocation.release(session, token=token)
        _, _, token2 = allocation.reserve(session, carrier="ZTO")
        assert allocation.take_reserved(session, token=token2) == (wid, "R1")
        assert allocation.take_reserved(session, token=token2) is None


def test_lapsed_reservation_cannot_be_used(db):
    add_numbers(db, ["L1"])
    past = utcnow() - timedelta(hours=1)
    with db.write() as session:
        _, _, token = allocation.reserve(session, carrier="ZTO", ttl=timedelta(minutes=10), now=past)
        assert allocation.take_reserved(session, token=token) is None
        assert [n for _, n in allocation.take(session, carrier="ZTO", count=1)] == ["L1"]


def test_void_only_from_used(db):
    add_numbers(db, ["V1"])
    with db.write() as session:
        [(wid, _)] = allocation.take(session, carrier="ZTO", count=1)
        assert allocation.void(session, waybill_id=wid)
        assert not allocation.void(session, waybill_id=wid)
    with db.read() as session:
        assert session.execute(text("SELECT status FROM waybill")).scalar() == "voided"


def test_many_threads_allocating_at_once_never_share_a_number(db):
    add_numbers(db, [f"T{i:05d}" for i in range(2000)])
    got: list[list[str]] = []
    lock = threading.Lock()

    def worker():
        mine = []
        for _ in range(50):
            with db.write() as session:
                mine += [n for _, n in allocation.take(session, carrier="ZTO", count=7)]
        with lock:
            got.append(mine)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    everything = [n for part in got for n in part]
    assert len(everything) == len(set(everything)) == 2000
    with db.read() as session:
        assert session.execute(text("SELECT count(*) FROM waybill WHERE status='used'")).scalar() == 2000
