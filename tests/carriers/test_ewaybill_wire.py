"""E-waybill wire formats: signatures against worked examples, requests built right, and
recorded answers parsed into EwaybillIssued / refusals of a known kind."""

import base64
import json
from urllib.parse import urlencode

import pytest

from tests.carriers.conftest import payload
from waybill_ui.carriers import ewaybill_kinds as kinds
from waybill_ui.carriers.kdniao import eorder
from waybill_ui.carriers.kdniao.request import data_sign
from waybill_ui.carriers.kuaidi100 import label
from waybill_ui.carriers.protocol import EwaybillAccount, EwaybillOrder, EwaybillRefused, Party

SENDER = Party("王店主", "13800138000", "浙江省", "杭州市", "西湖区", "文三路90号")
RECEIVER = Party("李四", "13900139000", "山东省", "济南市", "历下区", "泉城路1号 #3&4")
ORDER = EwaybillOrder(order_code="WB-1-1", carrier="ZTO", sender=SENDER, receiver=RECEIVER, goods="T恤")


def test_kdniao_datasign_matches_the_vendor_worked_example():
    body = "{'OrderCode':'','ShipperCode':'SF','LogisticCode':'118954907573'}"
    sign = data_sign(body, "56da2cf8-c8a2-44b2-b6fa-476cd7d1ba17")
    assert base64.b64decode(sign) == b"9aa3b97eb3e60dd278c566eeeb7d942a"
    assert sign == "OWFhM2I5N2ViM2U2MGRkMjc4YzU2NmVlZWI3ZDk0MmE="
    assert urlencode({"DataSign": sign}).endswith("MmE%3D")  # encoded once, by the form


def test_kuaidi100_label_sign_is_upper_md5_of_param_t_key_secret():
    # Vector computed independently with coreutils md5sum over the same concatenation.
    assert (
        label.sign('{"taskId":"T0001"}', "1700000000000", "testkey", "testsecret") == "D7D56B8BE5E754BAB1F836E1EB743078"
    )


def test_kdniao_1007_request_signs_the_exact_body_and_strips_forbidden_characters():
    account = EwaybillAccount(carrier="ZTO", customer_name="c1", customer_pwd="p1")
    form = eorder.issue_request(ORDER, account, business_id="B1", api_key="K1")
    assert form["RequestType"] == "1007" and form["DataType"] == "2"
    assert form["DataSign"] == data_sign(form["RequestData"], "K1")
    data = json.loads(form["RequestData"])
    assert data["OrderCode"] == "WB-1-1" and data["ShipperCode"] == "ZTO"
    assert data["CustomerName"] == "c1" and data["CustomerPwd"] == "p1" and "MonthCode" not in data
    assert data["Receiver"]["ProvinceName"] == "山东省" and data["Receiver"]["Mobile"] == "13900139000"
    assert "#" not in data["Receiver"]["Address"] and "&" not in data["Receiver"]["Address"]
    assert data["Commodity"][0]["Goodsquantity"] == 1


def test_kdniao_1007_success_and_already_issued_both_give_the_number():
    fresh = eorder.parse_issue_response(payload("kdniao_1007_success.json"))
    assert fresh.number == "78123456789012" and not fresh.already
    assert fresh.sort_name == "杭州 西湖 02" and fresh.package_name == "杭州集包中心"
    assert fresh.sorting_code == "300-A12 05"
    again = eorder.parse_issue_response(payload("kdniao_1007_already_issued.json"))
    assert again.number == fresh.number and again.already


@pytest.mark.parametrize(
    "name, kind", [("kdniao_1007_no_balance.json", kinds.QUOTA), ("kdniao_1007_bad_account.json", kinds.ACCOUNT)]
)
def test_kdniao_1007_refusals_have_a_kind(name, kind):
    with pytest.raises(EwaybillRefused) as caught:
        eorder.parse_issue_response(payload(name))
    assert caught.value.kind == kind and not caught.value.transient


def test_kdniao_1147_cancel_and_1127_balance():
    eorder.parse_cancel_response(payload("kdniao_1147_success.json"))
    with pytest.raises(EwaybillRefused) as caught:
        eorder.parse_cancel_response(payload("kdniao_1147_refused.json"))
    assert caught.value.kind == kinds.PICKED_UP and "已揽收" in str(caught.value)
    assert eorder.parse_balance_response(payload("kdniao_1127_balance.json")) == 1234
    form = eorder.cancel_request(
        carrier="ZTO",
        order_code="WB-1-1",
        number="78123456789012",
        account=EwaybillAccount(carrier="ZTO"),
        business_id="B",
        api_key="K",
    )
    assert form["RequestType"] == "1147" and json.loads(form["RequestData"])["ExpNo"] == "78123456789012"


def test_kuaidi100_order_request_and_answer():
    account = EwaybillAccount(carrier="ZTO", partner_id="p1", partner_key="pk")
    form = label.issue_request(ORDER, account, key="K", secret="S", t="1700000000000")
    assert form["method"] == "order" and form["sign"] == label.sign(form["param"], "1700000000000", "K", "S")
    param = json.loads(form["param"])
    assert param["kuaidicom"] == "zhongtong" and param["partnerId"] == "p1"
    assert param["recMan"]["printAddr"].startswith("山东省济南市历下区")
    issued = label.parse_issue_response(payload("kuaidi100_label_order_success.json"), order_code="WB-1-1")
    assert issued.number == "73100000000001" and issued.provider_order_id == "KD100-20261204-0001"
    assert (
        issued.task_id == "0F3E8A6B1C2D4E5F" and issued.sort_name == "371-A02 044" and issued.package_name == "济南集包"
    )


@pytest.mark.parametrize(
    "name, kind", [("kuaidi100_label_quota.json", kinds.QUOTA), ("kuaidi100_label_bad_sign.json", kinds.SIGN)]
)
def test_kuaidi100_refusals(name, kind):
    with pytest.raises(EwaybillRefused) as caught:
        label.parse_issue_response(payload(name))
    assert caught.value.kind == kind


def test_kuaidi100_cancel_carries_the_provider_order_id_and_refusal_is_read():
    form = label.cancel_request(
        carrier="ZTO",
        number="7310",
        provider_order_id="KD100-1",
        account=EwaybillAccount(carrier="ZTO"),
        key="K",
        secret="S",
        t="1",
    )
    assert form["method"] == "cancel" and json.loads(form["param"])["orderId"] == "KD100-1"
    with pytest.raises(EwaybillRefused) as caught:
        label.parse_cancel_response(payload("kuaidi100_label_cancel_refused.json"))
    assert caught.value.kind == kinds.PICKED_UP
    reprint = label.reprint_request(task_id="T1", key="K", secret="S", t="1")
    assert reprint["method"] == "printOld" and json.loads(reprint["param"]) == {"taskId": "T1"}
