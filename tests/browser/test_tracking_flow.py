"""Parcels moving along their timelines in a real headless Chromium: the embedded network runs
sped up, "check due parcels now" brings their news, the timeline shows it, a refused parcel
shows up in 预警 with a ready buyer message."""

import pytest
from nicegui.testing import Screen
from selenium.webdriver.common.by import By

from tests.browser.helpers import open_with_owner, sign_in
from tests.tracking_factories import make_shipment
from waybill_ui.sandbox import numbers, timeline

pytestmark = [pytest.mark.browser]  # in a browser lane: see tests/conftest.py


@pytest.fixture
def fast_network(monkeypatch):
    monkeypatch.setenv("WAYBILL_SANDBOX_SPEED", str(3600 * 24 * 10))  # ten simulated days per second


def number_with(scenario: str) -> str:
    return next(
        n for n in (numbers.number_at(0, "YTO", i) for i in range(2000)) if timeline.scenario_of(0, n) == scenario
    )


def test_parcels_move_and_a_refused_one_raises_an_alert(fast_network, shop_clock, screen: Screen):
    db, _ = open_with_owner(screen)
    delivered = make_shipment(db, carrier="YTO", number=number_with("delivered"))
    refused = make_shipment(db, carrier="YTO", number=number_with("refused"))
    sign_in(screen)

    screen.open("/tracking")
    screen.should_contain("立即检查到期运单")
    screen.click("立即检查到期运单")  # the parcels enter the network
    screen.should_contain("已查询 2 单")
    shop_clock.jump(seconds=1.5)  # fifteen simulated days
    screen.click("刷新本页")
    screen.wait_for(lambda: "已签收" in screen.find_by_class("q-page").text)
    screen.selenium.find_element(By.XPATH, f"//*[contains(text(), '{number_with('delivered')}')]").click()
    screen.wait_for(lambda: len(screen.selenium.find_elements(By.CSS_SELECTOR, ".q-timeline__entry")) >= 4)
    assert "签收" in screen.selenium.find_elements(By.CSS_SELECTOR, ".q-timeline__entry")[0].text  # newest on top
    screen.shot("tracking", failed=False)

    badge = screen.selenium.find_element(By.CSS_SELECTOR, "header .q-badge")
    screen.wait_for(lambda: badge.text.strip() == "1")
    screen.open("/alerts")
    screen.should_contain("退回")
    screen.click("告知买家")
    screen.should_contain("告知买家（可修改后复制到旺旺/千牛）")
    text = screen.selenium.find_element(By.CSS_SELECTOR, ".q-dialog textarea").get_attribute("value")
    assert number_with("refused") in text and "退回" in text
    screen.shot("alerts", failed=False)

    screen.open(f"/shipments/{delivered}")
    screen.should_contain("物流时间线")
    screen.wait_for(lambda: len(screen.selenium.find_elements(By.CSS_SELECTOR, ".q-timeline__entry")) >= 4)
    screen.shot("shipment", failed=False)
    screen.open("/settings?tab=providers")
    screen.should_contain("当前生效")
    screen.shot("provider-settings", failed=False)
    assert refused
