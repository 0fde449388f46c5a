"""设置 → 物流推送 through NiceGUI's simulated user: push on with the embedded network, the callback
address, whether callbacks arrive and the subscriptions' states, the options, and saving."""

import asyncio

import pytest
from nicegui.testing import User

from waybill_ui import runtime
from waybill_ui.jobs import tracking_push
from waybill_ui.services.tracking import config as tracking_config
from tests.helpers import login
from tests.tracking_factories import make_many


@pytest.fixture
def fast_network(monkeypatch):
    monkeypatch.setenv("WAYBILL_SANDBOX_SPEED", str(3600 * 24 * 10))


async def test_push_section_shows_callbacks_arriving(fast_network, user: User):
    await login(user)
    rt = runtime.get()
    await user.open("/settings?tab=push")
    await user.should_see("推送跟踪：已开启（内置网络）")
    await user.should_see("http://sandbox.test/api/v1/tracking/push/kuaidi100")
    await user.should_see("尚未收到任何回调")
    await user.should_see(marker="push-options")
    await user.should_see("内网穿透")

    make_many(rt.db, 3)
    await tracking_push.push_once(rt)
    await asyncio.sleep(1.5)
    assert await tracking_push.network_push_once(rt) == 3
    user.find(marker="push-refresh").click()
    await user.should_see("回调正常")
    await user.should_see("内置网络：已接收 3，签名错误/无法读取 0，未知单号 0")
    await user.should_see("已结束: 3")


async def test_push_settings_are_saved(user: User):
    await login(user)
    await user.open("/settings?tab=push")
    await user.should_see(marker="setting-tracking.push.silent_h")
    user.find(marker="setting-tracking.push.silent_h").elements.pop().value = 12
    user.find(marker="push-settings-save").click()
    for _ in range(50):
        if user.notify.contains("已保存。"):
            break
        await asyncio.sleep(0.1)
    values = tracking_config.stored_values(runtime.get().db)
    assert values["tracking.push.silent_h"] == 12.0


async def test_the_shipment_page_shows_its_subscription(fast_network, user: User):
    await login(user)
    rt = runtime.get()
    sid = make_many(rt.db, 1)[0]
    await tracking_push.push_once(rt)
    await user.open(f"/shipments/{sid}")
    await user.should_see("物流推送：已订阅（代码 200），已收到 0 次推送")
