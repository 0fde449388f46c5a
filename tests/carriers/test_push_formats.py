"""Push tracking wire formats: Kuaidi100 /poll subscription and its callback, Kdniao 1008 and
its 101 push — request builders, recorded answers and callbacks, signatures against fixed
vectors (Kdniao's is the vendor's own worked example)."""

import json
from urllib.parse import parse_qs

import httpx
import pytest

from waybill_ui.carriers.http import ProviderHTTP
from waybill_ui.carriers.kdniao import KdniaoProvider
from waybill_ui.carriers.kdniao import subscribe as kd
from waybill_ui.carriers.kuaidi100 import Kuaidi100Provider
from waybill_ui.carriers.kuaidi100 import subscribe as k100
from waybill_ui.carriers.protocol import ProviderConfigError, ProviderError, SubscribeQuery
from waybill_ui.carriers.status import Phase, TrackingStatus as S

from .conftest import payload, payload_json

Q = SubscribeQuery(
    carrier="SF",
    number="SF1402239870351",
    callback_url="https://shop.example.com/cb",
    phone="13812345678",
    to_text="广东省深圳市南山区",
    salt="s3cret",
)


def test_kuaidi100_subscribe_request_carries_key_callback_salt_and_phone_tail():
    form = k100.subscribe_request(Q, key="testkey")
    assert set(form) == {"schema", "param"} and form["schema"] == "json"
    param = json.loads(form["param"])
    assert param["company"] == "shunfeng" and param["number"] == "SF1402239870351" and param["key"] == "testkey"
    assert param["to"] == "广东省深圳市南山区"
    assert param["parameters"] == {
        "callbackurl": "https://shop.example.com/cb",
        "resultv2": "4",
        "salt": "s3cret",
        "phone": "5678",
    }
    yto = json.loads(k100.subscribe_param(SubscribeQuery(carrier="YTO", number="YT1", callback_url="u"), key="k"))
    assert "phone" not in yto["parameters"] and "salt" not in yto["parameters"]  # YTO needs no phone


@pytest.mark.parametrize(
    "code, outcome",
    [
        ("200", "subscribed"),
        ("501", "duplicate"),
        ("500", "retry"),
        ("600", "config"),
        ("601", "config"),
        ("700", "failed"),
        ("701", "failed"),
        ("702", "failed"),
    ],
)
def test_kuaidi100_subscribe_answers(code, outcome):
    result = k100.parse_subscribe_response(payload(f"kuaidi100_subscribe_{code}.json"))
    assert result.outcome == outcome and result.code == code and result.message
    assert result.accepted == (outcome in ("subscribed", "duplicate"))


def test_kuaidi100_subscribe_answer_that_is_not_json_is_retried():
    assert k100.parse_subscribe_response(b"<html>502</html>").outcome == "retry"


def test_kuaidi100_callback_sign_fixed_vector_and_letter_case():
    param = '{"status":"polling","message":"","lastResult":{"nu":"YT0000000000000"}}'
    # md5sum of param + "testsalt", computed with coreutils, not with this code
    assert k100.callback_sign(param, "testsalt") == "86023F047023DD4C7B88FFB647A2D124"
    assert k100.sign_ok(param, "86023f047023dd4c7b88ffb647a2d124", "testsalt")  # vendor's case is not settled
    assert k100.sign_ok(param, "86023F047023DD4C7B88FFB647A2D124", "testsalt")
    assert not k100.sign_ok(param + " ", "86023F047023DD4C7B88FFB647A2D124", "testsalt")  # the exact text
    assert not k100.sign_ok(param, "86023F047023DD4C7B88FFB647A2D124", "other")
    assert not k100.sign_ok(param, "", "testsalt") and not k100.sign_ok(param, "86023F04", "")


def test_kuaidi100_polling_callback_is_a_full_snapshot():
    update = k100.parse_callback(payload("kuaidi100_callback_polling.json"))
    assert update.monitor == "polling" and update.number == "YT7426331238843" and update.carrier == "YTO"
    result = update.result
    assert [e.raw_substate for e in result.events] == ["103", "1002", "1002", "1001"]  # oldest first
    assert result.status == S.in_transit and result.phase == Phase.arrived
    assert update.carrier_new == ""


def test_kuaidi100_shutdown_callback():
    update = k100.parse_callback(payload("kuaidi100_callback_shutdown.json").decode())
    assert update.monitor == "shutdown" and update.result.status == S.delivered and len(update.result.events) == 6


def test_kuaidi100_abort_names_the_corrected_carrier_and_carries_no_status():
    update = k100.parse_callback(payload_json("kuaidi100_callback_abort_comnew.json"))
    assert update.monitor == "abort" and update.message == "3天查询无记录"
    assert update.carrier == "YTO" and update.carrier_new == "ZTO"
    assert update.result.events == [] and update.result.status is None


@pytest.mark.parametrize("body", ['{"status":"polling"}', '{"status":"polling","lastResult":{"data":[]}}', "nope"])
def test_kuaidi100_unreadable_callbacks(body):
    with pytest.raises(ProviderError):
        k100.parse_callback(body)


