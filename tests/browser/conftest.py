import os

import pytest
from selenium import webdriver

os.environ.setdefault("SE_OFFLINE", "true")  # use Debian's chromedriver; never download one


@pytest.fixture(scope="session")
def nicegui_chrome_options(nicegui_chrome_options: webdriver.ChromeOptions) -> webdriver.ChromeOptions:
    # This machine has no internet: keep Chromium from trying to reach Google's services.
    for flag in (
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--window-size=1400,1000",
    ):
        nicegui_chrome_options.add_argument(flag)
    return nicegui_chrome_options


@pytest.fixture(autouse=True)
def patient_open(monkeypatch):
    """NiceGUI's `screen.open` gives the app 3 s to start serving; starting it (migrations, the
    embedded network) takes longer on a busy 2-core machine, more so with the suite on two workers."""
    from nicegui.testing import Screen

    original = Screen.open

    def open_patiently(self, path: str, timeout: float = 30.0) -> None:
        original(self, path, timeout)

    monkeypatch.setattr(Screen, "open", open_patiently)


# True once no dialog or menu around the element is still moving: Quasar grows a dialog in with a
# CSS transition, and a click whose press and release land on different spots of a moving button is
# no click at all (the browser sends it to their common ancestor). Endless animations (a spinner)
# never settle and are not waited for.
SETTLED = """
const box = arguments[0].closest('.q-dialog, .q-menu');
return !box || box.getAnimations({subtree: true}).every(
    a => a.playState !== 'running' || a.effect.getTiming().iterations === Infinity);
"""


@pytest.fixture(autouse=True)
def clicks_wait_for_a_settling_page(monkeypatch):
    """A click while a dialog or menu is still growing in is either taken by the element on top
    (ElementClickInterceptedException) or, when the button moves between press and release, lost
    without a word. A person waits the fraction of a second; so does every click in these tests:
    until the dialog around the element stands still (up to 2 s), and then, while another element
    takes the click, up to 5 s before it fails."""
    import time

    from selenium.common.exceptions import ElementClickInterceptedException
    from selenium.webdriver.remote.webelement import WebElement

    original = WebElement.click

    def click(self: WebElement) -> None:
        settle_by = time.monotonic() + 2
        while not self.parent.execute_script(SETTLED, self) and time.monotonic() < settle_by:
            time.sleep(0.03)
        deadline = time.monotonic() + 5
        while True:
            try:
                return original(self)
            except ElementClickInterceptedException:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    monkeypatch.setattr(WebElement, "click", click)
