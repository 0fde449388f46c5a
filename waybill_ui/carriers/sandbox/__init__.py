"""Connector to the embedded carrier network: market operations over its JSON API, tracking
through the real Kuaidi100 connector (the network speaks Kuaidi100's wire format)."""

from __future__ import annotations

import httpx

from waybill_ui.carriers.http import ProviderHTTP
from waybill_ui.carriers.kuaidi100 import Kuaidi100Provider
from waybill_ui.carriers.protocol import (
    CarrierOffer,
    CarrierProvider,
    InterceptAnswer,
    IssuedNumbers,
    NumberResult,
    ProviderConfigError,
    ProviderError,
    Routing,
    SubscribeQuery,
    SubscribeResult,
    TrackQuery,
    TrackResult,
)
from waybill_ui.carriers.sandbox import parse, request
from typing import Any


class SandboxProvider(CarrierProvider):
    name = "sandbox"
    capabilities = frozenset(
        {"catalogue", "issue", "cancel", "refund", "extend", "routing", "track", "subscribe", "intercept"}
    )

    def __init__(self, http: ProviderHTTP, *, base_url: str, customer: str, key: str):
        self.http = http
        self.base_url = base_url.rstrip("/")
        self.key = key
        self._tracker = Kuaidi100Provider(
            http,
            customer=customer,
            key=key,
            url=f"{self.base_url}/poll/query.do",
            name="sandbox",
            subscribe_url=f"{self.base_url}/poll",
        )

    async def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> bytes:
        response = await self.http.request(
            method, f"{self.base_url}{path}", json=body, headers=request.headers(self.key)
        )
        if response.status_code in (401, 403):
            raise ProviderConfigError("the carrier network refused our key", code="bad_key")
        if response.status_code >= 400:
            raise ProviderError(_detail(response), code=f"http_{response.status_code}", transient=False)
        return response.content

    async def catalogue(self) -> list[CarrierOffer]:
        return parse.parse_catalogue(await self._call("GET", "/api/catalogue"))

    async def issue_numbers(
        self, *, order_ref: str, carrier: str, quantity: int, offset: int = 0, validity_days: int | None = None
    ) -> IssuedNumbers:
        body = request.issue_request(
            order_ref=order_ref, carrier=carrier, quantity=quantity, offset=offset, validity_days=validity_days
        )
        return parse.parse_issue(await self._call("POST", "/api/waybills/issue", body))

    async def cancel_number(self, *, carrier: str, number: str) -> bool:
        return parse.parse_cancel(
            await self._call("POST", "/api/waybills/cancel", {"carrier": carrier, "number": number})
        )

    async def refund_numbers(self, *, carrier: str, numbers: list[str]) -> NumberResult:
        body = request.numbers_request(carrier=carrier, numbers=numbers)
        return parse.parse_numbers(await self._call("POST", "/api/waybills/refund", body), "refunded")

    async def extend_numbers(self, *, carrier: str, numbers: list[str], days: int) -> NumberResult:
        body = request.numbers_request(carrier=carrier, numbers=numbers, days=days)
        return parse.parse_numbers(await self._call("POST", "/api/waybills/extend", body), "extended")

    async def routing(self, *, carrier: str, items: list[dict[str, Any]]) -> list[Routing]:
        body = request.routing_request(carrier=carrier, items=items)
        return parse.parse_routing(await self._call("POST", "/api/routing", body))

    async def track(self, query: TrackQuery) -> TrackResult:
        return await self._tracker.track(query)

    async def intercept(self, *, carrier: str, number: str, kind: str, address: str = "") -> InterceptAnswer:
        body = {"carrier": carrier, "number": number, "kind": kind, "address": address}
        return parse.parse_intercept(await self._call("POST", "/api/interceptions", body))

    async def interception_status(self, *, carrier: str, number: str) -> InterceptAnswer:
        body = {"carrier": carrier, "number": number}
        return parse.parse_intercept_status(await self._call("POST", "/api/interceptions/status", body))

    async def subscribe(self, query: SubscribeQuery) -> SubscribeResult:
        """Kuaidi100's push service, as the network speaks it (it then pushes to our callback)."""
        return await self._tracker.subscribe(query)

    async def test_connection(self) -> str:
        offers = await self.catalogue()
        return f"ok ({len(offers)} carriers)"


def _detail(response: httpx.Response) -> str:
    try:
        return str(response.json().get("detail") or response.text[:200])
    except ValueError:
        return response.text[:200]
