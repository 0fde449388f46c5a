"""The embedded network's two e-waybill faces check their signatures as the vendors do, and a
batch through a refused account explains each order in plain Chinese."""

import pytest

from tests.ewaybill.support import add_account, add_order, add_sender, make_sandbox, provider_factory
from waybill_ui.carriers import ewaybill_kinds as kinds
from waybill_ui.carriers.ewaybill import KdniaoEorder, Kuaidi100Label
from waybill_ui.carriers.protocol import EwaybillAccount, EwaybillOrder, EwaybillRefused, Party
from waybill_ui.services.ewaybill import issue as ewaybill
from waybill_ui.services.ewaybill import batch as ewaybill_batch

PARTY = Party("李四", "13900139000", "山东省", "济南市", "历下区", "泉城路1号")
ORDER = EwaybillOrder(order_code="SIG-1", carrier="ZTO", sender=PARTY, receiver=PARTY, goods="T恤", weight_kg=0.5)
ACCOUNT = EwaybillAccount(carrier="ZTO", customer_name="shop-zto", partner_id="p-1")


@pytest.fixture
def box(settings, tmp_path):
    sandbox = make_sandbox(settings, tmp_path / "net.db")
    _, http = provider_factory(settings, sandbox)
    sandbox.http = http
    yield sandbox
    sandbox.close()


async def test_kdniao_face_refuses_a_wrong_datasign(box):
    good = KdniaoEorder(
        box.http,
        business_id=box.config.customer,
        api_key=box.config.key,
        url="http://net.test/sandbox/kdniao/api/EOrderService",
    )
    bad = KdniaoEorder(
        box.http,
        business_id=box.config.customer,
        api_key="not-the-key",
        url="http://net.test/sandbox/kdniao/api/EOrderService",
    )
    with pytest.raises(EwaybillRefused) as caught:
        await bad.issue(ORDER, ACCOUNT)
    assert caught.value.kind == kinds.SIGN
    assert (await good.issue(ORDER, ACCOUNT)).number
    assert await good.balance(ACCOUNT) == 1999  # 1127


async def test_kuaidi100_face_refuses_a_wrong_sign(box):
    url = "http://net.test/sandbox/kuaidi100/label/order"
    bad = Kuaidi100Label(box.http, key=box.config.customer, secret="not-the-secret", url=url)
    with pytest.raises(EwaybillRefused) as caught:
        await bad.issue(ORDER, ACCOUNT)
    assert caught.value.kind == kinds.SIGN and "30002" in str(caught.value)
    good = Kuaidi100Label(box.http, key=box.config.customer, secret=box.config.key, url=url)
    issued = await good.issue(ORDER, ACCOUNT)
    assert issued.number and issued.task_id and issued.provider_order_id


async def test_batch_through_a_refused_account_says_what_to_do_per_order(db, settings, tmp_path):
    sandbox = make_sandbox(settings, tmp_path / "net2.db")
    provider_for, _ = provider_factory(settings, sandbox)
    try:
        add_sender(db)
        add_account(db)
        sandbox.eorder.suspend("ZTO:shop-zto")
        nos = [add_order(db) for _ in range(3)]
        result = await ewaybill_batch.issue_batch(
            db, order_nos=nos, carrier="ZTO", actor="s", provider_for=provider_for, qps=0
        )
        assert result.shipped == [] and {f["order_no"] for f in result.failed} == set(nos)
        assert {f["code"] for f in result.failed} == {"ewaybill_account"}
        assert all("设置 → 电子面单" in f["reason"] and "账号" in f["reason"] for f in result.failed)
        with pytest.raises(ewaybill.IssueFailed) as caught:  # the single ship says the same
            await ewaybill.issue_and_ship(db, order_no=nos[0], carrier="ZTO", actor="s", provider_for=provider_for)
        assert caught.value.code == "ewaybill_account"
    finally:
        sandbox.close()
