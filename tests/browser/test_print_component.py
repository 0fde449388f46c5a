"""The print component in a real Chromium: the page's script connects to a fake component
(WebSocket on localhost), lists its printers, sends a job and records notifyPrintResult."""

import pytest
from nicegui.testing import Screen
from selenium.common.exceptions import ElementClickInterceptedException
from selenium.webdriver.common.by import By

from tests.browser.helpers import elements_now, open_with_owner, sign_in
from tests.label_rows import make_shipments, number_for
from tests.printing.fake_component import FakeComponent
from waybill_ui.services.printing import printers, queue
from waybill_ui.services.accounts.users import Principal

pytestmark = [pytest.mark.browser]  # in a browser lane: see tests/conftest.py


def test_labels_go_through_the_print_component_from_the_browser(screen: Screen, monkeypatch):
    fake = FakeComponent(fail_documents={"1-2"})
    monkeypatch.setitem(printers.COMPONENTS, "cainiao", fake.port)  # the component's port on this "PC"
    try:
        db, _ = open_with_owner(screen)
        owner = Principal(id=0, username="boss", role="owner")
        ids = make_shipments(db, 3)
        sign_in(screen)

        screen.open("/settings?tab=printers")
        screen.click("添加打印机")
        screen.wait_for(lambda: open_kind_select(screen))
        screen.click("平台打印组件（打包电脑）")
        screen.click("读取组件打印机")
        chosen = '//label[.//*[text()="组件里的打印机名称"]]//input'
        screen.wait_for(lambda: screen.selenium.find_element(By.XPATH, chosen).get_attribute("value") == "GP-1324D")
        name = screen.selenium.find_element(By.XPATH, '//label[.//*[text()="名称"]]//input')
        name.send_keys("菜鸟组件")
        screen.click("设为此尺寸的店铺默认打印机")
        screen.click("保存")
        screen.should_contain("打印机已保存")
        screen.should_contain("打印测试页")
        screen.selenium.find_element(By.XPATH, '//button[.//*[text()="打印测试页"]]').click()
        screen.should_contain("测试页已发送到 菜鸟组件")
        assert fake.printed[-1]["documentID"] == "test-1"
        assert fake.printed[-1]["contents"][0]["data"]["number"] == "773000000000000"
        fake.printed.clear()
        saved = printers.list_printers(db)[0]
        assert (saved.kind, saved.component, saved.component_printer) == ("component", "cainiao", "GP-1324D")

        screen.open(f"/labels/print?ids={','.join(map(str, ids))}")
        screen.click("发送到打印机")
        screen.should_contain("菜鸟组件 · 76x130")
        screen.selenium.find_element(
            By.XPATH, '//button[.//*[text()="发送到打印机"]][ancestor::*[contains(@class,"q-dialog")]]'
        ).click()
        screen.should_contain("2/3 张 · 失败")  # the component reported document 2 failed
        screen.should_contain("缺纸")
        fake.fail_documents.clear()
        screen.selenium.find_element(By.XPATH, '//button[.//*[text()="重试"]]').click()
        screen.should_contain("3/3 张 · 已打印")
        printed = [d["contents"][0]["data"]["number"] for d in fake.printed]
        assert printed == [number_for("ZTO", i) for i in (1, 3, 2)]
        job = queue.list_jobs(db, actor=owner)[0][0]
        assert (job.status, job.confirmed) == ("printed", 3)
    finally:
        fake.close()


def open_kind_select(screen) -> bool:
    """The printer dialog grows in while it opens: a click then lands on the growing card (or on the
    select before it listens), so click the 类型 select until its menu shows the component option."""
    option = '//div[contains(@class,"q-menu")]//*[text()="平台打印组件（打包电脑）"]'
    if elements_now(screen, By.XPATH, option):
        return True
    try:
        screen.selenium.find_element(By.XPATH, '//*[contains(@class,"q-select")][.//*[text()="类型"]]').click()
    except ElementClickInterceptedException:
        return False
    screen.wait(0.3)  # the menu's opening transition
    return bool(elements_now(screen, By.XPATH, option))
