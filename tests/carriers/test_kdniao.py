"""Kdniao instant query: DataSign (the vendor's worked example), form, recorded answers, reasons."""

import json
from urllib.parse import parse_qs

import httpx
import pytest

from waybill_ui.carriers.http import ProviderHTTP
from waybill_ui.carriers.kdniao import KdniaoProvider
from waybill_ui.carriers.kdniao.parse import parse_track_response
from waybill_ui.carriers.kdniao.request import data_sign, query_form, request_data
from waybill_ui.carriers.protocol import ProviderConfigError, ProviderError, TrackQuery
from waybill_ui.carriers.status import TrackingStatus as S

from .conftest import payload

VENDOR_DATA = "{'OrderCode':'','ShipperCode':'SF','LogisticCode':'118954907573'}"
VENDOR_KEY = "56da2cf8-c8a2-44b2-b6fa-476cd7d1ba17"


def test_data_sign_matches_the_vendor_worked_example():
    assert data_sign(VENDOR_DATA, VENDOR_KEY) == "OWFhM2I5N2ViM2U2MGRkMjc4YzU2NmVlZWI3ZDk0MmE="


async def test_form_is_url_encoded_exactly_once():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=payload("kdniao_no_trace.json"))

    http = ProviderHTTP(retries=0, transport=httpx.MockTransport(handler))
    provider = KdniaoProvider(
        http, business_id="1237100", api_key=VENDOR_KEY, url="https://kdn.test/api", request_type="8001"
    )
    result = await provider.track(TrackQuery(carrier="SF", number="118954907573", phone="13912345678"))
    assert result.status is None
    body = seen[0].content.decode()
    assert seen[0].headers["content-type"] == "application/x-www-form-urlencoded;charset=utf-8"
    assert "%253D" not in body and body.count("DataSign=") == 1
    form = {k: v[0] for k, v in parse_qs(body).items()}
    assert form["RequestType"] == "8001" and form["EBusinessID"] == "1237100" and form["DataType"] == "2"
    assert form["DataSign"] == data_sign(form["RequestData"], VENDOR_KEY)
    assert json.loads(form["RequestData"]) == {
        "OrderCode": "",
        "ShipperCode": "SF",
        "LogisticCode": "118954907573",
        "CustomerName": "5678",
    }
    await http.aclose()


def test_vendor_example_form_value_ends_in_an_encoded_equals_sign():
    from urllib.parse import urlencode

    encoded = urlencode({"DataSign": data_sign(VENDOR_DATA, VENDOR_KEY)})
    assert encoded.endswith("MmE%3D")


def test_customer_name_only_for_privacy_carriers():
    assert "CustomerName" not in json.loads(request_data(TrackQuery("YTO", "YT1", phone="13912345678")))
    assert json.loads(request_data(TrackQuery("ZTO", "75123456789012", phone="5678")))["CustomerName"] == "5678"
    form = query_form(TrackQuery("YD", "431234567890123"), business_id="B", api_key="K", request_type="8002")
    assert json.loads(form["RequestData"])["ShipperCode"] == "YD" and form["RequestType"] == "8002"


def test_1002_answer_with_int_state_old_times_and_mixed_order():
    result = parse_track_response(payload("kdniao_1002_success_int_state.json"), TrackQuery("SF", "118954907573"))
    assert result.status == S.delivered and result.raw_state == "3"
    times = [e.time for e in result.events]
    assert times == sorted(times) and len(result.events) == 6
    assert result.events[0].text.startswith("已收件") and result.events[0].status == S.picked_up
    assert result.events[-2].text.startswith("派件已签收")  # equal times keep the answer's order
    assert result.events[-1].status == S.delivered


def test_8001_answer_with_state_ex_and_actions():
    result = parse_track_response(payload("kdniao_8001_success_stateex.json"), TrackQuery("YTO", "YT7426331238843"))
    assert result.status == S.available_for_pickup and result.raw_state == "211"
    assert [e.raw_substate for e in result.events] == ["1", "204", "201", "202", "211"]
    assert [e.status for e in result.events] == [
        S.picked_up,
        S.in_transit,
        S.in_transit,
        S.out_for_delivery,
        S.available_for_pickup,
    ]
    assert result.events[0].location == "杭州市"


def test_refused_with_numeric_state_ex():
    result = parse_track_response(payload("kdniao_8001_refused.json"), TrackQuery("ZTO", "75100200300400"))
    assert result.status == S.refused and result.events[-1].raw_substate == "404"


def test_no_trace_yet_is_not_an_error():
    result = parse_track_response(payload("kdniao_no_trace.json"), TrackQuery("YTO", "YT0000000000000"))
    assert result.status is None and result.events == []


@pytest.mark.parametrize(
    "name, code, config, transient",
    [
        ("kdniao_fail_bad_sign.json", "bad_sign", True, False),
        ("kdniao_fail_no_package.json", "kdniao_no_package", True, False),
        ("kdniao_fail_shipper.json", "kdniao_shipper", False, False),
        ("kdniao_fail_customer_name.json", "phone_required", False, False),
        ("kdniao_fail_busy.json", "kdniao_error", False, True),  # Success as the string "false"
    ],
)
def test_success_false_reasons(name, code, config, transient):
    with pytest.raises(ProviderError) as err:
        parse_track_response(payload(name), TrackQuery("SF", "118954907573", phone="5678"))
    assert err.value.code == code
    assert isinstance(err.value, ProviderConfigError) is config
    assert err.value.transient is transient


@pytest.mark.parametrize("body", [b"not json", b'{"Traces": []}', b'{"Success": true, "Traces": {"a": 1}}'])
def test_malformed(body):
    with pytest.raises(ProviderError) as err:
        parse_track_response(body, TrackQuery("YTO", "YT1"))
    assert err.value.code == "malformed"


async def test_request_type_must_be_an_instant_query_and_keys_set():
    http = ProviderHTTP(retries=0, transport=httpx.MockTransport(lambda r: httpx.Response(500)))
    with pytest.raises(ProviderConfigError):
        await KdniaoProvider(http, business_id="", api_key="", url="https://x.test").track(TrackQuery("YTO", "YT1"))
    with pytest.raises(ProviderConfigError) as err:
        await KdniaoProvider(http, business_id="B", api_key="K", url="https://x.test", request_type="1008").track(
            TrackQuery("YTO", "YT1")
        )
    assert err.value.code == "kdniao_request_type"
    await http.aclose()
