"""Kuaidi100 (快递100) real-time query."""

from __future__ import annotations

from waybill_ui.carriers.http import ProviderHTTP
from waybill_ui.carriers.kuaidi100.parse import parse_track_response
from waybill_ui.carriers.kuaidi100.request import query_request
from waybill_ui.carriers.protocol import CarrierProvider, ProviderConfigError, TrackQuery, TrackResult


class Kuaidi100Provider(CarrierProvider):
    name = "kuaidi100"
    capabilities = frozenset({"track"})

    def __init__(self, http: ProviderHTTP, *, customer: str | None, key: str | None, url: str, name: str = "kuaidi100"):
        self.http = http
        self.customer = customer or ""
        self.key = key or ""
        self.url = url
        self.name = name

    async def track(self, query: TrackQuery) -> TrackResult:
        if not (self.customer and self.key):
            raise ProviderConfigError("Kuaidi100 customer and key are not set (WAYBILL_KUAIDI100_CUSTOMER / _KEY)")
        form = query_request(query, customer=self.customer, key=self.key)
        response = await self.http.request("POST", self.url, data=form)
        return parse_track_response(response.content, query)

    async def test_connection(self) -> str:
        # A made-up number: a correct account answers "no result" (500); a wrong one fails the sign.
        result = await self.track(TrackQuery(carrier="YTO", number="YT0000000000000"))
        return "ok" if result.status is None else f"ok ({result.status})"
