"""Shared steps of the real-browser tests."""

import time

from nicegui.testing import Screen
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys


def elements_now(screen: Screen, by: str, selector: str) -> list:
    """The matching elements as the page is right now. Selenium's `find_elements` waits the whole
    implicit wait (4 s in NiceGUI's Screen) before it answers "none": checks that something is
    gone, or never appeared, use this so they cost nothing when the answer is "none"."""
    with screen.implicitly_wait(0):
        return screen.selenium.find_elements(by, selector)


# What "drawn" means to `drawn`: the page's size, its element count, and no loading spinner.
_SHAPE = """
const busy = [...document.querySelectorAll('.q-inner-loading, .q-spinner, .q-linear-progress--indeterminate')]
  .some(e => e.getBoundingClientRect().width > 0);
return [document.documentElement.scrollWidth, document.documentElement.scrollHeight,
        document.getElementsByTagName('*').length, busy];
"""


def drawn(screen: Screen, *, steady: float = 0.3, longest: float = 5.0) -> None:
    """Wait until the page has finished its first draw: the same size and element count for
    `steady` seconds and nothing spinning (tables fill, charts add their canvas). Instead of a fixed
    pause, which is too long on a quick machine and may be too short on a busy one."""
    start = time.monotonic()
    last, since = None, start
    while time.monotonic() - start < longest:
        shape = screen.selenium.execute_script(_SHAPE)
        now = time.monotonic()
        if shape != last or shape[3]:
            last, since = shape, now
        elif now - since >= steady:
            return
        time.sleep(0.05)
    raise AssertionError(f"the page kept changing for {longest} s: {last}")


def header_text(screen: Screen) -> str:
    return screen.selenium.find_element(By.TAG_NAME, "header").text


def sign_in(screen: Screen, username: str = "boss", password: str = "boss-pass-1") -> None:
    """Log in through the login page and wait for the frame (the seven sections)."""
    screen.open("/login")
    screen.should_contain("买单号 · 发货")
    inputs = screen.selenium.find_elements(By.CSS_SELECTOR, "input")
    inputs[0].send_keys(username)
    inputs[1].send_keys(password)
    inputs[1].send_keys(Keys.ENTER)
    screen.wait_for(lambda: "物流市场" in header_text(screen))


def open_with_owner(screen: Screen):
    """Start the app (by opening the login page) with the owner account `boss` in place; returns
    (database, owner) so the test can add its data before signing in."""
    from waybill_ui import runtime
    from waybill_ui.services.accounts import users

    from tests.fixtures.shop import ensure_sender

    screen.open("/login")
    db = runtime.get().db
    ensure_sender(db)  # past the first run (tests/browser/test_first_run.py walks through it)
    return db, users.create_user(db, username="boss", password="boss-pass-1", role="owner")


def sign_in_as_owner(screen: Screen) -> None:
    open_with_owner(screen)
    sign_in(screen)


def printed_pdf_token(screen: Screen) -> str:
    """The labels PDF the page sent to print: the hidden print frame's file (no new tab opens)."""
    frame = {}

    def found() -> bool:
        frame["src"] = screen.selenium.execute_script(
            "const f = document.getElementById('label-print-frame'); return f ? f.src : null;"
        )
        return bool(frame["src"])

    screen.wait_for(found)
    assert len(screen.selenium.window_handles) == 1  # printed from the page itself: nothing to block
    return frame["src"].rsplit("/", 1)[1].split(".pdf")[0]


def complete_first_run(screen: Screen) -> None:
    """The owner's walk-through that opens on the first visit: the sender, then the labels."""
    screen.should_contain("开店向导")
    fields = {
        "寄件人姓名": "李店长",
        "手机或座机": "13967112345",
        "城市": "杭州市",
        "区县": "余杭区",
        "详细地址": "文一西路998号海创园5号楼",
    }
    dialog = screen.selenium.find_element(By.CSS_SELECTOR, ".q-dialog")
    for label, value in fields.items():
        dialog.find_element(By.XPATH, f'.//label[.//*[normalize-space(text())="{label}"]]//input').send_keys(value)
    province = dialog.find_element(By.XPATH, './/label[.//*[normalize-space(text())="省份"]]//input')
    province.send_keys("浙江")
    screen.wait_for(
        lambda: screen.selenium.find_elements(By.XPATH, "//div[contains(@class,'q-menu')]//*[text()='浙江省']")
    )
    screen.selenium.find_element(By.XPATH, "//div[contains(@class,'q-menu')]//*[text()='浙江省']").click()
    screen.click("保存，下一步")
    screen.should_contain("面单与打印")
    screen.click("完成")
    screen.should_contain("设置好了，可以发货了")
    screen.wait_for(lambda: not elements_now(screen, By.CSS_SELECTOR, ".q-dialog"))


def upload_file(screen: Screen, path) -> None:
    """Hand a file to the page's drop zone (its hidden file input; Quasar may redraw it once)."""
    from selenium.common.exceptions import StaleElementReferenceException

    for _ in range(20):
        try:
            screen.selenium.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(path))
            return
        except StaleElementReferenceException:
            screen.wait(0.2)
    raise AssertionError("the file input kept being redrawn")


def click_xpath(screen: Screen, xpath: str, *, attempts: int = 50, by: str = By.XPATH) -> None:
    """Click an element that a live page may redraw at any moment (a table reloads when a change
    notice arrives, e.g. right after an import): find it again when the found one went stale.
    `by=By.CSS_SELECTOR` for a CSS selector instead of an XPath. (A click that a dialog still
    growing in takes is tried again by every click: tests/browser/conftest.py.)"""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException

    for _ in range(attempts):
        try:
            screen.selenium.find_element(by, xpath).click()
            return
        except (StaleElementReferenceException, NoSuchElementException):
            screen.wait(0.2)
    raise AssertionError(f"nothing clickable at {xpath}")


def click_text(screen: Screen, text: str, *, attempts: int = 50) -> None:
    """screen.click(text), tried again when the element was redrawn meanwhile (a dialog's buttons
    move into place once its content is ready)."""
    from selenium.common.exceptions import StaleElementReferenceException

    for _ in range(attempts):
        try:
            screen.click(text)
            return
        except StaleElementReferenceException:
            screen.wait(0.2)
    screen.click(text)
