"""The one shared outbound HTTP client: timeouts, bounded concurrency, retries with backoff.

Opened at startup and closed at shutdown (never at import: tests re-import page modules).
"""

from __future__ import annotations

import asyncio
import logging

import httpx
from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, wait_random_exponential

from waybill_ui.carriers.protocol import ProviderError
from typing import Any

log = logging.getLogger(__name__)

TRANSIENT_STATUS = frozenset({500, 502, 503, 504, 429})


class TransientHTTPError(Exception):
    def __init__(self, response: httpx.Response):
        super().__init__(f"HTTP {response.status_code}")
        self.response = response


def _is_transient(exc: BaseException) -> bool:
    return isinstance(exc, (httpx.TransportError, TransientHTTPError))


class ProviderHTTP:
    def __init__(
        self,
        *,
        timeout_s: float = 10.0,
        max_connections: int = 50,
        retries: int = 3,
        backoff_s: float = 0.2,
        transport: httpx.AsyncBaseTransport | None = None,
    ):
        self.client = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout_s),
            limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
            transport=transport,
            headers={"User-Agent": "waybill-ui"},
        )
        self.retries = retries
        self.backoff_s = backoff_s
        self._slots = asyncio.Semaphore(max_connections)

    async def request(self, method: str, url: str, *, retries: int | None = None, **kwargs: Any) -> httpx.Response:
        """Send a request; transient failures (network, timeout, 5xx, 429) are retried with
        exponential backoff and jitter, then reported as a transient ProviderError."""
        # Happy path first, without the retry machinery: building tenacity's loop for every
        # request cost a fifth on top of httpx itself in a 10,000-parcel refresh. Only a transient
        # failure enters the loop below, which counts this attempt as its first.
        try:
            async with self._slots:
                response = await self.client.request(method, url, **kwargs)
            if response.status_code not in TRANSIENT_STATUS:
                return response
            first: BaseException = TransientHTTPError(response)
        except httpx.TransportError as exc:
            first = exc
        return await self._retry(method, url, first, 1 + (self.retries if retries is None else retries), kwargs)

    async def _retry(
        self, method: str, url: str, first: BaseException | None, attempts: int, kwargs: dict[str, Any]
    ) -> httpx.Response:
        try:
            async for attempt in AsyncRetrying(
                stop=stop_after_attempt(attempts),
                wait=wait_random_exponential(multiplier=self.backoff_s, max=5.0),  # full jitter
                retry=retry_if_exception(_is_transient),
                reraise=True,
            ):
                with attempt:
                    if first is not None:  # the fast path's failed attempt
                        failed, first = first, None
                        raise failed
                    async with self._slots:
                        response = await self.client.request(method, url, **kwargs)
                    if response.status_code in TRANSIENT_STATUS:
                        raise TransientHTTPError(response)
                    return response
        except httpx.TimeoutException as exc:
            raise ProviderError(f"timed out after {attempts} attempts: {url}", code="timeout") from exc
        except httpx.TransportError as exc:
            raise ProviderError(f"cannot reach {url}: {exc.__class__.__name__}", code="unreachable") from exc
        except TransientHTTPError as exc:
            raise ProviderError(f"provider answered HTTP {exc.response.status_code}", code="http_error") from exc
        raise AssertionError("unreachable")  # pragma: no cover

    async def aclose(self) -> None:
        await self.client.aclose()
