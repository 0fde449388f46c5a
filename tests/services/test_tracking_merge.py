"""Merging provider answers into kept events: idempotent, corrections update in place, nothing lost."""

from datetime import datetime, timedelta, timezone

from waybill_ui.carriers.protocol import TrackEvent
from waybill_ui.carriers.status import TrackingStatus as S
from waybill_ui.services.tracking.merge import StoredEvent, merge

T0 = datetime(2026, 5, 1, 8, 0, tzinfo=timezone.utc)


def ev(h, text, status=S.in_transit, **kw):
    return TrackEvent(time=T0 + timedelta(hours=h), text=text, status=status, **kw)


def store(plan, existing=()):
    """Apply a plan to an in-memory event list, as the database would."""
    rows = {e.id: e for e in existing}
    for u in plan.updates:
        row = rows[u["id"]]
        for k, v in u.items():
            setattr(row, "time" if k == "event_time" else k, v)
    next_id = max(rows, default=0) + 1
    for i in plan.inserts:
        rows[next_id] = StoredEvent(
            id=next_id,
            time=i["event_time"],
            text=i["text"],
            status=i["status"],
            location=i["location"],
            raw_state=i["raw_state"],
            raw_substate=i["raw_substate"],
            dedupe_key=i["dedupe_key"],
        )
        next_id += 1
    return sorted(rows.values(), key=lambda e: (e.time, e.id))


ANSWER = [
    ev(0, "【杭州】已揽收", S.picked_up),
    ev(5, "快件已到达【杭州转运中心】"),
    ev(5, "快件已从【杭州转运中心】发出"),
    ev(20, "派件中", S.out_for_delivery),
]


def test_first_merge_inserts_all_with_unique_keys_per_second():
    plan = merge([], ANSWER)
    assert len(plan.inserts) == 4 and not plan.updates
    keys = [i["dedupe_key"] for i in plan.inserts]
    assert len(set(keys)) == 4
    assert keys[1].endswith(":0") and keys[2].endswith(":1") and keys[1].split(":")[0] == keys[2].split(":")[0]


def test_the_same_answer_twice_adds_nothing():
    kept = store(merge([], ANSWER))
    again = merge(kept, ANSWER)
    assert not again.changed
    # in any order, and with spacing/punctuation noise
    noisy = [ev(20, "派件中 ", S.out_for_delivery)] + ANSWER[:3]
    plan = merge(kept, noisy)
    assert not plan.inserts and all(set(u) <= {"id", "text"} for u in plan.updates)


def test_corrected_text_at_the_same_time_updates_in_place():
    kept = store(merge([], ANSWER))
    corrected = ANSWER[:3] + [ev(20, "【深圳南山】快递员张师傅正在派件", S.out_for_delivery, location="深圳市")]
    plan = merge(kept, corrected)
    assert not plan.inserts and len(plan.updates) == 1
    assert plan.updates[0]["text"].startswith("【深圳南山】") and plan.updates[0]["location"] == "深圳市"
    assert len(store(plan, kept)) == 4


def test_corrected_time_updates_in_place_with_a_new_key():
    kept = store(merge([], ANSWER))
    moved = ANSWER[:3] + [ev(20.5, "派件中", S.out_for_delivery)]
    plan = merge(kept, moved)
    assert not plan.inserts and len(plan.updates) == 1
    assert plan.updates[0]["event_time"] == T0 + timedelta(hours=20.5)
    assert len(store(plan, kept)) == 4


def test_refined_status_code_updates_the_event():
    kept = store(merge([], ANSWER))
    refined = ANSWER[:3] + [ev(20, "派件中", S.available_for_pickup, raw_substate="501")]
    plan = merge(kept, refined)
    assert plan.updates == [{"id": kept[-1].id, "status": "available_for_pickup", "raw_substate": "501"}]


def test_new_events_at_an_occupied_second_get_the_next_key():
    kept = store(merge([], ANSWER))
    plan = merge(kept, ANSWER + [ev(5, "快件已装车")])
    assert [i["text"] for i in plan.inserts] == ["快件已装车"] and plan.inserts[0]["dedupe_key"].endswith(":2")


def test_events_missing_from_a_later_answer_are_kept():
    kept = store(merge([], ANSWER))
    plan = merge(kept, ANSWER[2:])
    assert not plan.changed
    assert len(store(plan, kept)) == 4


def test_a_genuinely_new_event_far_from_a_same_text_one_is_new():
    kept = store(merge([], ANSWER))
    plan = merge(kept, ANSWER + [ev(60, "派件中", S.out_for_delivery)])  # a second delivery round, two days later
    assert len(plan.inserts) == 1
