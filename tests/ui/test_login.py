"""Setup link, login, logout, lockout and roles — through the pages, as a person uses them."""

import asyncio

from nicegui.testing import User
from sqlmodel import select

from waybill_ui import clock, runtime
from waybill_ui.db.models import LoginThrottle
from waybill_ui.services.accounts import login_throttle
from waybill_ui.services.accounts import api_tokens, users
from tests.conftest import OWNER
from tests.helpers import login, login_staff

SECTIONS = ["工作台", "物流市场", "单号库存", "订单发货", "物流跟踪", "预警", "设置"]


async def test_pages_redirect_to_login_until_signed_in(user: User):
    await user.open("/pool")
    await user.should_see(marker="login-card")
    await user.should_see("还没有任何账号")


async def test_setup_needs_the_token_and_works_once(user: User):
    await user.open("/setup")
    await user.should_see(marker="setup-bad-token")
    await user.open("/setup?token=guess")
    await user.should_see(marker="setup-bad-token")
    token = runtime.get().setup_token
    assert token
    await user.open(f"/setup?token={token}")
    user.find(marker="setup-username").clear().type("boss")
    user.find(marker="setup-password").type("boss-pass-1")
    user.find(marker="setup-password2").type("boss-pass-1")
    user.find(marker="setup-submit").click()
    await user.should_see(marker="header", retries=100)
    for label in SECTIONS:
        await user.should_see(label)
    assert runtime.get().setup_token is None
    await user.open(f"/setup?token={token}")
    await user.should_see(marker="setup-done")
    assert [u.username for u in users.list_users(runtime.get().db)] == ["boss"]


async def test_setup_rejects_mismatched_passwords(user: User):
    await user.open(f"/setup?token={runtime.get().setup_token}")
    user.find(marker="setup-password").type("boss-pass-1")
    user.find(marker="setup-password2").type("boss-pass-2")
    user.find(marker="setup-submit").click()
    await user.should_see("两次输入的密码不一致", retries=100)
    assert users.count_users(runtime.get().db) == 0


async def test_login_logout(user: User):
    await login(user)
    await user.should_see("owner")
    user.find(marker="logout").click()
    await user.should_see(marker="login-card")
    await user.open("/")
    await user.should_see(marker="login-card")


async def test_wrong_passwords_make_this_browser_wait_and_the_owner_clears_it(user: User):
    db = runtime.get().db
    users.create_user(db, username="owner", password=OWNER[1], role="owner")
    users.create_user(db, username="packer", password="packer-pass-1", role="staff")
    # the clock stands still: the 5 s wait cannot run out while a busy machine works through the clicks
    with clock.frozen(clock.utcnow()):
        await user.open("/login")

        async def attempt(name: str, password: str, *, counted: int) -> None:
            """One try, and wait until the server has counted it: the error line from the try
            before is still on the page, so it cannot tell that this one was handled."""
            user.find(marker="login-username").clear().type(name)
            user.find(marker="login-password").clear().type(password)
            user.find(marker="login-submit").click()
            for _ in range(200):
                if failures(db, "packer") + failures(db, "nobody") == counted:
                    return
                await asyncio.sleep(0.02)
            raise AssertionError(f"the server never counted try {counted}")

        for counted, name in enumerate(("packer", "nobody", "packer"), start=1):  # unknown name: the same words
            await attempt(name, "wrong-pass", counted=counted)
            await user.should_see("用户名或密码不正确", retries=100)
        await attempt("packer", "wrong-pass", counted=4)  # packer's third: from now on a try must wait
        await user.should_see("用户名或密码不正确", retries=100)
        user.find(marker="login-password").clear().type("wrong-pass")
        user.find(marker="login-submit").click()
        await user.should_see("秒后再试", retries=100)
        user.find(marker="login-password").clear().type("packer-pass-1")  # right password, still waits
        user.find(marker="login-submit").click()
        await user.should_see("秒后再试", retries=100)
        assert failures(db, "packer") == 3  # a refused try is not counted as a wrong password
        # the owner is not locked out by it, and clears the wait in 设置
        await login(user)
        await user.open("/settings")
        await user.should_see(marker="login-wait-packer")
        user.find(marker="unlock-packer").click()
        await user.should_not_see(marker="login-wait-packer", retries=100)
        assert login_throttle.list_blocked(db) == []


def failures(db, username: str) -> int:
    """Wrong passwords counted for `username` (from any address)."""
    with db.read() as session:
        rows = session.exec(select(LoginThrottle).where(LoginThrottle.username == username)).all()
        return sum(r.failures for r in rows)


async def test_language_switch_is_per_user(user: User):
    await login(user)
    await user.should_see("物流市场")
    with user:  # the toggle's value is what a click sets
        switch = user.find(marker="language-switch").elements.pop()
        switch.value = "en"
    await user.should_see("Carrier market")
    await user.open("/")
    await user.should_see("Carrier market")


async def test_staff_does_not_manage_users(user: User):
    await login_staff(user)
    await user.open("/settings")
    await user.should_see(marker="staff-view")
    await user.should_not_see(marker="add-user")


async def test_owner_adds_staff_account(user: User):
    await login(user)
    await user.open("/settings")
    user.find(marker="new-username").type("packer1")
    user.find(marker="new-password").type("packer-pass-1")
    user.find(marker="add-user-submit").click()
    await user.should_see(marker="user-row-packer1", retries=100)
    [staff] = [u for u in users.list_users(runtime.get().db) if u.username == "packer1"]
    assert staff.role == "staff"


async def test_owner_creates_api_token_shown_once(user: User):
    await login(user)
    await user.open("/settings")
    user.find("API 令牌").click()
    user.find(marker="token-name").type("scanner")
    user.find(marker="token-create").click()
    await user.should_see(marker="new-token", retries=50)
    with user:
        code = user.find(marker="new-token").elements.pop()
        token = code.content
    assert api_tokens.token_principal(runtime.get().db, token).username == "owner"
