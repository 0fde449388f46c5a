"""Issue 13 items 1, 3, 4 and 5 in real headless Chromium, with two browser sessions: the
`screen` fixture's browser (the seller) and a second plain Chromium (another person on the LAN).
Where the attacker is not a browser (a raw socket.io client, a page on another port), it is
played by a real client too; the attacker is given the worst-case knowledge (the victim page's
client id and element ids, read from the server) so the test shows the defence, not obscurity."""

from __future__ import annotations

import http.server
import json
import shutil
import subprocess
import sys
import threading
import time
import uuid

import httpx
import pytest
import socketio
from nicegui import Client
from nicegui.testing import Screen
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.helpers import open_with_owner, sign_in
from waybill_ui import runtime
from waybill_ui.services.market import ledger
from waybill_ui.services.accounts import sessions
from waybill_ui.services.accounts import users

pytestmark = [pytest.mark.browser]  # in a browser lane: see tests/conftest.py
WS_PATH = "/_nicegui_ws/socket.io"


@pytest.fixture(scope="module")
def _second_chromium(nicegui_chrome_options: webdriver.ChromeOptions):
    driver = webdriver.Chrome(
        service=Service(executable_path=shutil.which("chromedriver")), options=nicegui_chrome_options
    )
    driver.implicitly_wait(2)
    driver.set_page_load_timeout(10)
    yield driver
    driver.quit()


@pytest.fixture
def second_browser(_second_chromium):
    """One Chromium for the module (a start costs 0.7 s of CPU), as a new person each test: one
    blank window, no cookies, nothing stored for any site."""
    driver = _second_chromium
    while len(driver.window_handles) > 1:
        driver.switch_to.window(driver.window_handles[-1])
        driver.close()
    driver.switch_to.window(driver.window_handles[0])
    driver.get("about:blank")
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    for host in ("localhost", "127.0.0.1"):
        driver.execute_cdp_cmd(
            "Storage.clearDataForOrigin", {"origin": f"http://{host}:{Screen.PORT}", "storageTypes": "all"}
        )
    return driver


def wait(driver, condition, timeout: float = 10.0):
    return WebDriverWait(
        driver, timeout, ignored_exceptions=(StaleElementReferenceException, NoSuchElementException)
    ).until(lambda d: condition(d))


def browser_sign_in(driver, base: str, username: str, password: str) -> None:
    driver.get(base + "/login")
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "input")) >= 2)
    inputs = driver.find_elements(By.CSS_SELECTOR, "input")
    inputs[0].send_keys(username)
    inputs[1].send_keys(password)
    inputs[1].send_keys(Keys.ENTER)
    wait(driver, lambda d: "物流市场" in d.find_element(By.TAG_NAME, "body").text)


def page_client(driver) -> Client:
    """The server side of the page this browser shows (NiceGUI client)."""
    client_id = driver.execute_script("return window.clientId")
    return Client.instances[client_id]


def marked(client: Client, marker: str):
    return next(e for e in client.elements.values() if marker in e._markers)


def cookie_header(driver) -> str:
    return "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())


def type_top_up(screen: Screen, yuan: str, reference: str) -> None:
    amount = screen.selenium.find_element(By.XPATH, "//input[@aria-label='金额（元）']")
    amount.clear()
    amount.send_keys(yuan)
    ref = screen.selenium.find_element(By.XPATH, "//input[@aria-label='凭证号 / 备注']")
    ref.clear()
    ref.send_keys(reference)


def on_login_page(driver) -> bool:
    return driver.current_url.split("?")[0].endswith("/login")


# --- item 1 ---------------------------------------------------------------------------------


def test_open_page_stops_when_another_owner_resets_the_password(screen: Screen, second_browser):
    db, _ = open_with_owner(screen)
    users.create_user(db, username="boss2", password="boss2-pass-1", role="owner")
    sign_in(screen)
    screen.open("/market/balance")
    type_top_up(screen, "1", "before")
    screen.click("登记充值")
    screen.wait_for(lambda: ledger.balance(db) == 100)  # the page works while the session lives
    type_top_up(screen, "123.45", "after-reset")

    b = second_browser
    browser_sign_in(b, screen.url, "boss2", "boss2-pass-1")
    b.get(screen.url + "/settings?tab=users")
    wait(b, lambda d: d.find_elements(By.XPATH, "//button[normalize-space()='重置密码']"))
    b.find_elements(By.XPATH, "//button[normalize-space()='重置密码']")[0].click()  # rows by id: boss first
    wait(b, lambda d: d.find_elements(By.XPATH, "//input[@aria-label='新密码']"))
    b.find_element(By.XPATH, "//input[@aria-label='新密码']").send_keys("brand-new-pass-1")
    b.find_element(By.XPATH, "//button[normalize-space()='确认']").click()
    wait(b, lambda d: "已重置" in d.find_element(By.TAG_NAME, "body").text)

    # the seller's open tab is sent to the login page; a click that still arrives records nothing
    screen.wait_for(lambda: on_login_page(screen.selenium))
    assert ledger.balance(db) == 100
    assert users.authenticate(db, username="boss", password="brand-new-pass-1")