def test_kdniao_push_sign_is_the_vendors_worked_example():
    data = "{'OrderCode':'','ShipperCode':'SF','LogisticCode':'118954907573'}"
    key = "56da2cf8-c8a2-44b2-b6fa-476cd7d1ba17"
    assert kd.sign_ok(data, "OWFhM2I5N2ViM2U2MGRkMjc4YzU2NmVlZWI3ZDk0MmE=", key)
    assert not kd.sign_ok(data, "OWFhM2I5N2ViM2U2MGRkMjc4YzU2NmVlZWI3ZDk0MmE", key)
    assert not kd.sign_ok(data, "OWFhM2I5N2ViM2U2MGRkMjc4YzU2NmVlZWI3ZDk0MmE=", key + "x")
    assert not kd.sign_ok(data, "OWFhM2I5N2ViM2U2MGRkMjc4YzU2NmVlZWI3ZDk0MmE=", "")


def test_kdniao_subscribe_form():
    form = kd.subscribe_form(Q, business_id="1237100", api_key="56da2cf8-c8a2-44b2-b6fa-476cd7d1ba17")
    assert form["RequestType"] == "1008" and form["EBusinessID"] == "1237100" and form["DataType"] == "2"
    data = json.loads(form["RequestData"])
    assert data == {"OrderCode": "", "ShipperCode": "SF", "LogisticCode": "SF1402239870351", "CustomerName": "5678"}
    assert kd.sign_ok(form["RequestData"], form["DataSign"], "56da2cf8-c8a2-44b2-b6fa-476cd7d1ba17")


@pytest.mark.parametrize(
    "name, outcome",
    [
        ("kdniao_subscribe_success.json", "subscribed"),
        ("kdniao_subscribe_duplicate.json", "duplicate"),
        ("kdniao_subscribe_fail_sign.json", "config"),
        ("kdniao_subscribe_fail_shipper.json", "failed"),
    ],
)
def test_kdniao_subscribe_answers(name, outcome):
    assert kd.parse_subscribe_response(payload(name)).outcome == outcome


def test_kdniao_push_101_holds_several_parcels_each_a_snapshot():
    updates = kd.parse_push(payload("kdniao_push_101.json"))
    sf, yto = updates
    assert (sf.number, sf.carrier, sf.monitor) == ("SF1402239870351", "SF", "polling")
    assert sf.result.status == S.delivered and [e.raw_substate for e in sf.result.events] == [
        "1",
        "204",
        "201",
        "202",
        "301",
    ]
    assert yto.number == "YT7426331238843" and yto.result.status is None and yto.result.events == []


def test_kdniao_push_without_data_is_refused():
    with pytest.raises(ProviderError):
        kd.parse_push('{"PushTime":"2024-05-03 10:31:05","EBusinessID":"1237100"}')


def test_kdniao_reply_shape():
    from datetime import datetime, timezone

    reply = kd.push_reply("1237100", datetime(2024, 5, 3, 2, 31, 6, tzinfo=timezone.utc))
    assert reply == {"EBusinessID": "1237100", "UpdateTime": "2024-05-03 10:31:06", "Success": True, "Reason": ""}


def test_kdniao_subscriptions_go_to_the_vendors_dist_endpoint_or_a_test_double():
    assert (
        kd.subscribe_url_for("https://api.kdniao.com/Ebusiness/EbusinessOrderHandle.aspx")
        == "https://api.kdniao.com/api/dist"
    )
    assert kd.subscribe_url_for("http://127.0.0.1:9/kdniao") == "http://127.0.0.1:9/kdniao"


def _recorder(answer: bytes, seen: list):
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=answer)

    return ProviderHTTP(transport=httpx.MockTransport(handler), retries=1)


async def test_providers_post_the_subscription_where_configured():
    seen: list[httpx.Request] = []
    http = _recorder(payload("kuaidi100_subscribe_200.json"), seen)
    provider = Kuaidi100Provider(
        http, customer="C", key="K", url="https://q.example/query.do", subscribe_url="https://q.example/poll"
    )
    assert (await provider.subscribe(Q)).outcome == "subscribed"
    form = parse_qs(seen[0].content.decode())
    assert str(seen[0].url) == "https://q.example/poll" and json.loads(form["param"][0])["key"] == "K"
    await http.aclose()

    seen.clear()
    http = _recorder(payload("kdniao_subscribe_success.json"), seen)
    provider = KdniaoProvider(http, business_id="1237100", api_key="k", url="https://kd.example/handler")
    assert (await provider.subscribe(Q)).accepted
    form = parse_qs(seen[0].content.decode())
    assert form["RequestType"] == ["1008"] and kd.sign_ok(form["RequestData"][0], form["DataSign"][0], "k")
    await http.aclose()

    with pytest.raises(ProviderConfigError):
        await Kuaidi100Provider(http, customer="C", key="", url="u", subscribe_url="s").subscribe(Q)
