"""The 售后 page with the simulated user: returns are listed and marked received, the channel form
adds a robot, staff do not see the owner's tabs."""

from nicegui.testing import User

from tests.helpers import login, login_staff
from tests.tracking_factories import make_shipment
from waybill_ui import runtime
from waybill_ui.services.alerts import channels as alert_channels
from waybill_ui.services.aftership import returns


async def test_returns_listed_and_marked_received(user: User):
    await login(user)
    db = runtime.get().db
    make_shipment(db, number="YT7100000000001", status="refused")
    returns.sweep(db)
    await user.open("/aftership")
    await user.should_see(marker="returns-table")
    table = next(iter(user.find(marker="returns-table").elements))
    (row,) = table.rows
    assert row["number"] == "YT7100000000001" and row["reason"] == "拒收" and row["open"]
    user.find(marker="returns-table").trigger("receive", row["id"])
    await user.should_see("已签收入库")
    assert returns.list_returns(db, status="received")[1] == 1


async def test_owner_adds_a_channel_and_staff_see_no_owner_tabs(user: User):
    await login(user)
    await user.open("/aftership?tab=channels")
    user.find(marker="channel-name").type("客服群")
    user.find(marker="channel-target").type("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcdef123456")
    user.find(marker="channel-add").click()
    await user.should_see("客服群 · 企业微信群机器人")
    assert alert_channels.list_channels(runtime.get().db)[0]["kind"] == "wecom"
    await user.open("/aftership?tab=freight")
    await user.should_see(marker="freight-upload")


async def test_staff_cannot_open_owner_tabs(user: User):
    await login_staff(user)
    await user.open("/aftership?tab=freight")
    await user.should_see(marker="freight-owner-only")
    await user.should_not_see(marker="freight-upload")


async def test_the_shipment_page_leads_to_its_interception(user: User):
    await login(user)
    sid = make_shipment(runtime.get().db, number="YT7200000000001", status="in_transit")
    await user.open(f"/shipments/{sid}")
    user.find(marker="shipment-intercept").click()
    await user.should_see(marker="intercept-card")
    box = next(iter(user.find(marker="intercept-number").elements))
    assert box.value == "YT7200000000001"
