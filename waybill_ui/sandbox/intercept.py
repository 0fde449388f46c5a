"""拦截 in the embedded network: a sender asks to stop a parcel on its way — back to the sender
(退回) or on to a new address (改址). Accepted only while the parcel is still moving (not yet
signed for, refused or returning); from then on its timeline is cut at the hour of the request
and continues with the turn, so tracking tells the story like a real carrier's would."""

from __future__ import annotations

import hashlib

from waybill_ui import clock
from waybill_ui.sandbox import timeline
from typing import Any

KINDS = ("return", "redirect")
FEE_FEN = {"return": 300, "redirect": 500}
TURN_AFTER_H = 2.0  # the station acts on the request within two simulated hours
# a parcel is too late to stop once one of these states is visible (签收, 退签, 退回, 拒签)
TOO_LATE = {"3": "delivered", "4": "returned", "6": "returning", "14": "refused"}


def turned(
    events: list[timeline.SimEvent], kind: str, address: str, at_hours: float, origin_city: str = "杭州市"
) -> list[timeline.SimEvent]:
    """The parcel's life with the interception: what happened before the request, then the turn."""
    kept = [e for e in events if e.hours <= at_hours]
    where = kept[-1].location if kept else origin_city
    if kind == "return":
        return kept + [
            timeline.SimEvent(at_hours + TURN_AFTER_H, "6", "6", "快件已按寄件人要求拦截成功，正在退回寄件人", where),
            timeline.SimEvent(at_hours + TURN_AFTER_H + 36, "4", "4", "退回件已由寄件人签收", origin_city),
        ]
    return kept + [
        timeline.SimEvent(at_hours + TURN_AFTER_H, "0", "1003", f"快件已按寄件人要求改址，改派至：{address}", where),
        timeline.SimEvent(at_hours + TURN_AFTER_H + 24, "3", "301", "您的快件已签收（改址派送），签收人：本人", where),
    ]


class InterceptDesk:
    def __init__(self, sandbox):
        self.sandbox = sandbox

    def _elapsed_h(self, number: str, carrier: str) -> tuple[float, str] | None:
        if not self.sandbox.store.parcel_known(number):
            return None
        t0, to_text = self.sandbox.store.parcel(number, carrier, "")
        return (clock.epoch() - t0) * self.sandbox.config.speed / 3600, to_text

    def request(self, *, carrier: str, number: str, kind: str, address: str) -> dict[str, Any]:
        if kind not in KINDS:
            return {"accepted": False, "reason": "bad_kind", "message": "拦截类型不正确"}
        known = self.sandbox.store.interception(number)
        if known:  # asking again is answered with the first request: idempotent
            return {"accepted": True, "ref": known[3], "kind": known[0], "fee_fen": FEE_FEN[known[0]], "already": True}
        seen = self._elapsed_h(number, carrier)
        if seen is None:
            return {"accepted": False, "reason": "unknown", "message": "查无此件：快件尚未揽收，请直接取消发货"}
        elapsed, to_text = seen
        events = timeline.visible(timeline.build(self.sandbox.config.seed, number, to_text), elapsed)
        if not events:
            return {"accepted": False, "reason": "unknown", "message": "查无此件：快件尚未揽收，请直接取消发货"}
        late = next((TOO_LATE[e.state] for e in reversed(events) if e.state in TOO_LATE), None)
        if late:
            return {"accepted": False, "reason": late, "message": "快件已签收或已在退回途中，无法拦截"}
        ref = "IC" + hashlib.sha256(f"{carrier}|{number}".encode()).hexdigest()[:12].upper()
        self.sandbox.store.intercept(number, carrier, kind, address, elapsed, ref)
        sub = (self.sandbox.subs or {}).get(number)
        if sub is not None:  # a pushed parcel: its remaining scans are the turned ones
            sub.hours = None
        return {"accepted": True, "ref": ref, "kind": kind, "fee_fen": FEE_FEN[kind], "already": False}

    def status(self, *, carrier: str, number: str) -> dict[str, Any]:
        known = self.sandbox.store.interception(number)
        if known is None:
            return {"status": "none"}
        kind, _, at_hours, ref = known
        seen = self._elapsed_h(number, carrier)
        done = seen is not None and seen[0] >= at_hours + TURN_AFTER_H
        return {"status": "succeeded" if done else "accepted", "ref": ref, "kind": kind}

    def events(self, number: str, events: list[timeline.SimEvent]) -> list[timeline.SimEvent]:
        """The full timeline of `number`, turned if it was intercepted."""
        known = self.sandbox.store.interception(number)
        if known is None:
            return events
        kind, address, at_hours, _ = known
        return turned(events, kind, address, at_hours)
