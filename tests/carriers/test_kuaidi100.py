"""Kuaidi100 real-time query: request building (sign vector), recorded answers, every error code."""

import json
from urllib.parse import parse_qs

import httpx
import pytest

from waybill_ui.carriers.http import ProviderHTTP
from waybill_ui.carriers.kuaidi100 import Kuaidi100Provider
from waybill_ui.carriers.kuaidi100.parse import parse_track_response
from waybill_ui.carriers.kuaidi100.request import query_param, query_request, sign
from waybill_ui.carriers.protocol import ProviderConfigError, ProviderError, TrackQuery
from waybill_ui.carriers.status import TrackingStatus as S

from .conftest import payload

Q = TrackQuery(carrier="YTO", number="YT7426331238843")


def test_sign_matches_the_reference_vector():
    param = '{"com":"yuantong","num":"YT0000000000000"}'
    assert sign(param, "testkey", "TESTCUSTOMER") == "98EDFC6C0349B3BC68A8A896AC95942E"


def test_request_signs_the_exact_param_string_sent():
    form = query_request(
        TrackQuery(carrier="YTO", number="YT0000000000000", to_text="广东省深圳市南山区"),
        customer="TESTCUSTOMER",
        key="testkey",
    )
    assert set(form) == {"customer", "sign", "param"}
    assert form["sign"] == sign(form["param"], "testkey", "TESTCUSTOMER")
    param = json.loads(form["param"])
    assert param["com"] == "yuantong" and param["num"] == "YT0000000000000"
    assert param["to"] == "广东省深圳市南山区" and "phone" not in param  # privacy: YTO needs no phone
    assert "深圳" in form["param"]  # sent as UTF-8 text, not \\u escapes: the sign covers what is sent


@pytest.mark.parametrize(
    "phone, expected", [("13812345678", "5678"), ("5678", "5678"), ("138-1234-5678", "5678"), ("", None), ("12", None)]
)
def test_privacy_carriers_get_the_phone_tail(phone, expected):
    param = json.loads(query_param(TrackQuery(carrier="SF", number="SF1402239870351", phone=phone)))
    assert param["com"] == "shunfeng"
    assert param.get("phone") == expected


def test_success_newest_first_becomes_oldest_first_with_raw_codes():
    result = parse_track_response(payload("kuaidi100_success_resultv2.json"), Q)
    assert result.status == S.out_for_delivery and result.raw_state == "5"
    assert [e.raw_substate for e in result.events] == ["103", "1002", "1002", "1001", "5"]
    # two events in the same second keep the provider's own order: 到达 before 离开
    assert result.events[1].text.startswith("快件已到达【杭州转运中心】")
    assert result.events[0].status == S.picked_up and result.events[0].raw_state == "揽收"
    assert result.events[0].location == "浙江,杭州市,西湖区"
    assert result.events[0].time.isoformat() == "2024-05-02T17:25:51+08:00"


def test_plain_answer_with_int_codes_and_no_resultv2():
    result = parse_track_response(
        payload("kuaidi100_success_plain_int_state.json"), TrackQuery("STO", "773012345678901")
    )
    assert result.status == S.delivered and result.raw_state == "3"
    statuses = [e.status for e in result.events]
    assert statuses == [S.picked_up, S.in_transit, S.available_for_pickup, S.delivered]  # from the words


def test_ascending_answer_and_old_customs_codes():
    result = parse_track_response(payload("kuaidi100_success_asc_old_codes.json"), TrackQuery("SF", "SF1402239870351"))
    assert result.status == S.in_transit and result.raw_state == "11"
    assert [e.raw_substate for e in result.events] == ["103", "11"]


def test_refused_sub_code_14_under_state_4():
    result = parse_track_response(payload("kuaidi100_refused_sub14.json"), TrackQuery("ZTO", "75100200300400"))
    assert result.status == S.refused
    assert result.events[-1].raw_substate == "14"


def test_500_is_no_result_yet_not_an_error():
    result = parse_track_response(payload("kuaidi100_error_500.json"), Q)
    assert result.status is None and result.events == [] and result.raw_state == "500"


