"""Kuaidi100 is not known to dedupe our order code: an issue whose answer was lost (timeout after
the network issued) is never sent again blindly. The order is held with a message; the seller
enters the number found by our order code, or confirms none was issued. Kdniao (which does
dedupe, 105/106) is simply asked again."""

import asyncio

import httpx
import pytest
from fastapi import FastAPI
from sqlmodel import select

from tests.ewaybill.support import add_account, add_order, add_sender, make_sandbox
from waybill_ui.services.common.errors import Invalid
from waybill_ui.carriers import registry
from waybill_ui.carriers.ewaybill import Kuaidi100Label
from waybill_ui.carriers.http import ProviderHTTP
from waybill_ui.db.models import EwaybillIssue, Order
from waybill_ui.sandbox.faults import FaultPlan
from waybill_ui.sandbox.server import PREFIX, build_router
from waybill_ui.services.ewaybill import issue as ewaybill
from waybill_ui.services.ewaybill import accounts as ewaybill_accounts
from waybill_ui.services.ewaybill import batch as ewaybill_batch
from waybill_ui.services.ewaybill import unsure as ewaybill_unsure
from waybill_ui.services.common.errors import Conflict


class Deadline(httpx.AsyncBaseTransport):
    """A client-side deadline on the in-process transport (ASGI calls have no socket timeout)."""

    def __init__(self, inner: httpx.AsyncBaseTransport, seconds: float):
        self.inner, self.seconds = inner, seconds

    async def handle_async_request(self, request):
        try:
            return await asyncio.wait_for(self.inner.handle_async_request(request), self.seconds)
        except asyncio.TimeoutError:
            raise httpx.ReadTimeout("no answer in time", request=request) from None


@pytest.fixture
def net(db, settings, tmp_path):
    box = make_sandbox(settings, tmp_path / "net.db")
    app = FastAPI()
    app.include_router(build_router(lambda: box))
    http = ProviderHTTP(retries=3, timeout_s=5, transport=Deadline(httpx.ASGITransport(app), 0.3))

    def provider_for(account):
        if account.provider == "kuaidi100":
            return Kuaidi100Label(
                http,
                key=box.config.customer,
                secret=box.config.key,
                url=f"http://net.test{PREFIX}/kuaidi100/label/order",
            )
        return registry.ewaybill_provider(account.provider, settings, http, f"http://net.test{PREFIX}")

    add_sender(db)
    yield db, box, provider_for
    box.close()


def _desk(box) -> list[tuple[str, str]]:
    return box.store._conn.execute("SELECT order_code, number FROM ew_orders ORDER BY rowid").fetchall()


def _timeout(box) -> None:
    box.faults.set_plan(FaultPlan.parse("timeout=1,timeout_s=5"))


async def test_a_lost_kuaidi100_answer_holds_the_order_until_the_seller_enters_the_number(net):
    db, box, provider_for = net
    add_account(db, carrier="YTO", provider="kuaidi100")
    no = add_order(db)
    _timeout(box)
    with pytest.raises(ewaybill.IssueFailed) as caught:
        await ewaybill.issue_and_ship(db, order_no=no, carrier="YTO", actor="s", provider_for=provider_for)
    assert caught.value.code == "ewaybill_unreachable"
    assert len(_desk(box)) == 1  # issued there, answer lost; and not resent by the HTTP client's retries
    box.faults.set_plan(FaultPlan.parse(""))
    with pytest.raises(ewaybill_unsure.Unsure) as held:
        await ewaybill.issue_and_ship(db, order_no=no, carrier="YTO", actor="s", provider_for=provider_for)
    message = held.value.message("zh")
    assert f"订单 {no}-1" in message and "确认未出号" in message
    assert len(_desk(box)) == 1  # the retry sent nothing: no second number
    batch = await ewaybill_batch.issue_batch(
        db, order_nos=[no], carrier="YTO", actor="s", provider_for=provider_for, qps=0
    )
    assert batch.shipped == [] and batch.failed[0]["code"] == "ewaybill_unsure" and len(_desk(box)) == 1
    # the seller finds the number by our order code (it is in the request's remark) and enters it
    code, number = _desk(box)[0]
    assert code == f"{no}-1"
    shipped = ewaybill_unsure.settle(db, order_no=no, number=number, actor="boss")
    assert shipped.number == number
    with db.read() as session:
        assert session.exec(select(Order).where(Order.order_no == no)).one().status == "shipped"
    assert ewaybill_accounts.list_accounts(db)[0].issued_count == 1
    with pytest.raises(Conflict):
        await ewaybill.issue_and_ship(db, order_no=no, carrier="YTO", actor="s", provider_for=provider_for)
    assert len(_desk(box)) == 1