def test_open_page_stops_after_the_cli_resets_the_password_in_another_process(screen: Screen, data_dir):
    """The issue's reproduction: `reset-password` from the console (another process, so this
    process hears of it only through the database), then a top-up from the open tab."""
    db, _ = open_with_owner(screen)
    sign_in(screen)
    screen.open("/market/balance")
    type_top_up(screen, "123.45", "after-cli")
    result = subprocess.run(
        [sys.executable, "-m", "waybill_ui", "reset-password", "boss", "--password", "cli-new-pass-1"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    time.sleep(1.2)  # the per-event check re-reads a session at most once a second
    if not on_login_page(screen.selenium):  # the 5-second sweep may have dropped the page already
        try:
            screen.click("登记充值")
        except Exception:  # the page went away under the click: the defence, too
            pass
    screen.wait_for(lambda: on_login_page(screen.selenium))
    assert ledger.balance(db) == 0


# --- item 3 ---------------------------------------------------------------------------------


def _attack_events(client: Client) -> list[dict]:
    amount, submit = marked(client, "topup-amount"), marked(client, "topup-submit")
    value_listener = next(lid for lid, lsn in amount._event_listeners.items() if lsn.type == "update:modelValue")
    click_listener = next(iter(submit._event_listeners))
    return [
        {"id": amount.id, "client_id": client.id, "listener_id": value_listener, "args": [json.dumps(4242.42)]},
        {"id": submit.id, "client_id": client.id, "listener_id": click_listener, "args": []},
    ]


def test_websocket_must_belong_to_the_pages_session(screen: Screen, second_browser):
    db, _ = open_with_owner(screen)
    users.create_user(db, username="packer", password="packer-pass-1", role="staff")
    sign_in(screen)
    screen.open("/market/balance")
    screen.should_contain("登记充值")
    victim = page_client(screen.selenium)
    events = _attack_events(victim)
    reference = marked(victim, "topup-reference")
    reference.value = "ws-attack"

    def attempt(headers: dict[str, str], *, implicit: bool, origin: str | None = None) -> None:
        # a script sends no Origin unless it wants to; a page on another port sends its own
        options = {"origin": origin} if origin else {"suppress_origin": True}
        attacker = socketio.Client(reconnection=False, websocket_extra_options=options)
        query = (
            f"?client_id={victim.id}&tab_id={uuid.uuid4()}&document_id={uuid.uuid4()}"
            f"&implicit_handshake={'true' if implicit else 'false'}"
        )
        try:
            attacker.connect(
                screen.url + query, socketio_path=WS_PATH, headers=headers, transports=["websocket"], wait_timeout=5
            )
        except socketio.exceptions.ConnectionError:
            assert implicit, "a plain connect (no handshake) is accepted by socket.io itself"
            return
        try:
            if not implicit:
                accepted = attacker.call(
                    "handshake",
                    {"client_id": victim.id, "tab_id": str(uuid.uuid4()), "document_id": str(uuid.uuid4())},
                    timeout=5,
                )
                assert accepted is False
            for event in events:  # speak for the victim's page anyway
                attacker.emit("event", event)
            time.sleep(0.5)
        finally:
            attacker.disconnect()

    # no cookie at all, with the victim's client id
    attempt({}, implicit=True)
    attempt({}, implicit=False)
    # another person's real, logged-in Chromium session (staff) on the victim's page
    b = second_browser
    browser_sign_in(b, screen.url, "packer", "packer-pass-1")
    attempt({"Cookie": cookie_header(b)}, implicit=True)
    attempt({"Cookie": cookie_header(b)}, implicit=False)
    # even the victim's own cookie from a foreign origin (a page on another port) is refused
    attempt({"Cookie": cookie_header(screen.selenium)}, implicit=True, origin="http://localhost:1")
    assert ledger.balance(db) == 0

    # and the victim's page itself still works over its own socket
    type_top_up(screen, "1", "legit")
    screen.click("登记充值")
    screen.wait_for(lambda: ledger.balance(db) == 100)


# --- item 4 ---------------------------------------------------------------------------------


def test_login_gives_a_new_session_id_and_planted_cookies_stay_anonymous(screen: Screen, second_browser):
    db, _ = open_with_owner(screen)
    # the attacker's browser gets whatever cookies the app hands out before login ...
    b = second_browser
    b.get(screen.url + "/login")
    wait(b, lambda d: d.find_elements(By.CSS_SELECTOR, "input"))
    planted = {c["name"]: c["value"] for c in b.get_cookies()}
    planted[sessions.COOKIE] = "attacker-chosen-session-key"
    # ... and plants them in the seller's browser (e.g. from a page on another port of the host)
    screen.open("/login")
    screen.selenium.delete_all_cookies()
    for name, value in planted.items():
        screen.selenium.add_cookie({"name": name, "value": value, "path": "/"})
    sign_in(screen)
    after = {c["name"]: c["value"] for c in screen.selenium.get_cookies()}
    assert after[sessions.COOKIE] != planted[sessions.COOKIE]
    # the attacker's copy of the pre-login cookies is still nobody
    for path in ("/market/balance", "/"):
        b.get(screen.url + path)
        wait(b, lambda d: on_login_page(d))
    with httpx.Client(base_url=screen.url, cookies=planted) as attacker:
        assert attacker.get("/api/v1/balance").status_code == 401
    with httpx.Client(base_url=screen.url, cookies={sessions.COOKIE: after[sessions.COOKIE]}) as seller:
        assert seller.get("/api/v1/balance").status_code == 200
    # logout ends that key; the next login gets yet another one
    screen.click("boss")
    screen.click("退出登录")
    screen.wait_for(lambda: on_login_page(screen.selenium))
    with httpx.Client(base_url=screen.url, cookies={sessions.COOKIE: after[sessions.COOKIE]}) as old:
        assert old.get("/api/v1/balance").status_code == 401
    sign_in(screen)
    again = {c["name"]: c["value"] for c in screen.selenium.get_cookies()}[sessions.COOKIE]
    assert again not in (after[sessions.COOKIE], planted[sessions.COOKIE])


def test_privilege_change_ends_the_session_and_the_next_login_has_a_new_id(screen: Screen, second_browser):
    db, boss = open_with_owner(screen)
    packer = users.create_user(db, username="packer", password="packer-pass-1", role="staff")
    b = second_browser
    browser_sign_in(b, screen.url, "packer", "packer-pass-1")
    first = {c["name"]: c["value"] for c in b.get_cookies()}[sessions.COOKIE]
    b.get(screen.url + "/market/balance")
    wait(b, lambda d: "余额" in d.find_element(By.TAG_NAME, "body").text)
    users.update_user(db, user_id=packer.id, actor=boss, role="owner")  # promotion is a privilege change too
    wait(b, lambda d: on_login_page(d))
    browser_sign_in(b, screen.url, "packer", "packer-pass-1")
    second = {c["name"]: c["value"] for c in b.get_cookies()}[sessions.COOKIE]
    assert second != first and sessions.lookup(db, first) is None and sessions.lookup(db, second)


# --- item 5 ---------------------------------------------------------------------------------


class _EvilSite:
    """A page served from another port of the same host, as in the issue."""

    def __init__(self, html: str):
        body = html.encode()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://localhost:{self.server.server_address[1]}/"
        # every 20 ms: shutdown() waits for the next poll (0.5 s by default)
        threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True).start()

    def close(self):
        self.server.shutdown()


CSV = (
    "订单编号,收货人姓名,联系手机,收货地址 ,订单状态\\n"
    "777001,张三,13912345678,浙江省 杭州市 西湖区 文三路90号,买家已付款，等待卖家发货\\n"
)


def test_a_page_on_another_port_cannot_ride_on_the_cookie(screen: Screen, second_browser):
    screen.allowed_js_errors.append("status of 403 (Forbidden)")  # the evil page's requests, refused
    db, _ = open_with_owner(screen)
    sign_in(screen)
    screen.open("/orders")
    screen.click("导入订单")
    screen.should_contain("CSV / XLSX")
    victim = page_client(screen.selenium)
    uploader = marked(victim, "import-upload")
    summary = marked(victim, "import-summary")
    upload_url = screen.url + uploader._props["url"]
    evil = _EvilSite(f"""<!doctype html><html><body><p id="state">working</p><script>
      const form = new FormData();
      form.append("file", new Blob([`{CSV}`], {{type: "text/csv"}}), "orders.csv");
      Promise.all([
        fetch("{upload_url}", {{method: "POST", body: form, credentials: "include", mode: "no-cors"}}),
        fetch("{screen.url}/api/v1/balance/topups", {{method: "POST", credentials: "include", mode: "no-cors",
              headers: {{"Content-Type": "text/plain"}}, body: JSON.stringify({{amount_fen: 424242, reference: "x"}})}}),
      ]).finally(() => {{ document.getElementById("state").textContent = "done"; }});
    </script></body></html>""")
    try:
        # the seller, still logged in, opens the evil page in a second tab of the same browser
        main = screen.selenium.current_window_handle
        screen.selenium.switch_to.new_window("tab")
        screen.selenium.get(evil.url)
        wait(screen.selenium, lambda d: d.find_element(By.ID, "state").text == "done")
        screen.selenium.close()
        screen.selenium.switch_to.window(main)
        time.sleep(0.5)
        assert summary.text == ""  # the upload handler never ran
        assert ledger.balance(db) == 0
        # a second Chromium (another person's browser) without the cookie gets nothing either
        b = second_browser
        b.get(evil.url)
        wait(b, lambda d: d.find_element(By.ID, "state").text == "done")
        assert summary.text == "" and ledger.balance(db) == 0
    finally:
        evil.close()
    # the app's own page uploads the same file fine
    file_input = screen.selenium.find_element(By.CSS_SELECTOR, "input[type=file]")
    path = runtime.get().settings.data_dir / "orders.csv"
    path.write_text(CSV.replace("\\n", "\n"), encoding="utf-8")
    file_input.send_keys(str(path))
    screen.wait_for(lambda: summary.text != "")
