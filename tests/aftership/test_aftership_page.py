"""The 售后 page with the simulated user: returns are listed and marked received, the channel form
adds a robot, staff do not see the owner's tabs."""

import asyncio

from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from tests.helpers import login, login_staff
from tests.tracking_factories import make_shipment
from waybill_ui import runtime
from waybill_ui.services.alerts import channels as alert_channels
from waybill_ui.services.aftership import returns
from waybill_ui.ui.aftership.intercept_form import address_of


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


async def test_returns_filter_rates_and_a_refused_interception(user: User):
    await login(user)
    db = runtime.get().db
    make_shipment(db, number="YT7300000000001", status="refused")
    returns.sweep(db)
    await user.open("/aftership")
    await user.should_see(marker="returns-rates")
    table = next(iter(user.find(marker="returns-table").elements))
    assert [r["number"] for r in table.rows] == ["YT7300000000001"]
    next(iter(user.find(marker="returns-filter").elements)).value = "received"
    for _ in range(100):
        if not table.rows:
            break
        await asyncio.sleep(0.05)
    assert table.rows == [] and table.pagination["rowsNumber"] == 0
    next(iter(user.find(marker="returns-filter").elements)).value = ""
    for _ in range(100):
        if table.rows:
            break
        await asyncio.sleep(0.05)
    assert [r["number"] for r in table.rows] == ["YT7300000000001"]
    user.find(marker="intercept-number").type("YT0000000000000")
    user.find(marker="intercept-send").click()
    await user.should_see(retries=50, marker="intercept-outcome")
    outcome = next(iter(user.find(marker="intercept-outcome").elements))
    for _ in range(100):
        if outcome.text:
            break
        await asyncio.sleep(0.05)
    assert outcome.text  # no such shipment: said in plain words


def test_an_address_typed_in_one_line():
    assert address_of("广东省 深圳市 南山区 科技园 1 栋") == {
        "province": "广东省",
        "city": "深圳市",
        "district": "南山区",
        "address": "科技园 1 栋",
    }


async def test_owner_turns_a_channel_off_and_deletes_it(user: User):
    await login(user)
    db = runtime.get().db
    alert_channels.create(
        db,
        kind="dingtalk",
        name="仓库群",
        target="https://oapi.dingtalk.com/robot/send?access_token=abcdef123456",
        secret="SEC0123456789abcdef",
        alert_kinds=["transit_stalled"],
        daily_summary=True,
        actor="owner",
    )
    (channel,) = alert_channels.list_channels(db)
    await user.open("/aftership?tab=channels")
    await user.should_see(marker=f"channel-{channel['id']}")
    await user.should_see("每天 8 点发日报")
    card = next(iter(user.find(marker=f"channel-{channel['id']}").elements))
    switch = next(e for e in card.descendants() if isinstance(e, ui.switch))
    switch.value = False
    for _ in range(100):
        if not alert_channels.list_channels(db)[0]["enabled"]:
            break
        await asyncio.sleep(0.05)
    assert not alert_channels.list_channels(db)[0]["enabled"]
    delete = next(e for e in card.descendants() if isinstance(e, ui.button) and e.text == "删除")
    UserInteraction(user, {delete}, None).click()
    await user.should_see("还没有通知渠道", retries=50)
    assert alert_channels.list_channels(db) == []