@pytest.mark.parametrize(
    "name, code, config, transient",
    [
        ("kuaidi100_error_503.json", "bad_sign", True, False),
        ("kuaidi100_error_400.json", "kuaidi100_400", True, False),
        ("kuaidi100_error_601.json", "kuaidi100_601", True, False),  # returnCode as a number
        ("kuaidi100_error_408.json", "phone_required", False, False),
        ("kuaidi100_error_501.json", "kuaidi100_501", False, True),  # result as the string "false"
        ("kuaidi100_error_502.json", "kuaidi100_502", False, True),
    ],
)
def test_each_error_code(name, code, config, transient):
    with pytest.raises(ProviderError) as err:
        parse_track_response(payload(name), Q)
    assert err.value.code == code
    assert isinstance(err.value, ProviderConfigError) is config
    assert err.value.transient is transient


@pytest.mark.parametrize("body", [b"<html>502</html>", b"[1,2]", b'{"state":"0","data":"oops"}'])
def test_malformed_answers_are_transient_errors(body):
    with pytest.raises(ProviderError) as err:
        parse_track_response(body, Q)
    assert err.value.code == "malformed" and err.value.transient


def test_unknown_error_code_is_transient():
    with pytest.raises(ProviderError) as err:
        parse_track_response(b'{"result":false,"returnCode":"777","message":"?"}', Q)
    assert err.value.transient


async def test_provider_posts_a_signed_form_and_parses_the_answer():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=payload("kuaidi100_success_resultv2.json"))

    http = ProviderHTTP(retries=0, transport=httpx.MockTransport(handler))
    provider = Kuaidi100Provider(http, customer="C1", key="K1", url="https://kd100.test/poll/query.do")
    result = await provider.track(Q)
    assert result.status == S.out_for_delivery
    request = seen[0]
    assert request.headers["content-type"].startswith("application/x-www-form-urlencoded")
    form = {k: v[0] for k, v in parse_qs(request.content.decode()).items()}
    assert form["customer"] == "C1" and form["sign"] == sign(form["param"], "K1", "C1")
    await http.aclose()


async def test_provider_refuses_without_keys_and_without_phone_for_privacy_carriers():
    http = ProviderHTTP(retries=0, transport=httpx.MockTransport(lambda r: httpx.Response(500)))
    with pytest.raises(ProviderConfigError):
        await Kuaidi100Provider(http, customer="", key="", url="https://x.test").track(Q)
    provider = Kuaidi100Provider(http, customer="C", key="K", url="https://x.test")
    with pytest.raises(ProviderError) as err:
        await provider.track(TrackQuery(carrier="SF", number="SF1402239870351"))
    assert err.value.code == "phone_required" and not err.value.transient
    await http.aclose()


async def test_connection_test_reports_a_bad_sign_plainly():
    http = ProviderHTTP(
        retries=0,
        transport=httpx.MockTransport(lambda r: httpx.Response(200, content=payload("kuaidi100_error_503.json"))),
    )
    with pytest.raises(ProviderConfigError) as err:
        await Kuaidi100Provider(http, customer="C", key="wrong", url="https://x.test").test_connection()
    assert err.value.code == "bad_sign" and "503" in str(err.value)
    ok = ProviderHTTP(
        retries=0,
        transport=httpx.MockTransport(lambda r: httpx.Response(200, content=payload("kuaidi100_error_500.json"))),
    )
    assert await Kuaidi100Provider(ok, customer="C", key="K", url="https://x.test").test_connection() == "ok"
    await http.aclose()
    await ok.aclose()


async def test_wrong_url_is_a_configuration_error():
    http = ProviderHTTP(retries=0, transport=httpx.MockTransport(lambda r: httpx.Response(404, text="no")))
    with pytest.raises(ProviderConfigError):
        await Kuaidi100Provider(http, customer="C", key="K", url="https://x.test/wrong").track(Q)
    await http.aclose()
