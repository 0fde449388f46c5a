"""Push tracking in a real headless Chromium with the real scheduler: a shipped parcel is
subscribed at the embedded network, which pushes its news to the app; nobody clicks refresh, yet
the tracking list shows it delivered, and 设置 → 物流推送 shows the callbacks arriving."""

import time

import pytest
from nicegui.testing import Screen

from tests.browser.helpers import open_with_owner, sign_in
from tests.tracking_factories import make_shipment
from waybill_ui.sandbox import numbers, timeline

pytestmark = [pytest.mark.browser]  # in a browser lane: see tests/conftest.py


@pytest.fixture
def live_push(monkeypatch):
    monkeypatch.setenv("WAYBILL_SANDBOX_SPEED", str(3600 * 24 * 10))  # ten simulated days per second
    monkeypatch.setenv("WAYBILL_JOBS_ENABLED", "true")  # the real scheduler, as in production


def eventually(screen: Screen, text: str, seconds: float) -> None:
    deadline = time.time() + seconds
    while text not in screen.find_by_class("q-page").text:
        assert time.time() < deadline, f"{text!r} did not show within {seconds} s"
        screen.wait(0.2)


def test_news_arrives_by_push(live_push, screen: Screen):
    db, _ = open_with_owner(screen)
    number = next(
        n for n in (numbers.number_at(0, "YTO", i) for i in range(2000)) if timeline.scenario_of(0, n) == "delivered"
    )
    sid = make_shipment(db, carrier="YTO", number=number)
    sign_in(screen)
    screen.open("/tracking")
    eventually(screen, "已签收", 20)  # no click: the list updates itself when news comes
    screen.open("/settings?tab=push")
    screen.should_contain("推送跟踪：已开启（内置网络）")
    # the card shows the state when drawn; its 刷新 button redraws it until the first callback is in
    deadline = time.time() + 30
    while "回调正常" not in screen.find_by_class("q-page").text:
        assert time.time() < deadline, "'回调正常' did not show within 30 s"
        screen.wait(1.0)
        screen.click("刷新")
    screen.should_contain("内置网络：已接收")
    screen.shot("push-settings", failed=False)
    screen.open(f"/shipments/{sid}")
    screen.should_contain("物流推送：已结束")
