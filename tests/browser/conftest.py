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
