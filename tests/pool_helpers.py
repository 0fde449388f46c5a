"""The market double for pool tests. The rows (pool numbers, purchases, shipments, history) are
made by tests/factories.py; the old names stay importable here."""

from __future__ import annotations

from waybill_ui.carriers.protocol import CarrierProvider, NumberResult, ProviderError

from tests.factories import (  # noqa: F401 (old names)
    add_numbers,
    add_order,
    add_purchase,
    history,
    seed_carrier,
    ship,
    zto,
)


class FakeMarket(CarrierProvider):
    """A provider double: refunds/extends what it is asked unless told otherwise."""

    name = "fake"

    def __init__(self):
        self.refuse: dict[str, str] = {}
        self.fail_with: ProviderError | None = None
        self.cancel_ok = True
        self.calls: list[tuple] = []
        self.fee_per_number = 1

    async def refund_numbers(self, *, carrier, numbers):
        self.calls.append(("refund", carrier, list(numbers)))
        if self.fail_with:
            raise self.fail_with
        return NumberResult(
            done=[n for n in numbers if n not in self.refuse],
            rejected={n: self.refuse[n] for n in numbers if n in self.refuse},
        )

    async def extend_numbers(self, *, carrier, numbers, days):
        self.calls.append(("extend", carrier, list(numbers), days))
        if self.fail_with:
            raise self.fail_with
        done = [n for n in numbers if n not in self.refuse]
        return NumberResult(
            done=done,
            rejected={n: self.refuse[n] for n in numbers if n in self.refuse},
            fee_fen=len(done) * self.fee_per_number,
        )

    async def cancel_number(self, *, carrier, number):
        self.calls.append(("cancel", carrier, number))
        if self.fail_with:
            raise self.fail_with
        return self.cancel_ok
