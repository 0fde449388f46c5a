"""Fakeq's raw states -> our one status enum."""

from waybill_ui.carriers.status import TrackingStatus as S

STATES = {
    "GOT": S.picked_up,
    "MOVING": S.in_transit,
    "COURIER": S.out_for_delivery,
    "DONE": S.delivered,
    "PROBLEM": S.exception,
    "BACK": S.returned,
}


def map_code(code: str) -> S | None:
    return STATES.get(str(code or "").upper())
