"""A page served by one app process refreshes when another process ships the order: two real
app processes on one PostgreSQL database, process A's 订单发货 page open in headless Chromium,
the order shipped through process B's JSON API. The news travels B's event bus → pg_notify →
A's bus (waybill_ui/bus_bridge.py) → the page (waybill_ui/ui/live.py).

Needs a PostgreSQL server in WAYBILL_TEST_DATABASE_URL; .ci/run runs it in its PostgreSQL pass."""

from __future__ import annotations

import os
import shutil
import time

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests import pg_support
from tests.fixtures.taobao_export import export

from .conftest import OWNER_PASSWORD, make_live_app
from .test_several_processes import NamedApp

pytestmark = [pytest.mark.postgres_only, pytest.mark.browser, pytest.mark.slow]
os.environ.setdefault("SE_OFFLINE", "true")  # Debian's chromedriver; never download one


@pytest.fixture
def chromium():
    options = webdriver.ChromeOptions()
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--window-size=1400,1000",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=shutil.which("chromedriver")), options=options)
    driver.implicitly_wait(0)
    yield driver
    driver.quit()


@pytest.fixture
def two_apps(tmp_path):
    url = pg_support.fresh_database()
    data = tmp_path / "data"
    first = make_live_app(data, WAYBILL_DATABASE_URL=url, WAYBILL_HTTP_RETRIES="1")
    (data / "orders.csv").write_bytes(export(40, seed=7))
    assert first.cli("import-orders", str(data / "orders.csv")).returncode == 0
    a = NamedApp(data_dir=data, env=dict(first.env), name="a")
    b = NamedApp(data_dir=data, env=dict(first.env), name="b")
    for app in (a, b):
        app.env["WAYBILL_PORT"] = str(app.port)
    try:
        a.start()
        b.start()
        a.token, b.token = a.login_token(), b.login_token()
        yield a, b
    finally:
        a.stop()
        b.stop()
        pg_support.drop_database(url)


def wait_for(condition, timeout: float = 20.0, what: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = condition()
        except Exception:  # the page is redrawing its table: look again
            value = None
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def row_text(driver, order_no: str) -> str:
    rows = driver.find_elements(By.XPATH, f"//tbody/tr[.//td[contains(., '{order_no}')]]")
    return rows[0].text if rows else ""


def test_a_page_of_process_a_shows_the_order_process_b_shipped(two_apps, chromium):
    a, b = two_apps
    with b.client() as client:
        assert (
            client.post(
                "/api/v1/waybills/import", json={"carrier": "ZTO", "start": "75200000000000", "count": 50}
            ).status_code
            == 200
        )
        pending = client.get("/api/v1/orders", params={"status": "pending", "size": 100}).json()["items"]
    order_no = next(o["order_no"] for o in pending if o["province"] and o["address"])

    driver = chromium
    driver.get(f"{a.url}/login")
    inputs = wait_for(
        lambda: (found := driver.find_elements(By.CSS_SELECTOR, "input")) and len(found) >= 2 and found,
        what="the login form",
    )
    inputs[0].send_keys("owner")
    inputs[1].send_keys(OWNER_PASSWORD)
    inputs[1].send_keys(Keys.ENTER)
    wait_for(lambda: "/login" not in driver.current_url, what="the login")
    driver.get(f"{a.url}/orders?q={order_no}")
    wait_for(lambda: "待发货" in row_text(driver, order_no), what="the order waiting on process A's page")
    driver.execute_script("window.__same_page = true")  # gone if the page were loaded again

    with b.client() as client:
        shipped = client.post("/api/v1/shipments", json={"order_no": order_no, "carrier": "ZTO"})
    assert shipped.status_code == 201, shipped.text
    number = shipped.json()["number"]

    text = wait_for(
        lambda: (t := row_text(driver, order_no)) and number in t and t,
        timeout=30,
        what="process A's page to show the shipment made by process B",
    )
    assert "已发货" in text and "待发货" not in text
    assert driver.execute_script("return window.__same_page === true"), "the page was reloaded, not refreshed"
