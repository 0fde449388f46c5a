"""Kuaidi100 (快递100) real-time query and push subscription."""

from __future__ import annotations

from waybill_ui.carriers.codes import CARRIERS
from waybill_ui.carriers.http import ProviderHTTP
from waybill_ui.carriers.kuaidi100.parse import parse_track_response
from waybill_ui.carriers.kuaidi100.request import phone_for, query_request
from waybill_ui.carriers.kuaidi100.subscribe import parse_subscribe_response, subscribe_request
from waybill_ui.carriers.track_common import check_http_status
from waybill_ui.carriers.protocol import (
    CarrierProvider,
    ProviderConfigError,
    ProviderError,
    SubscribeQuery,
    SubscribeResult,
    TrackQuery,
    TrackResult,
)

# A made-up number: a correct account answers "no result yet" (500); a wrong one fails the sign (503).
PROBE = TrackQuery(carrier="YTO", number="YT0000000000000")


class Kuaidi100Provider(CarrierProvider):
    name = "kuaidi100"
    capabilities = frozenset({"track", "subscribe"})

    def __init__(
        self,
        http: ProviderHTTP,
        *,
        customer: str | None,
        key: str | None,
        url: str,
        name: str = "kuaidi100",
        subscribe_url: str = "",
    ):
        self.http = http
        self.customer = customer or ""
        self.key = key or ""
        self.url = url
        self.name = name
        self.subscribe_url = subscribe_url

    async def track(self, query: TrackQuery) -> TrackResult:
        if not (self.customer and self.key):
            raise ProviderConfigError(
                "Kuaidi100 customer and key are not set (WAYBILL_KUAIDI100_CUSTOMER / _KEY)", code="not_configured"
            )
        carrier = CARRIERS.get(query.carrier)
        if carrier and carrier.needs_phone and not phone_for(query):
            # Saves a paid query that would only answer 408.
            raise ProviderError(
                f"{carrier.name} needs the recipient's phone (last 4 digits) to be tracked",
                code="phone_required",
                transient=False,
            )
        form = query_request(query, customer=self.customer, key=self.key)
        response = await self.http.request("POST", self.url, data=form)
        check_http_status(response.status_code, "Kuaidi100")
        return parse_track_response(response.content, query)

    async def subscribe(self, query: SubscribeQuery) -> SubscribeResult:
        if not self.key:
            raise ProviderConfigError("Kuaidi100 key is not set (WAYBILL_KUAIDI100_KEY)", code="not_configured")
        if not self.subscribe_url:
            raise ProviderConfigError(
                "Kuaidi100 subscription URL is not set (WAYBILL_KUAIDI100_SUBSCRIBE_URL)", code="not_configured"
            )
        response = await self.http.request("POST", self.subscribe_url, data=subscribe_request(query, key=self.key))
        check_http_status(response.status_code, "Kuaidi100")
        return parse_subscribe_response(response.content)

    async def test_connection(self) -> str:
        result = await self.track(PROBE)
        return "ok" if result.status is None else f"ok ({result.status})"
