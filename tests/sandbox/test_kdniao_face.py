"""The embedded network answers in Kdniao's format too: the Kdniao adapter runs end to end."""

import httpx
import pytest
from fastapi import FastAPI

from waybill_ui.carriers.http import ProviderHTTP
from waybill_ui.carriers.kdniao import KdniaoProvider
from waybill_ui.carriers.protocol import ProviderConfigError, ProviderError, TrackQuery
from waybill_ui.carriers.status import TrackingStatus
from waybill_ui.sandbox import numbers
from waybill_ui.sandbox.kdniao_face import PATH
from waybill_ui.sandbox.server import PREFIX, build_router

from .conftest import CUSTOMER, KEY, make_sandbox


def kdniao_for(box, *, key=KEY, request_type="1002"):
    app = FastAPI()
    app.include_router(build_router(lambda: box))
    http = ProviderHTTP(retries=0, timeout_s=2, transport=httpx.ASGITransport(app))
    return KdniaoProvider(
        http, business_id=CUSTOMER, api_key=key, url=f"http://net.test{PREFIX}{PATH}", request_type=request_type
    ), http


async def test_parcels_move_in_kdniao_format(shop_clock, tmp_path):
    box = make_sandbox(tmp_path, speed=3600 * 24 * 10)
    provider, http = kdniao_for(box, request_type="8001")
    number = numbers.number_at(0, "YTO", 9)
    assert (await provider.track(TrackQuery(carrier="YTO", number=number))).status is None
    shop_clock.jump(seconds=1.2)
    result = await provider.track(TrackQuery(carrier="YTO", number=number))
    assert result.status in {TrackingStatus.delivered, TrackingStatus.returned, TrackingStatus.refused}
    assert result.events[0].status == TrackingStatus.picked_up and result.events[0].raw_substate == "1"
    assert [e.time for e in result.events] == sorted(e.time for e in result.events)
    assert await provider.test_connection() == "ok"
    await http.aclose()
    box.close()


async def test_wrong_key_and_missing_phone(tmp_path):
    box = make_sandbox(tmp_path)
    bad, http = kdniao_for(box, key="wrong")
    with pytest.raises(ProviderConfigError) as err:
        await bad.test_connection()
    assert err.value.code == "bad_sign"
    await http.aclose()
    good, http = kdniao_for(box)
    # the adapter itself refuses before spending a query; the server would say the same
    with pytest.raises(ProviderError) as err:
        await good.track(TrackQuery(carrier="ZTO", number="75123456789012"))
    assert err.value.code == "phone_required"
    assert (await good.track(TrackQuery(carrier="ZTO", number="75123456789012", phone="5678"))).status is None
    await http.aclose()
    box.close()
