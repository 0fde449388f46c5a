import os

import pytest
from selenium import webdriver

os.environ.setdefault("SE_OFFLINE", "true")  # use Debian's chromedriver; never download one


@pytest.fixture(scope="session")
def nicegui_chrome_options(nicegui_chrome_options: webdriver.ChromeOptions) -> webdriver.ChromeOptions:
    # This machine has no internet: keep Chromium from trying to reach Google's services.
    for flag in ("--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic", "--window-size=1400,1000"):
        nicegui_chrome_options.add_argument(flag)
    return nicegui_chrome_options