async def test_the_seller_confirms_no_number_was_issued_and_ships_again_with_a_new_code(net):
    db, box, provider_for = net
    add_account(db, carrier="YTO", provider="kuaidi100")
    no = add_order(db)
    box.faults.set_plan(FaultPlan.parse("5xx=1"))  # refused at the door: nothing issued, but we cannot know
    with pytest.raises(ewaybill.IssueFailed):
        await ewaybill.issue_and_ship(db, order_no=no, carrier="YTO", actor="s", provider_for=provider_for)
    box.faults.set_plan(FaultPlan.parse(""))
    with pytest.raises(ewaybill_unsure.Unsure):
        await ewaybill.issue_and_ship(db, order_no=no, carrier="YTO", actor="s", provider_for=provider_for)
    with pytest.raises(Invalid):
        ewaybill_unsure.settle(db, order_no=no, number="not a number", actor="boss")
    assert ewaybill_unsure.settle(db, order_no=no, number=None, actor="boss") is None
    shipped = await ewaybill.issue_and_ship(db, order_no=no, carrier="YTO", actor="s", provider_for=provider_for)
    assert _desk(box) == [(f"{no}-2", shipped.number)]
    with db.read() as session:
        assert [i.status for i in session.exec(select(EwaybillIssue).order_by(EwaybillIssue.attempt))] == [
            "failed",
            "issued",
        ]


async def test_a_clear_refusal_is_not_held_and_the_retry_sends_again(net):
    db, box, provider_for = net
    add_account(db, carrier="YTO", provider="kuaidi100")
    no = add_order(db, address="某村 不派送")
    with pytest.raises(ewaybill.IssueFailed) as caught:
        await ewaybill.issue_and_ship(db, order_no=no, carrier="YTO", actor="s", provider_for=provider_for)
    assert caught.value.code == "ewaybill_address"
    with db.write() as session:
        order = session.exec(select(Order).where(Order.order_no == no)).one()
        order.address = "泉城路1号"
        session.add(order)
    shipped = await ewaybill.issue_and_ship(db, order_no=no, carrier="YTO", actor="s", provider_for=provider_for)
    assert _desk(box) == [(f"{no}-1", shipped.number)]


async def test_kdniao_dedupes_so_a_timeout_is_simply_asked_again(net):
    db, box, provider_for = net
    add_account(db, carrier="ZTO")  # the sandbox provider speaks Kdniao
    no = add_order(db)
    _timeout(box)
    with pytest.raises(ewaybill.IssueFailed):
        await ewaybill.issue_and_ship(db, order_no=no, carrier="ZTO", actor="s", provider_for=provider_for)
    box.faults.set_plan(FaultPlan.parse(""))
    shipped = await ewaybill.issue_and_ship(db, order_no=no, carrier="ZTO", actor="s", provider_for=provider_for)
    assert _desk(box) == [(f"{no}-1", shipped.number)]


async def test_a_number_already_in_use_is_refused_and_the_order_stays_held(net):
    db, box, provider_for = net
    add_account(db, carrier="YTO", provider="kuaidi100")
    other = await ewaybill.issue_and_ship(
        db, order_no=add_order(db), carrier="YTO", actor="s", provider_for=provider_for
    )
    no = add_order(db)
    box.faults.set_plan(FaultPlan.parse("5xx=1"))
    with pytest.raises(ewaybill.IssueFailed):
        await ewaybill.issue_and_ship(db, order_no=no, carrier="YTO", actor="s", provider_for=provider_for)
    with pytest.raises(Conflict) as caught:
        ewaybill_unsure.settle(db, order_no=no, number=other.number, actor="boss")
    assert caught.value.code == "number_taken" and other.number in caught.value.message("zh")
    box.faults.set_plan(FaultPlan.parse(""))
    with pytest.raises(ewaybill_unsure.Unsure):  # still held: nothing half stored
        await ewaybill.issue_and_ship(db, order_no=no, carrier="YTO", actor="s", provider_for=provider_for)
