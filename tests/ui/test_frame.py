import pytest
from nicegui import ui
from nicegui.testing import User

from tests.helpers import login


async def test_every_section_is_built(user: User):
    await login(user)
    for path in ("/", "/market", "/pool", "/orders", "/tracking", "/alerts", "/settings"):
        await user.open(path)
        await user.should_see(marker="header")


async def test_page_error_shows_a_friendly_message_and_is_logged(user: User, caplog: pytest.LogCaptureFixture):
    @ui.page("/boom")
    def boom() -> None:
        raise ValueError("secret internals")

    await login(user)
    response = await user.http_client.get("/boom")
    assert response.status_code == 500
    assert "页面出错了" in response.text and "返回工作台" in response.text
    assert "secret internals" not in response.text and "Traceback" not in response.text
    assert any("page error" in r.getMessage() for r in caplog.records)
    caplog.clear()  # the error was expected; the fixture fails on unexpected ERROR logs
