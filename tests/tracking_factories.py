"""Tracking test doubles and answers: a scripted provider, events and results. The rows
(shipments, carriers) are made by tests/factories.py; the old names stay importable here."""

from __future__ import annotations

from datetime import datetime, timedelta

from waybill_ui.carriers.protocol import CarrierProvider, ProviderError, TrackEvent, TrackQuery, TrackResult
from waybill_ui.carriers.status import TrackingStatus as S

from tests.factories import make_many, make_shipment, seed_carriers  # noqa: F401 (old names)


def event(
    hours_after: float, text: str, status: S, *, start: datetime, sub: str = "", location: str = ""
) -> TrackEvent:
    return TrackEvent(
        time=(start + timedelta(hours=hours_after)).replace(microsecond=0),
        text=text,
        status=status,
        location=location,
        raw_state=sub[:1],
        raw_substate=sub,
    )


class FakeProvider(CarrierProvider):
    """Answers scripted per number: a TrackResult, an exception, or a callable giving either."""

    name = "fake"
    capabilities = frozenset({"track"})

    def __init__(self, answers: dict | None = None, default=None):
        self.answers = answers or {}
        self.default = default
        self.calls: list[TrackQuery] = []

    async def track(self, query: TrackQuery) -> TrackResult:
        self.calls.append(query)
        answer = self.answers.get(query.number, self.default)
        if callable(answer) and not isinstance(answer, type):
            answer = answer(query)
        if isinstance(answer, BaseException):
            raise answer
        if answer is None:
            return TrackResult(carrier=query.carrier, number=query.number, status=None, raw_state="500")
        return answer


def result(query_number: str, events: list[TrackEvent], status: S | None = None, carrier: str = "YTO") -> TrackResult:
    return TrackResult(
        carrier=carrier,
        number=query_number,
        status=status or (events[-1].status if events else None),
        raw_state="x",
        events=list(events),
    )


def transient(code: str = "timeout") -> ProviderError:
    return ProviderError("simulated", code=code, transient=True)
