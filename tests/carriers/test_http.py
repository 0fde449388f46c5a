import httpx
import pytest

from waybill_ui.carriers.http import ProviderHTTP
from waybill_ui.carriers.protocol import ProviderError


def transport_answering(*statuses_or_errors):
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        item = statuses_or_errors[min(len(calls), len(statuses_or_errors) - 1)]
        calls.append(request)
        if isinstance(item, Exception):
            raise item
        return httpx.Response(item, json={"n": len(calls)})

    return httpx.MockTransport(handler), calls


async def test_transient_errors_are_retried_then_succeed():
    transport, calls = transport_answering(503, httpx.ConnectError("down"), 200)
    http = ProviderHTTP(retries=3, backoff_s=0.001, transport=transport)
    response = await http.request("GET", "http://carrier.test/x")
    assert response.status_code == 200 and len(calls) == 3
    await http.aclose()


async def test_gives_up_after_the_retry_budget():
    transport, calls = transport_answering(502)
    http = ProviderHTTP(retries=2, backoff_s=0.001, transport=transport)
    with pytest.raises(ProviderError) as err:
        await http.request("GET", "http://carrier.test/x")
    assert err.value.transient and len(calls) == 3
    await http.aclose()


async def test_client_errors_are_not_retried():
    transport, calls = transport_answering(404)
    http = ProviderHTTP(retries=3, backoff_s=0.001, transport=transport)
    response = await http.request("GET", "http://carrier.test/x")
    assert response.status_code == 404 and len(calls) == 1
    await http.aclose()


async def test_timeouts_become_a_transient_provider_error():
    transport, calls = transport_answering(httpx.ReadTimeout("slow"))
    http = ProviderHTTP(retries=1, backoff_s=0.001, transport=transport)
    with pytest.raises(ProviderError) as err:
        await http.request("POST", "http://carrier.test/x")
    assert err.value.code == "timeout" and err.value.transient and len(calls) == 2
    await http.aclose()


async def test_real_timeout_is_enforced():
    """A server that accepts the connection but never answers is cut off by the client's timeout."""
    import asyncio

    async def silent(reader, writer):
        await asyncio.sleep(10)

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    http = ProviderHTTP(timeout_s=0.2, retries=0)
    loop = asyncio.get_running_loop()
    started = loop.time()
    with pytest.raises(ProviderError) as err:
        await http.request("GET", f"http://127.0.0.1:{port}/slow")
    assert err.value.code == "timeout"
    assert loop.time() - started < 2
    await http.aclose()
    server.close()
