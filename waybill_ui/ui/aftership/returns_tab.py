"""拦截与退货 tab: request an interception by number, the interceptions sent, the return records
(paged on the server) with 签收入库, and the return rate per carrier and province.

Put together from small parts: the interception form and list (intercept_form.py), the return
records and rates (returns_list.py, typed state); `ReturnsTab` below only wires them."""

from __future__ import annotations

from waybill_ui.ui.aftership.intercept_form import InterceptForm, InterceptList
from waybill_ui.ui.aftership.returns_list import ReturnRates, ReturnsList, ReturnsState


class ReturnsTab:
    def __init__(self, state: ReturnsState, *, prefill: str):
        self.state = state
        self.form = InterceptForm(prefill=prefill, sent=self.reload_sent)
        self.records = ReturnsList(state, received=self.reload_rates)
        self.rates = ReturnRates()
        self.sent = InterceptList()

    async def reload_sent(self) -> None:
        await self.sent.load()

    async def reload_rates(self) -> None:
        await self.rates.load()

    async def load(self) -> None:
        await self.records.load()
        await self.rates.load()
        await self.sent.load()


async def build(*, prefill: str = "") -> None:
    """`prefill`: a waybill number to intercept (the shipment page's 申请拦截 button)."""
    tab = ReturnsTab(ReturnsState(), prefill=prefill)
    await tab.load()
